import { describe, expect, it } from 'vitest';
import { listCodecs } from '../src/index';
import { firstPartyExampleFiles, formatFailure, runExampleFile } from '../src/examples/index';

// The one generic test: every first-party codec's TTN-format example YAML must pass in full.
describe('first-party codec examples (TTN device-repository YAML)', () => {
  const files = firstPartyExampleFiles();

  it('has one example file per first-party codec, sorted by codec id', async () => {
    expect(files.map((f) => f.replace(/^.*\//, ''))).toEqual(listCodecs().map((c) => `${c.id}.yaml`).sort());
  });

  for (const file of files) {
    it(file.replace(/^.*\//, ''), async () => {
      const outcomes = await runExampleFile(file);
      expect(outcomes.filter((o) => !o.passed).map(formatFailure)).toEqual([]);
      expect(outcomes.length).toBeGreaterThanOrEqual(5);
      const sections = new Set(outcomes.map((o) => o.section));
      expect([...sections].sort()).toEqual(['downlinkDecoder', 'downlinkEncoder', 'uplinkDecoder']);
    });
  }
});
