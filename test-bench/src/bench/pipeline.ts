/**
 * `ardoise bench pipeline`: what the agent's pipeline costs on top of the durable group commit.
 *  - baseline: GroupCommitter.submit of decoded readings (store + group commit only);
 *  - ingestDecoded: the same readings through the pipeline (validation, clock-trust stamping,
 *    metrics, publish to a bus subscriber after commit);
 *  - ingestFrame: raw streetlight payload bytes, decoded by the first-party codec, then as above;
 *    its baseline submits the same 14 decoded measurements straight to the GroupCommitter.
 * Each run uses a fresh database; readings are submitted in windows of 1,000 in flight.
 */
import { join } from 'node:path';
import { getCodec } from '@ardoise/codecs';
import { RealClock } from '@ardoise/device-sdk';
import { type Core, type ReadingInput, openCore, silentLogger, validateConfig } from '@ardoise/gateway';
import type { BenchOptions, BenchReport } from './types';

const WINDOW = 1000;

function core(workDir: string, name: string): Core {
  const result = validateConfig({
    site: { id: 'bench', latitude: 47.4784, longitude: -0.5632 },
    storage: { path: join(workDir, `${name}.db`), max_size: '2GB' },
    devices: Array.from({ length: 100 }, (_, i) => ({ id: `lamp-${i}`, type: 'lamp', codec: 'ardoise-streetlight' })),
  }, { baseDir: workDir, env: {} });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return openCore({ config: result.config, clock: new RealClock(), log: silentLogger() });
}

async function rate(n: number, submit: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i += WINDOW) {
    const batch: Promise<unknown>[] = [];
    for (let j = i; j < Math.min(n, i + WINDOW); j++) batch.push(submit(j));
    await Promise.all(batch);
  }
  return n / ((performance.now() - started) / 1000);
}

export async function pipelineSuite(o: BenchOptions): Promise<BenchReport> {
  const n = o.quick ? 20_000 : 200_000;
  const now = Date.now();
  const reading = (i: number): ReadingInput => ({
    deviceId: `lamp-${i % 100}`, observedAt: now + i, receivedAt: now + i, source: 'bench:2',
    measurements: { dim_level: i % 101, active_power: 40.5, voltage: 230.1, current: 0.18 },
  });
  const codec = getCodec('ardoise-streetlight')!;
  const frame = codec.encodeUplink({
    frame: 'status', dim_level_target: 50, dim_level: 50, control_reason: 'program', active_power: 25.3, active_energy: 12345, voltage: 229.8,
    current: 0.115, power_factor: 0.95, operating_hours: 4000, switch_count: 2000, lamp_failure: false, driver_failure: false, relay_failure: false, day_burner: false, cycling: false,
  });
  if (!frame.bytes) throw new Error(`bench pipeline: cannot encode the sample frame: ${frame.errors?.join('; ')}`);
  const bytes = Uint8Array.from(frame.bytes);
  const frameMeasurements = Object.fromEntries(codec.measurements!(codec.decodeUplink({ bytes, fPort: frame.fPort! }), frame.fPort!).map((m) => [m.quantity, m.value]));

  const measure = async (name: string, run: (c: Core) => (i: number) => Promise<unknown>) => {
    const c = core(o.workDir, name);
    try {
      const r = await rate(n, run(c));
      o.log(`${name}: ${Math.round(r)}/s`);
      return r;
    } finally {
      await c.close();
    }
  };
  const base = await measure('committer', (c) => (i) => c.committer.submit(reading(i)));
  const decoded = await measure('decoded', (c) => {
    c.bus.on('reading', () => undefined);
    return (i) => c.pipeline.ingestDecoded({ deviceId: `lamp-${i % 100}`, measurements: reading(i).measurements, source: 'bench' });
  });
  const codecStart = performance.now();
  for (let i = 0; i < n; i++) codec.measurements!(codec.decodeUplink({ bytes, fPort: frame.fPort! }), frame.fPort!);
  const codecRate = n / ((performance.now() - codecStart) / 1000);
  const frameBase = await measure('committer-frame', (c) => (i) => c.committer.submit({ ...reading(i), measurements: frameMeasurements }));
  const frames = await measure('frames', (c) => (i) => c.pipeline.ingestFrame({ deviceId: `lamp-${i % 100}`, bytes, fPort: frame.fPort!, source: 'bench' }));
  const baseline = `GroupCommitter.submit (${Math.round(base)}/s)`;
  return {
    suite: 'pipeline',
    figures: [
      { name: 'readings/s GroupCommitter.submit (baseline)', value: Math.round(base), unit: '/s' },
      { name: 'readings/s pipeline.ingestDecoded (commit + notify)', value: Math.round(decoded), unit: '/s', ratio: decoded / base, baseline, target: 'ratio >= 0.7', ok: decoded / base >= 0.7 },
      { name: `readings/s GroupCommitter.submit, ${Object.keys(frameMeasurements).length} measurements (frame baseline)`, value: Math.round(frameBase), unit: '/s' },
      { name: 'frames/s codec decodeUplink + measurements alone (in-process)', value: Math.round(codecRate), unit: '/s' },
      { name: 'frames/s pipeline.ingestFrame (decode + commit + notify)', value: Math.round(frames), unit: '/s', ratio: frames / frameBase, baseline: `GroupCommitter.submit of the decoded frame (${Math.round(frameBase)}/s)`, target: '>= 20000 (LoRaWAN path needs 10000)', ok: frames >= 20_000 },
    ],
    notes: [`${n.toLocaleString('en-US')} readings per run, ${WINDOW} in flight, fresh database each run, synchronous NORMAL`],
  };
}
