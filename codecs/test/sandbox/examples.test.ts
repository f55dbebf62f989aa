/**
 * Every vendor-style fixture's TTN device-repository YAML examples, run through the sandbox:
 * the output must be exactly what the YAML says (as on The Things Network's engine).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { codecResolver, runExampleFile } from '../../src/examples';
import { loadVendorCodec, type VendorCodec } from '../../src/sandbox';
import { FIXTURES, loadFixture } from './fixtures';

interface Example { description?: string; input: Record<string, unknown>; output: unknown; normalizedOutput?: { data: unknown } }
type Section = { fileName: string; examples: Example[] };

const yamls = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml'));
const open: VendorCodec[] = [];
afterAll(async () => { await Promise.all(open.map((c) => c.close())); });

async function codecFor(fileName: string): Promise<VendorCodec> {
  const codec = await loadFixture(fileName);
  open.push(codec);
  return codec;
}

describe.each(yamls)('%s', (yamlName) => {
  const doc = parse(readFileSync(FIXTURES + yamlName, 'utf8')) as Record<string, Section | undefined>;

  it('has examples for the uplink decoder', () => {
    expect(doc.uplinkDecoder?.examples.length).toBeGreaterThan(0);
  });

  it('gives each example its documented output', async () => {
    for (const [section, op] of [['uplinkDecoder', 'decodeUplink'], ['downlinkEncoder', 'encodeDownlink'], ['downlinkDecoder', 'decodeDownlink']] as const) {
      const s = doc[section];
      if (!s) continue;
      const codec = await codecFor(s.fileName);
      for (const ex of s.examples) {
        const out = await (codec[op] as (i: unknown) => Promise<unknown>)(ex.input);
        expect(out, `${yamlName} ${section}: ${ex.description}`).toEqual(ex.output);
        if (ex.normalizedOutput) {
          const normalized = await codec.normalizeUplink({ data: (out as { data: Record<string, unknown> }).data });
          const data = Array.isArray(normalized.data) ? normalized.data : [normalized.data];
          expect(data, `${yamlName} normalized: ${ex.description}`).toEqual(ex.normalizedOutput.data);
        }
      }
    }
  });
});

describe('the example runner of `ardoise codec test` (codecs/src/examples), with the sandbox as its vendor loader', () => {
  it.each(yamls)('passes every example of %s', async (yamlName) => {
    const outcomes = await runExampleFile(FIXTURES + yamlName, { resolveCodec: codecResolver({ loadVendorCodec }) });
    expect(outcomes.filter((o) => !o.passed)).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(0);
  });
});
