import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CodecResolver, codecResolver, runExampleFile, summarize } from '../src/examples/index';
import { asAsyncCodec, compareOutput, getCodec, parseExampleFile } from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'ardoise-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const yaml = (fileName: string, output: string) =>
  `uplinkDecoder:\n  fileName: ${fileName}\n  examples:\n    - description: taken\n      type: uplink\n      input: {fPort: 1, bytes: [0x11, 0x01, 0x00, 0x00, 0x63]}\n      output: ${output}\n`;
const taken = '{data: {frame: occupancy, occupied: true, heartbeat: false, sensor_fault: false, since_min: 0, battery: 99}}';

describe('compareOutput (TTN rules)', () => {
  it('treats absent and empty errors/warnings alike, and compares data deeply', () => {
    expect(compareOutput({ data: { a: [1, { b: 2 }] } }, { data: { a: [1, { b: 2 }] }, errors: [], warnings: [] })).toEqual([]);
    expect(compareOutput({ data: { a: [1, { b: 3 }] }, warnings: ['w'] }, { data: { a: [1, { b: 2 }] } })).toEqual([
      'data.a[1].b: expected 2, got 3',
      'warnings: not expected, got ["w"]',
    ]);
    expect(compareOutput({ bytes: [1, 2], fPort: 2 }, { bytes: [1], fPort: 2 })).toEqual(['bytes: expected [1], got [1,2]']);
  });
});

describe('parseExampleFile', () => {
  it('names the file and the path of a malformed entry', () => {
    expect(() => parseExampleFile('uplinkDecoder: {fileName: x.js, examples: [{input: {fPort: 1}, output: {}}]}', 'f.yaml')).toThrow(
      'f.yaml: uplinkDecoder.examples[0].input: expected {bytes: [..], fPort}',
    );
    expect(() => parseExampleFile('downlinkEncoder: {fileName: x.js, examples: [{type: uplink, input: {data: {}}, output: {}}]}', 'f.yaml')).toThrow(
      'f.yaml: downlinkEncoder.examples[0].type: expected "downlink-encode" in downlinkEncoder, got "uplink"',
    );
    expect(() => parseExampleFile('a: [', 'f.yaml')).toThrow(/^f\.yaml: not valid YAML/);
  });
});

describe('runExampleFile', () => {
  it('resolves a first-party fileName to the registry and reports a wrong expectation', async () => {
    const file = join(dir, 'parking.yaml');
    writeFileSync(file, yaml('ardoise-parking.ts', taken));
    expect(summarize(await runExampleFile(file)).line).toBe('1 passed, 0 failed');
    writeFileSync(file, yaml('ardoise-parking.ts', taken.replace('battery: 99', 'battery: 98')));
    const [outcome] = await runExampleFile(file);
    expect(outcome).toMatchObject({ passed: false, section: 'uplinkDecoder', description: 'taken', problems: ['data.battery: expected 98, got 99'] });
  });

  it('hands a .js fileName to the injected vendor loader with its source and absolute path', async () => {
    const file = join(dir, 'vendor.yaml');
    writeFileSync(join(dir, 'parking-vendor.js'), '// vendor source\n');
    writeFileSync(file, yaml('parking-vendor.js', taken));
    const seen: string[] = [];
    const resolveCodec: CodecResolver = codecResolver({
      // Stand-in for the sandbox (tested on its own): serve the first-party codec for the vendor file.
      loadVendorCodec: async (source, { fileName }) => {
        seen.push(source, fileName);
        return asAsyncCodec(getCodec('ardoise-parking')!);
      },
    });
    expect(summarize(await runExampleFile(file, { resolveCodec })).line).toBe('1 passed, 0 failed');
    expect(seen).toEqual(['// vendor source\n', join(dir, 'parking-vendor.js')]);
  });

  it('without a loader, a .js fileName is one failed outcome saying the sandbox is not available', async () => {
    const file = join(dir, 'vendor.yaml');
    const outcomes = await runExampleFile(file);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]!.problems[0]).toContain('vendor codecs need the sandbox');
  });

  it('an unknown first-party id lists the known ones', async () => {
    const file = join(dir, 'unknown.yaml');
    writeFileSync(file, yaml('ardoise-teapot.ts', taken));
    const [outcome] = await runExampleFile(file);
    expect(outcome!.problems[0]).toContain('unknown codec "ardoise-teapot" (first-party codecs: ardoise-streetlight, ');
  });
});
