/**
 * Runs emitted codec scripts against their YAML examples in real engines: a fresh node:vm
 * context (TTN script), Debian's Duktape `duk` (ES5-only, TTN script), and a fresh node:vm context
 * per call driven the way ChirpStack v4 drives a codec (ChirpStack script).
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import vm from 'node:vm';
import { compareOutput } from '../../src/examples/compare';
import { SECTIONS, type Section, parseExampleFile } from '../../src/examples/format';

const run = promisify(execFile);

export interface ExampleCall {
  label: string;
  fn: 'decodeUplink' | 'encodeDownlink' | 'decodeDownlink';
  input: Record<string, unknown>;
  output: Record<string, unknown>;
}

const FN: Record<Section, ExampleCall['fn']> = {
  uplinkDecoder: 'decodeUplink',
  downlinkEncoder: 'encodeDownlink',
  downlinkDecoder: 'decodeDownlink',
};

/** Every example of a TTN-format YAML file as the call a network server would make. */
export async function exampleCalls(yamlFile: string): Promise<ExampleCall[]> {
  const file = parseExampleFile(await readFile(yamlFile, 'utf8'), yamlFile);
  const calls: ExampleCall[] = [];
  for (const section of SECTIONS) {
    for (const ex of file[section]?.examples ?? []) {
      const input = section === 'downlinkEncoder' ? { data: ex.input.data } : { bytes: ex.input.bytes, fPort: ex.input.fPort, ...(ex.input.recvTime ? { recvTime: ex.input.recvTime } : {}) };
      calls.push({ label: `${section} › ${ex.description}`, fn: FN[section], input, output: ex.output });
    }
  }
  return calls;
}

/** ES5 source of an expression that makes every call through `lookup` and gives the results as JSON. */
function harness(calls: ExampleCall[], lookup: string): string {
  const plain = calls.map((c) => ({ fn: c.fn, input: c.input }));
  return `(function (calls) {
  var out = [];
  for (var i = 0; i < calls.length; i++) {
    var input = calls[i].input;
    if (input.recvTime) input.recvTime = new Date(input.recvTime);
    try { out.push(${lookup}[calls[i].fn](input)); } catch (e) { out.push({ thrown: String(e) }); }
  }
  return JSON.stringify(out);
})(${JSON.stringify(plain)})`;
}

/** Differences between what the engine returned and each example's expected output. */
export function mismatches(calls: ExampleCall[], outputs: unknown[]): string[] {
  if (outputs.length !== calls.length) return [`engine returned ${outputs.length} results for ${calls.length} examples`];
  return calls.flatMap((c, i) => compareOutput(outputs[i], c.output).map((p) => `${c.label}: ${p}`));
}

/** TTN flavour in a fresh V8 context with nothing but the language built-ins. */
export function runInFreshContext(script: string, calls: ExampleCall[]): unknown[] {
  const context = vm.createContext({});
  vm.runInContext(script, context, { filename: 'codec.js', timeout: 5000 });
  return JSON.parse(vm.runInContext(harness(calls, 'this'), context, { timeout: 5000 }) as string) as unknown[];
}

/** TTN flavour in Duktape, an ES5.1 engine. */
export async function runInDuktape(script: string, calls: ExampleCall[], workDir: string, name: string): Promise<unknown[]> {
  const file = join(workDir, `${name}.duk.js`);
  await writeFile(file, `${script}\nprint(${harness(calls, 'this')});\n`);
  const { stdout } = await run('duk', [file], { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as unknown[];
}

/**
 * ChirpStack v4 flavour, called the way ChirpStack calls a codec (chirpstack/src/codec/js/mod.rs):
 * for each call a fresh context, the input as the global `chirpstack_input` (recvTime a Date,
 * `variables` an object), and the script text followed by `decodeUplink(chirpstack_input)`
 * evaluated as a sloppy-mode script; the completion value is the result.
 */
export function runLikeChirpStack(script: string, calls: ExampleCall[]): unknown[] {
  return calls.map((call) => {
    const context = vm.createContext({});
    const input = { ...call.input, variables: {} };
    vm.runInContext(`var chirpstack_input = ${JSON.stringify(input)};\nif (chirpstack_input.recvTime) chirpstack_input.recvTime = new Date(chirpstack_input.recvTime);`, context);
    try {
      const result: unknown = vm.runInContext(`${script}\n\n${call.fn}(chirpstack_input)`, context, { filename: 'codec.js', timeout: 5000 });
      return JSON.parse(JSON.stringify(result)) as unknown;
    } catch (error) {
      return { thrown: String(error) };
    }
  });
}
