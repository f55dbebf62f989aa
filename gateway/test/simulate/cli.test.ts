import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main';
import { captureIO, tempDir } from '../helpers/tmp';
import { angers } from './base';

let tmp: ReturnType<typeof tempDir>;
afterEach(() => tmp?.cleanup());

describe('ardoise simulate', () => {
  it('writes the JSON report with --out', async () => {
    tmp = tempDir();
    const config = tmp.file('site.yaml', stringify(angers()));
    const out = `${tmp.dir}/report.json`;
    const io = captureIO();
    const code = await main(['simulate', '--config', config, '--from', '2026-12-21T15:00:00Z', '--to', '2026-12-21T18:00:00Z', '--out', out], io);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(report)).toEqual(['from', 'to', 'elapsedMs', 'lighting', 'irrigation', 'alarms', 'commands', 'modes', 'readings', 'radio']);
    expect(report.lighting.district.timeline.some((e: { level: number }) => e.level === 100)).toBe(true);
    expect(io.stdout[0]).toMatch(/report\.json: \d+ readings, \d+ commands, 0 alarms/);
  });

  it('a bad config exits 2 naming the key path and what is allowed', async () => {
    tmp = tempDir();
    const bad = angers();
    (bad.rules.lighting.groups as Record<string, unknown>).district = { profile: 'nope' };
    const config = tmp.file('bad.yaml', stringify(bad));
    const io = captureIO();
    expect(await main(['simulate', '--config', config, '--from', '2026-12-21T15:00:00Z', '--to', '2026-12-21T16:00:00Z'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/rules\.lighting\.groups\.district\.profile: unknown profile; defined: district, residential/);
  });

  it('bad arguments exit 1', async () => {
    const io = captureIO();
    expect(await main(['simulate', '--config', 'x.yaml', '--from', 'yesterday', '--to', '2026-12-21T16:00:00Z'], io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/--from "yesterday" is not an ISO 8601 date-time/);
  });
});
