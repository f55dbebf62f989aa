/**
 * Run the reference receiver against a broker and print a report every 10 s:
 *   node --import tsx test-bench/src/receiver/main.ts mqtt://127.0.0.1:1883 [group]
 * Username/password: MQTT_USERNAME / MQTT_PASSWORD environment variables (never arguments).
 */
import { ReferenceReceiver } from './receiver';

const [url, group = 'ardoise'] = process.argv.slice(2);
if (!url) {
  process.stderr.write('usage: main.ts MQTT_URL [GROUP]\n');
  process.exit(1);
}
const receiver = await ReferenceReceiver.start({
  url,
  group,
  mqtt: { username: process.env.MQTT_USERNAME, password: process.env.MQTT_PASSWORD },
  onRecords: (gatewayId, stream, records) => process.stdout.write(`${gatewayId}/${stream}: ${records.length} records up to seq ${records.at(-1)?.seq}\n`),
});
setInterval(() => process.stdout.write(`${JSON.stringify(receiver.report())}\n`), 10_000).unref();
process.on('SIGINT', () => void receiver.stop().then(() => process.exit(0)));
