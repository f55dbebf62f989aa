import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstPartyExampleFiles } from '@ardoise/codecs/examples';
import { main } from '../src/cli/main';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['codec', ...argv], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n'), lastLine: out.at(-1) };
}

const dir = mkdtempSync(join(tmpdir(), 'ardoise-cli-codec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ardoise codec test', () => {
  it('runs every first-party YAML and ends with "N passed, 0 failed"', async () => {
    const files = firstPartyExampleFiles();
    const { code, lastLine } = await cli('test', ...files);
    expect(code).toBe(0);
    expect(lastLine).toMatch(/^\d+ passed, 0 failed$/);
    expect(Number(lastLine!.split(' ')[0])).toBeGreaterThanOrEqual(files.length * 5);
  });

  it('prints each failure with file, section, description and the difference, and exits 1', async () => {
    const original = firstPartyExampleFiles().find((f) => f.endsWith('ardoise-rain-gauge.yaml'))!;
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, readFileSync(original, 'utf8').replace('rainfall: 4.6', 'rainfall: 4.7').replaceAll('fileName: ', `fileName: ${join(original, '..')}/`));
    const { code, out, lastLine } = await cli('test', broken);
    expect(code).toBe(1);
    expect(out).toContain(`FAIL ${broken} › uplinkDecoder › 23 tips of 0.2 mm in an hour: 4.6 mm`);
    expect(out).toContain('data.rainfall: expected 4.7, got 4.6');
    expect(lastLine).toMatch(/^\d+ passed, 1 failed$/);
  });

  it('reports an unreadable YAML as a failure naming the problem', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'uplinkDecoder:\n  fileName: ardoise-parking.ts\n  examples: {}\n');
    const { code, out, lastLine } = await cli('test', bad, join(dir, 'missing.yaml'));
    expect(code).toBe(1);
    expect(out).toContain('uplinkDecoder.examples: expected a list');
    expect(out).toContain('missing.yaml');
    expect(lastLine).toBe('0 passed, 2 failed');
  });

  it('runs a YAML whose fileName is a vendor .js codec through the sandbox', async () => {
    writeFileSync(join(dir, 'vendor.js'), 'function decodeUplink(input) { return { data: { t: input.bytes[0] - 40 } }; }\n');
    writeFileSync(
      join(dir, 'vendor.yaml'),
      'uplinkDecoder:\n  fileName: vendor.js\n  examples:\n    - description: temp\n      input: {fPort: 1, bytes: [62]}\n      output: {data: {t: 22}}\n',
    );
    const { code, lastLine } = await cli('test', join(dir, 'vendor.yaml'));
    expect([code, lastLine]).toEqual([0, '1 passed, 0 failed']);
  });
});

describe('ardoise codec decode / encode', () => {
  it('decodes a hex uplink with a first-party codec and prints data and measurements', async () => {
    const { code, out } = await cli('decode', '--codec', 'ardoise-soil-probe', '--fport', '1', '--hex', '11 00EA 015E 007D 51');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.data).toEqual({ frame: 'reading', soil_moisture_vwc: 23.4, soil_tension: 35, soil_temperature: 12.5, battery: 81 });
    expect(json.measurements).toContainEqual({ quantity: 'soil_tension', value: 35, unit: 'kPa' });
  });

  it('decodes with a vendor .js codec file, run in the sandbox', async () => {
    const file = join(dir, 'thermo.js');
    writeFileSync(file, 'function Decoder(bytes, port) { return { celsius: ((bytes[0] << 8) | bytes[1]) / 100, port: port }; }\n');
    const { code, out } = await cli('decode', '--codec', file, '--fport', '3', '--hex', '0929');
    expect(code).toBe(0);
    expect(JSON.parse(out).data).toEqual({ celsius: 23.45, port: 3 });
  });

  it('decodes a downlink with --downlink', async () => {
    const { code, out } = await cli('decode', '--codec', 'ardoise-valve.ts', '--fport', '2', '--hex', '0x12', '--downlink');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ data: { command: 'close' } });
  });

  it('exits 1 and prints the errors when the payload is bad', async () => {
    const { code, out } = await cli('decode', '--codec', 'ardoise-parking', '--fport', '1', '--hex', '11');
    expect(code).toBe(1);
    expect(JSON.parse(out).errors[0]).toContain('field "state" at offset 1');
  });

  it('encodes a downlink from --json', async () => {
    const { code, out } = await cli('encode', '--codec', 'ardoise-valve', '--json', '{"command":"open","duration_min":45,"max_volume":900}');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ bytes: [0x11, 0x00, 0x2d, 0x00, 0x00, 0x03, 0x84], fPort: 2, hex: '11002d00000384' });
  });

  it('refuses bad arguments with exit 1 and a message naming the option', async () => {
    expect((await cli('decode', '--codec', 'ardoise-parking', '--fport', '1', '--hex', '1g')).err).toContain('--hex: "g" is not a hex digit');
    expect((await cli('decode', '--codec', 'ardoise-parking', '--fport', '0', '--hex', '11')).err).toContain('--fport must be an integer 1..255');
    expect((await cli('encode', '--codec', 'ardoise-valve', '--json', '[1]')).err).toContain('--json must be a JSON object');
    const unknown = await cli('encode', '--codec', 'nope', '--json', '{}');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('unknown codec "nope" (first-party codecs: ardoise-streetlight');
    expect((await cli('decode', '--fport', '1', '--hex', '11')).err).toContain('--codec is required');
    expect((await cli('frobnicate')).code).toBe(1);
  });

  it('has --help on each subcommand', async () => {
    for (const sub of ['test', 'decode', 'encode', 'build', 'list']) {
      const { code, out } = await cli(sub, '--help');
      expect(code).toBe(0);
      expect(out).toContain(`Usage: ardoise codec ${sub}`);
    }
  });
});

describe('ardoise codec list', () => {
  it('lists every first-party codec with its frames and commands', async () => {
    const { code, out } = await cli('list');
    expect(code).toBe(0);
    expect(out).toContain('ardoise-valve  Ardoise valve controller\n    uplinks: status\n    commands: open, close');
    expect(out.match(/^ardoise-/gm)).toHaveLength(9);
  });
});

describe('ardoise codec build', () => {
  it('writes standalone TTN scripts whose YAML examples then pass through the sandbox', async () => {
    const out = join(dir, 'ttn');
    const built = await cli('build', '--target', 'ttn', '--out', out);
    expect(built.code).toBe(0);
    expect(JSON.parse(built.out).files).toContain(join(out, 'ardoise-streetlight.js'));
    const tested = await cli('test', ...firstPartyExampleFiles().map((f) => join(out, f.replace(/^.*\//, ''))));
    expect([tested.code, tested.lastLine]).toEqual([0, expect.stringMatching(/^\d+ passed, 0 failed$/)]);
  });

  it('writes ChirpStack v4 scripts whose YAML examples then pass through the sandbox', async () => {
    const out = join(dir, 'chirpstack');
    const built = await cli('build', '--target', 'chirpstack', '--out', out);
    expect(built.code).toBe(0);
    const tested = await cli('test', ...firstPartyExampleFiles().map((f) => join(out, f.replace(/^.*\//, ''))));
    expect(tested.out).not.toContain('FAIL');
    expect([tested.code, tested.lastLine]).toEqual([0, expect.stringMatching(/^\d+ passed, 0 failed$/)]);
  });

  it('validates the target', async () => {
    expect((await cli('build', '--target', 'lns', '--out', dir)).err).toContain('--target must be ttn or chirpstack');
  });
});
