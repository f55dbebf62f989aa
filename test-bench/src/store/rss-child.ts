/**
 * Child process of the store bench: stores COUNT readings (4 measurements, 200 devices) through
 * the GroupCommitter into DB_PATH, the producer keeping 1,000 submits in flight (a busy pipeline),
 * then prints {"rss":…, "heapUsed":…} (bytes) as one JSON line. The bench bundles this file with
 * esbuild and runs it with plain node, as the daemon runs (no tsx loader in memory).
 * Usage: node rss-child.cjs DB_PATH COUNT
 */
import { RealClock } from '@ardoise/device-sdk';
// The store module only (not the whole gateway index): the figure is the store's footprint,
// and the bundle does not depend on every other module compiling.
import { GroupCommitter, openStore } from '../../../gateway/src/store/index';
import { sampleReading } from './sample-readings';

const IN_FLIGHT = 1_000;

async function main(path: string, count: number): Promise<void> {
  const store = openStore({ path, maxBytes: 4 * 1024 ** 3, retentionDays: 3650, synchronous: 'NORMAL' });
  const committer = new GroupCommitter(store, new RealClock());
  for (let i = 0; i < count; i += IN_FLIGHT) {
    const pending = [];
    for (let k = i; k < Math.min(count, i + IN_FLIGHT); k++) pending.push(committer.submit(sampleReading(k)));
    await Promise.all(pending);
  }
  await committer.close();
  const stats = store.stats();
  const { rss, heapUsed } = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ rss, heapUsed, readings: stats.readings })}\n`);
  store.close();
}

const [path, countArg] = process.argv.slice(2);
if (!path || !countArg) throw new Error('usage: rss-child DB_PATH COUNT');
void main(path, Number(countArg));
