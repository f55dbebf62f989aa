/**
 * The context-side prelude: JavaScript source evaluated in each codec's fresh vm context BEFORE
 * the vendor file, so it captures pristine built-ins (vendor files patch prototypes and globals).
 * It evaluates to `function (global, maxBufferBytes) -> lib` and defines no global of its own.
 *
 * It makes the context look like The Things Network's engine (ECMAScript, no host globals):
 * - removes SharedArrayBuffer, Atomics, WebAssembly, FinalizationRegistry, WeakRef; `console`
 *   becomes a silent no-op;
 * - bounds ArrayBuffer / typed-array storage, which lives OFF the V8 heap and so escapes the
 *   worker's resourceLimits (`new Uint8Array(4e9)` would otherwise succeed): each constructor is
 *   wrapped (also as `prototype.constructor`, hence for species-created arrays) and the live total
 *   is tracked with a FinalizationRegistry;
 * - builds codec inputs inside the context realm, so `bytes instanceof Array` holds and prototype
 *   patches such as `Array.prototype.toHex` apply to them, as on TTN.
 * Kept as text on purpose: it must run in the other realm, never in ours.
 */
export const CONTEXT_PRELUDE = String.raw`(function (global, maxBufferBytes) {
  'use strict';
  var parse = JSON.parse, DateCtor = Date, RangeErr = RangeError, defineProperty = Object.defineProperty;
  var AB = global.ArrayBuffer;
  delete global.SharedArrayBuffer; delete global.Atomics; delete global.WebAssembly;
  var noop = function () {};
  global.console = Object.freeze({ log: noop, info: noop, warn: noop, error: noop, debug: noop, trace: noop });

  var live = 0;
  var registry = new FinalizationRegistry(function (size) { live -= size; });
  // No way for a codec to run code between calls (the watchdog only watches calls): no
  // finalizers, no weak refs; timers never existed, and microtasks are never drained.
  delete global.FinalizationRegistry; delete global.WeakRef;
  function charge(size, what) {
    if (!(size >= 0)) return;
    if (live + size > maxBufferBytes) {
      throw new RangeErr(what + ' of ' + size + ' bytes exceeds the sandbox buffer limit (' + maxBufferBytes + ' bytes live)');
    }
  }
  function sizeOf(ctor, args) {
    var a = args[0];
    var per = ctor.BYTES_PER_ELEMENT || 1;
    if (typeof a === 'number') return a * per;
    if (a !== null && typeof a === 'object' && !(a instanceof AB)) return (Number(a.length) || 0) * per;
    return 0;
  }
  function guard(name) {
    var target = global[name];
    if (typeof target !== 'function') return;
    var proxy = new Proxy(target, {
      construct: function (t, args, newTarget) {
        var size = name === 'ArrayBuffer'
          ? Math.max(Number(args[0]) || 0, args[1] && Number(args[1].maxByteLength) || 0)
          : sizeOf(t, args);
        charge(size, name);
        var made = Reflect.construct(t, args, newTarget === proxy ? t : newTarget);
        if (size > 0) { live += size; registry.register(made, size); }
        return made;
      },
    });
    defineProperty(target.prototype, 'constructor', { value: proxy, writable: true, configurable: true, enumerable: false });
    defineProperty(global, name, { value: proxy, writable: true, configurable: true, enumerable: false });
  }
  ['ArrayBuffer', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
   'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'].forEach(guard);

  function bytes(src) {
    var out = [];
    for (var i = 0; i < src.length; i++) out[i] = src[i];
    return out;
  }
  function vars(json) { return json === undefined ? {} : parse(json); }
  return {
    bytes: bytes,
    vars: vars,
    parse: function (json) { return json === undefined ? undefined : parse(json); },
    uplink: function (src, fPort, recvTime, variablesJson) {
      var input = { bytes: bytes(src), fPort: fPort };
      if (recvTime !== undefined) input.recvTime = new DateCtor(recvTime);
      input.variables = vars(variablesJson);
      return input;
    },
    downlink: function (src, fPort, recvTime) {
      var input = { bytes: bytes(src), fPort: fPort };
      if (recvTime !== undefined) input.recvTime = new DateCtor(recvTime);
      return input;
    },
    encode: function (dataJson, fPort, variablesJson) {
      var input = { data: parse(dataJson) };
      if (fPort !== undefined) input.fPort = fPort;
      input.variables = vars(variablesJson);
      return input;
    },
    normalize: function (dataJson) { return { data: parse(dataJson) }; },
    resolve: function () {
      return {
        decodeUplink: typeof decodeUplink === 'function' ? decodeUplink : undefined,
        Decoder: typeof Decoder === 'function' ? Decoder : undefined,
        Decode: typeof Decode === 'function' ? Decode : undefined,
        encodeDownlink: typeof encodeDownlink === 'function' ? encodeDownlink : undefined,
        Encoder: typeof Encoder === 'function' ? Encoder : undefined,
        Encode: typeof Encode === 'function' ? Encode : undefined,
        decodeDownlink: typeof decodeDownlink === 'function' ? decodeDownlink : undefined,
        normalizeUplink: typeof normalizeUplink === 'function' ? normalizeUplink : undefined,
      };
    },
  };
})`;
