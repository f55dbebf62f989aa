/**
 * Child process for the sync bench: a reference receiver that prints "ready" once subscribed and
 * "done" when GATEWAY/STREAM has been received up to SEQ with no gap, then exits.
 *   node --import tsx until-main.ts URL GATEWAY STREAM SEQ
 */
import { ReferenceReceiver } from './receiver';

const [url, gateway, stream, seq] = process.argv.slice(2);
const receiver = await ReferenceReceiver.start({ url: url!, clientId: `bench-rx-${process.pid}`, resync: false });
process.stdout.write('ready\n');
const report = await receiver.until((r) => (r.streams[`${gateway}/${stream}`]?.watermark ?? 0) >= Number(seq));
process.stdout.write(`done ${JSON.stringify(report.streams[`${gateway}/${stream}`])}\n`);
await receiver.stop();
process.exit(0);
