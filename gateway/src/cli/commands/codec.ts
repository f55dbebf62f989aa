import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type AsyncCodec, listCodecs } from '@ardoise/codecs';
import {
  type VendorCodecLoader,
  codecResolver,
  formatFailure,
  loadCodec,
  runExampleFiles,
  summarize,
} from '@ardoise/codecs/examples';
import { type CliCommand, type CliIO, ExitCode, UsageError } from '../io';

const HELP = `Usage: ardoise codec <subcommand> [options]

Subcommands:
  test FILE.yaml…                                  run codec examples (TTN device-repository YAML)
  decode --codec ID|FILE --fport N --hex HEX       decode an uplink (or --downlink) and print JSON
  encode --codec ID|FILE --json JSON               encode a downlink and print JSON
  build --target ttn|chirpstack --out DIR          write each first-party codec as a standalone script
  list                                             the first-party codecs, their frames and commands

ID is a first-party codec id (e.g. ardoise-streetlight); FILE is a vendor codec .js file,
run in the sandbox. Run \`ardoise codec <subcommand> --help\` for details.`;

const TEST_HELP = `Usage: ardoise codec test FILE.yaml…

Runs every example of each YAML file (The Things Network device-repository format:
uplinkDecoder / downlinkEncoder / downlinkDecoder, each {fileName, examples}; fileName relative to
the YAML: a first-party codec as <id>.ts, or a vendor .js file run in the sandbox). Prints each
failure with its file, section, description and differences, then "N passed, N failed".
Exit 1 if any example failed.`;

const DECODE_HELP = `Usage: ardoise codec decode --codec ID|FILE --fport N --hex HEX [--downlink]

Decodes one payload and prints the TS013 result as JSON ({data, errors?, warnings?}, plus the
normalized "measurements" of a first-party uplink). HEX may contain spaces, colons or a 0x prefix.
  --downlink   decode a downlink (decodeDownlink) instead of an uplink
Exit 1 if the codec reports errors.`;

const ENCODE_HELP = `Usage: ardoise codec encode --codec ID|FILE --json JSON

Encodes a downlink. JSON is the TS013 "data" object, e.g. '{"command":"set_level","level":50}'.
Prints {bytes, fPort, hex, errors?, warnings?} as JSON. Exit 1 if the codec reports errors.`;

const BUILD_HELP = `Usage: ardoise codec build --target ttn|chirpstack --out DIR

Writes each first-party codec as one standalone script: ES5 for The Things Network,
a script with global functions (ES2020) for ChirpStack v4.`;

/** Longest --hex accepted (a LoRaWAN payload is at most 242 bytes; leave room for separators). */
const MAX_HEX_CHARS = 2048;
const MAX_JSON_CHARS = 64 * 1024;

// Loaded by name at run time: the sandbox (worker threads) and the exporter are optional parts.
const SANDBOX_MODULE = '@ardoise/codecs/sandbox';
const EXPORT_MODULES = ['@ardoise/codecs/export', '@ardoise/codecs'];

export const codecCommand: CliCommand = {
  name: 'codec',
  summary: 'test, decode, encode and export payload codecs',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h') {
      io.out(HELP);
      return sub === undefined ? ExitCode.USAGE : ExitCode.OK;
    }
    const run = subcommands[sub];
    if (!run) throw new UsageError(`unknown subcommand "${sub}"; known: ${Object.keys(subcommands).join(', ')}`, HELP);
    return run(rest, io);
  },
};

type Sub = (argv: string[], io: CliIO) => Promise<number>;

const subcommands: Record<string, Sub> = {
  test: testCommand,
  decode: decodeCommand,
  encode: encodeCommand,
  build: buildCommand,
  list: listCommand,
};

const LIST_HELP = `Usage: ardoise codec list

Lists the first-party codecs: id, device class, uplink frames and commands (layouts: codecs/src/devices/<id>.md).`;

async function listCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) return help(io, LIST_HELP);
  for (const { spec } of listCodecs()) {
    const names = (frames: readonly { name: string }[]) => frames.map((f) => f.name).join(', ') || '-';
    io.out(`${spec.id}  ${spec.name}\n    uplinks: ${names(spec.uplinks)}\n    commands: ${names(spec.downlinks)}`);
  }
  return ExitCode.OK;
}

async function testCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) return help(io, TEST_HELP);
  if (positionals.length === 0) throw new UsageError('expected at least one FILE.yaml', TEST_HELP);
  const outcomes = await runExampleFiles(positionals, { resolveCodec: codecResolver({ loadVendorCodec: await vendorLoader() }) });
  for (const outcome of outcomes) if (!outcome.passed) io.out(formatFailure(outcome));
  const { failed, line } = summarize(outcomes);
  io.out(line);
  return failed > 0 ? 1 : ExitCode.OK;
}

async function decodeCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      codec: { type: 'string' },
      fport: { type: 'string' },
      hex: { type: 'string' },
      downlink: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return help(io, DECODE_HELP);
  const fPort = parseFPort(required(values.fport, '--fport', DECODE_HELP));
  const bytes = parseHex(required(values.hex, '--hex', DECODE_HELP));
  return withCodec(required(values.codec, '--codec', DECODE_HELP), async (codec) => {
    const input = { bytes, fPort };
    const output = values.downlink ? await codec.decodeDownlink(input) : await codec.decodeUplink(input);
    const measurements = !values.downlink && output.data ? await codec.measurements(output, fPort) : [];
    return print(io, measurements.length > 0 ? { ...output, measurements } : output);
  });
}

async function encodeCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { codec: { type: 'string' }, json: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return help(io, ENCODE_HELP);
  const data = parseData(required(values.json, '--json', ENCODE_HELP));
  return withCodec(required(values.codec, '--codec', ENCODE_HELP), async (codec) => {
    const output = await codec.encodeDownlink({ data });
    return print(io, output.bytes ? { ...output, hex: toHex(output.bytes) } : output);
  });
}

async function buildCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { target: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return help(io, BUILD_HELP);
  const target = required(values.target, '--target', BUILD_HELP);
  if (target !== 'ttn' && target !== 'chirpstack') throw new UsageError(`--target must be ttn or chirpstack, got "${target}"`, BUILD_HELP);
  const outDir = resolve(required(values.out, '--out', BUILD_HELP));
  const buildCodecs = await exporter();
  if (!buildCodecs) {
    io.err('ardoise codec build: not available: this build has no codec exporter (codecs/src/export)');
    return ExitCode.USAGE;
  }
  try {
    const result = await buildCodecs(target, outDir);
    io.out(JSON.stringify(result ?? { target, outDir }, null, 2));
    return ExitCode.OK;
  } catch (error) {
    if ((error as Error)?.name !== 'ExportError') throw error;
    io.err(`ardoise codec build: ${(error as Error).message}`);
    return 1;
  }
}

function help(io: CliIO, text: string): number {
  io.out(text);
  return ExitCode.OK;
}

function required(value: string | undefined, option: string, usage: string): string {
  if (value === undefined || value === '') throw new UsageError(`${option} is required`, usage);
  return value;
}

function print<T extends { errors?: string[] }>(io: CliIO, output: T): number {
  io.out(JSON.stringify(output, null, 2));
  return output.errors && output.errors.length > 0 ? 1 : ExitCode.OK;
}

async function withCodec(ref: string, use: (codec: AsyncCodec) => Promise<number>): Promise<number> {
  let codec: AsyncCodec;
  try {
    codec = await loadCodec(ref, process.cwd(), await vendorLoader());
  } catch (error) {
    throw new UsageError(`--codec ${ref}: ${(error as Error).message}`);
  }
  try {
    return await use(codec);
  } finally {
    await codec.close();
  }
}

export function parseFPort(text: string): number {
  const fPort = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  if (!(fPort >= 1 && fPort <= 255)) throw new UsageError(`--fport must be an integer 1..255, got "${text.slice(0, 20)}"`);
  return fPort;
}

/** Hex to bytes; spaces, colons, dashes and 0x prefixes are ignored. Errors name the bad character. */
export function parseHex(text: string): number[] {
  if (text.length > MAX_HEX_CHARS) throw new UsageError(`--hex is ${text.length} characters, more than the ${MAX_HEX_CHARS} allowed`);
  const clean = text.replace(/0x/gi, '').replace(/[\s:-]/g, '');
  const bad = clean.search(/[^0-9a-f]/i);
  if (bad >= 0) throw new UsageError(`--hex: "${clean[bad]}" is not a hex digit (expected 0-9, a-f)`);
  if (clean.length % 2 !== 0) throw new UsageError(`--hex: odd number of hex digits (${clean.length}); each byte is two digits`);
  return Array.from({ length: clean.length / 2 }, (_, i) => Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16));
}

function parseData(text: string): Record<string, unknown> {
  if (text.length > MAX_JSON_CHARS) throw new UsageError(`--json is ${text.length} characters, more than the ${MAX_JSON_CHARS} allowed`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--json is not valid JSON: ${(error as Error).message}`, ENCODE_HELP);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError('--json must be a JSON object (the TS013 "data" of the downlink)', ENCODE_HELP);
  }
  return value as Record<string, unknown>;
}

const toHex = (bytes: readonly number[]) => bytes.map((b) => b.toString(16).padStart(2, '0')).join('');

async function vendorLoader(): Promise<VendorCodecLoader | undefined> {
  try {
    const sandbox = (await import(SANDBOX_MODULE)) as { loadVendorCodec?: VendorCodecLoader };
    return sandbox.loadVendorCodec;
  } catch {
    return undefined;
  }
}

type BuildCodecs = (target: 'ttn' | 'chirpstack', outDir: string) => Promise<unknown>;

async function exporter(): Promise<BuildCodecs | undefined> {
  for (const name of EXPORT_MODULES) {
    try {
      const mod = (await import(name)) as { buildCodecs?: BuildCodecs };
      if (typeof mod.buildCodecs === 'function') return mod.buildCodecs;
    } catch {
      // not installed in this build: try the next place
    }
  }
  return undefined;
}
