/**
 * `ardoise bench sync --quick` runs against a real Mosquitto it starts itself and reports the
 * figures issue 6 asks for (shape only, no timing threshold: see bench-quick.ts); afterwards no
 * Mosquitto or receiver process and no socket of the run is left.
 */
import { describe, expect, it } from 'vitest';
import { expectFigures, runQuick } from './bench-quick';

describe('bench sync --quick', () => {
  it('reports backlog drain, wire bytes envelope vs JSON and pull API rate, then cleans up', async () => {
    const { report, leftovers, openHandles } = await runQuick('sync');
    expectFigures(report, 'sync', [
      { name: /^backlog drain \(\d+ readings, /, unit: 'readings/s', target: '>= 20000', ratio: true },
      { name: /^wire bytes per reading \(envelope \+ MQTT\)$/, unit: 'B', ratio: true },
      { name: /^pull API readings\/s \(limit \d+\)$/, unit: 'readings/s', ratio: true },
    ]);
    expect(report.figures.find((f) => f.name.startsWith('wire bytes'))!.baseline).toMatch(/^JSON [\d.]+ B\/reading$/);
    expect(leftovers).toEqual([]);
    expect(openHandles).toEqual([]);
  });
});
