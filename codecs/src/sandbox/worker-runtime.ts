/**
 * Code that runs in the sandbox WORKER THREAD (the worker's own realm, outside the codec's vm
 * context). It is shipped as source text (Function.prototype.toString of the functions listed in
 * WORKER_FUNCTIONS) to a worker started with `eval: true`, so that it works the same from
 * TypeScript source (vitest), from the esbuild bundle and from npm, with no file to locate.
 * Rules for this file: no imports except types, no references to anything outside these
 * functions, no module state. Functions call each other by name only.
 */
import type { EntryPoint, HostToWorker, SandboxItem, SandboxOp, SandboxResult, WorkerInit, WorkerLimits, WorkerToHost } from './protocol';

type Fn = (...args: unknown[]) => unknown;
interface ContextLib {
  bytes(src: number[]): unknown;
  vars(json?: string): unknown;
  uplink(src: number[], fPort: number, recvTime?: number, variables?: string): unknown;
  downlink(src: number[], fPort: number, recvTime?: number): unknown;
  encode(dataJson: string, fPort?: number, variables?: string): unknown;
  normalize(dataJson: string): unknown;
  parse(json?: string): unknown;
  resolve(): Record<EntryPoint, Fn | undefined>;
}
interface LoadedCodec {
  id: string;
  fileName: string;
  lib: ContextLib;
  entries: Record<EntryPoint, Fn | undefined>;
  limits: WorkerLimits;
}
interface Budget {
  bytes: number;
  max: number;
}

export function sandboxWorkerMain(): void {
  // An eval worker runs as a CommonJS script with a global require; reached through globalThis so
  // that bundlers leave it alone (esbuild rewrites a bare require() in ESM output).
  const load = (globalThis as unknown as { require: NodeJS.Require }).require;
  const threads = load('node:worker_threads') as typeof import('node:worker_threads');
  const vm = load('node:vm') as typeof import('node:vm');
  const init = threads.workerData as WorkerInit;
  const port = threads.parentPort as import('node:worker_threads').MessagePort;
  const progress = new Int32Array(init.progress);
  let codec: LoadedCodec;
  try {
    codec = loadCodec(vm, init);
  } catch (err) {
    port.postMessage({ type: 'load-error', message: describeThrown(err, init.fileName) } satisfies WorkerToHost);
    return;
  }
  const entryPoints = (Object.keys(codec.entries) as EntryPoint[]).filter((k) => codec.entries[k] !== undefined);
  port.postMessage({ type: 'ready', entryPoints } satisfies WorkerToHost);
  port.on('message', (req: HostToWorker) => {
    const results = runBatch(codec, req.op, JSON.parse(req.items) as SandboxItem[], progress, req.batch);
    port.postMessage({ type: 'result', batch: req.batch, results: JSON.stringify(results) } satisfies WorkerToHost);
  });
}

export function loadCodec(vm: typeof import('node:vm'), init: WorkerInit): LoadedCodec {
  const context = vm.createContext({}, {
    name: 'codec ' + init.id,
    codeGeneration: { strings: true, wasm: false },
    microtaskMode: 'afterEvaluate',
  });
  const makeLib = vm.runInContext(init.prelude, context, { filename: 'ardoise-prelude.js' });
  const lib = makeLib(vm.runInContext('this', context), init.limits.maxBufferBytes) as ContextLib;
  const script = new vm.Script(init.source, { filename: init.fileName });
  script.runInContext(context, { timeout: init.limits.loadTimeoutMs, breakOnSigint: false });
  return { id: init.id, fileName: init.fileName, lib, entries: lib.resolve(), limits: init.limits };
}

/** Progress slots as in watchdog.ts: [0] tick, [1] running item index (-1 between batches), [2] batch id. */
export function runBatch(codec: LoadedCodec, op: SandboxOp, items: SandboxItem[], progress: Int32Array, batch: number): SandboxResult[] {
  const results: SandboxResult[] = new Array(items.length);
  Atomics.store(progress, 2, batch);
  for (let i = 0; i < items.length; i++) {
    Atomics.store(progress, 1, i);
    Atomics.add(progress, 0, 1);
    results[i] = runItem(codec, op, items[i]);
  }
  Atomics.store(progress, 1, -1);
  return results;
}

export function runItem(codec: LoadedCodec, op: SandboxOp, item: SandboxItem): SandboxResult {
  let raw: unknown;
  try {
    raw = callEntry(codec, op, item);
  } catch (err) {
    if (err instanceof Error && err.name === 'MissingEntry') return { errors: ['codec ' + codec.id + ' has no ' + err.message] };
    return { errors: ['codec ' + codec.id + ': ' + op + ' threw ' + describeThrown(err, codec.fileName)] };
  }
  try {
    return op === 'encodeDownlink' ? shapeEncoded(raw, item) : shapeDecoded(raw, op, codec.limits.maxOutputBytes);
  } catch (err) {
    // Our own checks throw Errors of this realm; a getter or proxy of the codec may throw anything.
    const why = err instanceof Error ? err.message : describeThrown(err, codec.fileName);
    return { errors: ['codec ' + codec.id + ': ' + op + ' returned an invalid result: ' + why] };
  }
}

export function missingEntry(what: string): Error {
  const err = new Error(what);
  err.name = 'MissingEntry';
  return err;
}

/** TTN's calling conventions: the TS013 entry point first, then the legacy TTN v2 and ChirpStack v3 ones. */
export function callEntry(codec: LoadedCodec, op: SandboxOp, item: SandboxItem): unknown {
  const e = codec.entries;
  const lib = codec.lib;
  const bytes = item.bytes as number[];
  const fPort = item.fPort as number;
  if (op === 'decodeUplink') {
    if (e.decodeUplink) return e.decodeUplink(lib.uplink(bytes, fPort, item.recvTime, item.variables));
    if (e.Decoder) return { data: e.Decoder(lib.bytes(bytes), fPort) };
    if (e.Decode) return { data: e.Decode(fPort, lib.bytes(bytes), lib.vars(item.variables)) };
    throw missingEntry('decodeUplink (nor legacy Decoder or Decode)');
  }
  if (op === 'encodeDownlink') {
    if (e.encodeDownlink) return e.encodeDownlink(lib.encode(item.data as string, item.fPort, item.variables));
    if (e.Encoder) return { bytes: e.Encoder(lib.parse(item.data), item.fPort), fPort: item.fPort };
    if (e.Encode) return { bytes: e.Encode(item.fPort, lib.parse(item.data), lib.vars(item.variables)), fPort: item.fPort };
    throw missingEntry('encodeDownlink (nor legacy Encoder or Encode)');
  }
  if (op === 'decodeDownlink') {
    if (e.decodeDownlink) return e.decodeDownlink(lib.downlink(bytes, fPort, item.recvTime));
    throw missingEntry('decodeDownlink');
  }
  if (e.normalizeUplink) return e.normalizeUplink(lib.normalize(item.data as string));
  throw missingEntry('normalizeUplink');
}

/** decodeUplink / decodeDownlink / normalizeUplink: `{data, errors?, warnings?}` (normalized data may be an array). */
export function shapeDecoded(raw: unknown, op: SandboxOp, maxOutputBytes: number): SandboxResult {
  const obj = expectObject(raw, 'the result');
  const out: SandboxResult = {};
  const budget: Budget = { bytes: 0, max: maxOutputBytes };
  const data = cleanJson(obj.data, 'data', budget, []);
  if (data !== undefined && data !== null) {
    const isArray = Array.isArray(data);
    if (typeof data !== 'object' || (isArray && op !== 'normalizeUplink')) {
      throw new Error('data must be an object, got ' + (isArray ? 'an array' : typeof data));
    }
    out.data = data;
  }
  copyMessages(obj, out, budget);
  return out;
}

/** encodeDownlink: `{bytes, fPort, errors?, warnings?}`; bytes are integers 0..255, fPort 1..223 (TTN defaults it to the requested one, else 1). */
export function shapeEncoded(raw: unknown, item: SandboxItem): SandboxResult {
  const obj = expectObject(raw, 'the result');
  const out: SandboxResult = {};
  const budget: Budget = { bytes: 0, max: 4096 };
  copyMessages(obj, out, budget);
  const bytes = cleanJson(obj.bytes, 'bytes', budget, []);
  if (bytes === undefined || bytes === null) {
    if (!out.errors || out.errors.length === 0) throw new Error('bytes missing (and no errors given)');
    return out;
  }
  if (!Array.isArray(bytes)) throw new Error('bytes must be an array of integers 0..255, got ' + typeof bytes);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 255) throw new Error('bytes[' + i + '] = ' + String(b) + ' is not an integer 0..255');
  }
  out.bytes = bytes;
  const fPort = obj.fPort === undefined || obj.fPort === null ? (item.fPort ?? 1) : obj.fPort;
  if (typeof fPort !== 'number' || !Number.isInteger(fPort) || fPort < 1 || fPort > 223) throw new Error('fPort ' + String(fPort) + ' is not an integer 1..223');
  out.fPort = fPort;
  return out;
}

export function expectObject(raw: unknown, what: string): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(what + ' must be an object {data, errors?, warnings?}, got ' + (raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw));
  }
  if (typeof (raw as { then?: unknown }).then === 'function') throw new Error(what + ' is a Promise: codecs must be synchronous');
  return raw as Record<string, unknown>;
}

export function copyMessages(obj: Record<string, unknown>, out: SandboxResult, budget: Budget): void {
  for (const key of ['errors', 'warnings'] as const) {
    const list = obj[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) throw new Error(key + ' must be an array of strings, got ' + typeof list);
    const strings: string[] = [];
    for (let i = 0; i < list.length && i < 100; i++) strings.push(messageText(list[i]).slice(0, 1000));
    budget.bytes += strings.join('').length;
    out[key] = strings;
  }
}

export function messageText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return String(value);
  } catch {
    return '(unprintable ' + typeof value + ')';
  }
}

/**
 * Copies a codec's result into this realm as plain JSON values, refusing what JSON cannot carry
 * faithfully (functions, symbols, bigints, NaN/Infinity, cycles, Maps, Promises, too deep, too big).
 * undefined members are dropped as JSON.stringify does; Dates become ISO strings; typed arrays arrays.
 */
export function cleanJson(value: unknown, path: string, budget: Budget, ancestors: object[]): unknown {
  if (value === null || value === undefined) return value;
  const t = typeof value;
  if (t === 'boolean') return value;
  if (t === 'string') return spend(budget, (value as string).length + 2, path) && value;
  if (t === 'number') {
    if (!Number.isFinite(value)) throw new Error(path + ' is ' + String(value) + ', not a finite number');
    return spend(budget, 8, path) && value;
  }
  if (t !== 'object') throw new Error(path + ' is a ' + t + '; results must be JSON (objects, arrays, strings, finite numbers, booleans, null)');
  const obj = value as object;
  if (ancestors.indexOf(obj) !== -1) throw new Error(path + ' is a cycle (refers to one of its parents)');
  if (ancestors.length >= 32) throw new Error(path + ' is nested deeper than 32 levels');
  spend(budget, 2, path);
  const tag = Object.prototype.toString.call(obj);
  if (tag === '[object Date]') return cleanDate(obj as Date, path);
  if (ArrayBuffer.isView(obj) || Array.isArray(obj)) return cleanList(obj as ArrayLike<unknown>, path, budget, ancestors);
  ancestors.push(obj);
  try {
    if (tag !== '[object Object]') throw new Error(path + ' is a ' + tag.slice(8, -1) + '; results must be JSON');
    if (typeof (obj as { then?: unknown }).then === 'function') throw new Error(path + ' is a Promise: codecs must be synchronous');
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj)) {
      spend(budget, key.length + 4, path);
      const v = cleanJson((obj as Record<string, unknown>)[key], path + '.' + key, budget, ancestors);
      if (v !== undefined) out[key] = v;
    }
    return out;
  } finally {
    ancestors.pop();
  }
}

/** Arrays and typed arrays, read by index in this realm (the codec may have patched its Array.prototype). */
export function cleanList(list: ArrayLike<unknown>, path: string, budget: Budget, ancestors: object[]): unknown[] {
  const n = list.length;
  const out: unknown[] = [];
  ancestors.push(list);
  try {
    for (let i = 0; i < n; i++) {
      spend(budget, 1, path);
      const v = cleanJson(list[i], path + '[' + i + ']', budget, ancestors);
      out.push(v === undefined ? null : v);
    }
  } finally {
    ancestors.pop();
  }
  return out;
}

export function cleanDate(d: Date, path: string): string {
  const ms = Date.prototype.getTime.call(d);
  if (!Number.isFinite(ms)) throw new Error(path + ' is an invalid Date');
  return new Date(ms).toISOString();
}

export function spend(budget: Budget, bytes: number, path: string): true {
  budget.bytes += bytes;
  if (budget.bytes > budget.max) throw new Error('output exceeds ' + budget.max + ' bytes (at ' + path + ')');
  return true;
}

/** "TypeError: x is undefined (vendor.js:12:5)", from whatever the codec threw, without trusting it. */
export function describeThrown(err: unknown, fileName: string): string {
  let text: string;
  let stack = '';
  try {
    if (err !== null && typeof err === 'object') {
      const e = err as { name?: unknown; message?: unknown; stack?: unknown };
      text = String(e.name ?? 'Error') + ': ' + String(e.message ?? '');
      stack = typeof e.stack === 'string' ? e.stack : '';
    } else {
      text = 'the value ' + String(err);
    }
  } catch {
    text = 'an unprintable value';
  }
  const at = stack.split('\n').find((line) => line.indexOf(fileName + ':') !== -1);
  const where = at ? at.slice(at.indexOf(fileName)).replace(/\)$/, '') : '';
  const hint = /ReferenceError: (process|require|Buffer|setTimeout|setInterval|setImmediate|fetch|module|exports|global|__dirname) is not defined/.test(text)
    ? ' (the sandbox gives codecs no Node.js globals: no require, process, Buffer, timers, file system or network)'
    : '';
  return (text.length > 500 ? text.slice(0, 500) + '…' : text) + (where ? ' (' + where + ')' : '') + hint;
}

/** Everything the worker needs, in dependency-free source order. */
export const WORKER_FUNCTIONS: Array<(...args: never[]) => unknown> = [
  loadCodec, runBatch, runItem, callEntry, shapeDecoded, shapeEncoded, expectObject, copyMessages, messageText,
  cleanJson, cleanList, cleanDate, missingEntry, spend, describeThrown, sandboxWorkerMain,
];
