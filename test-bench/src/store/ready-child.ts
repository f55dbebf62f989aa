/**
 * Child process of the store bench: a cold process opens an existing store (header check,
 * migrations check, counters) and reads its first stats, then prints
 * {"readyMs": ms since the process started, "openMs": open + stats only, "readings": n}.
 * Bundled with esbuild and run with plain node, like the daemon. Usage: node ready-child.cjs DB_PATH
 */
import { openStore } from '../../../gateway/src/store/index';

const [path] = process.argv.slice(2);
if (!path) throw new Error('usage: ready-child DB_PATH');
const start = performance.now();
const store = openStore({ path, maxBytes: 64 * 1024 ** 3, retentionDays: 3650, synchronous: 'NORMAL' });
const stats = store.stats();
const readyMs = performance.now();
process.stdout.write(`${JSON.stringify({ readyMs, openMs: readyMs - start, readings: stats.readings })}\n`);
store.close();
