/** Messages between the host (the agent's thread) and one sandbox worker thread. */

/** The codec operations the sandbox runs; `normalizeUplink` is TTN's normalized-payload hook. */
export type SandboxOp = 'decodeUplink' | 'encodeDownlink' | 'decodeDownlink' | 'normalizeUplink';

/** Vendor entry points the sandbox looks for, in TTN's order of preference per operation. */
export const ENTRY_POINTS = ['decodeUplink', 'Decoder', 'Decode', 'encodeDownlink', 'Encoder', 'Encode', 'decodeDownlink', 'normalizeUplink'] as const;
export type EntryPoint = (typeof ENTRY_POINTS)[number];

/** Limits enforced inside the worker (the CPU and heap limits are enforced by the host). */
export interface WorkerLimits {
  /** Per-result JSON size budget, in bytes (approximate: characters). */
  maxOutputBytes: number;
  /** Live bytes of ArrayBuffer / typed-array storage one codec may hold (off the V8 heap). */
  maxBufferBytes: number;
  /** Wall-clock limit for running the codec file's top level, in ms. */
  loadTimeoutMs: number;
}

export interface WorkerInit {
  id: string;
  fileName: string;
  source: string;
  /** Context-side prelude (JS source text), see prelude.ts. */
  prelude: string;
  limits: WorkerLimits;
  /** Int32Array(2) over it: [0] = tick bumped when an item starts, [1] = index of that item in its batch. */
  progress: SharedArrayBuffer;
}

/** One item of a batch, already validated and bounded by the host (input.ts). */
export interface SandboxItem {
  bytes?: number[];
  fPort?: number;
  /** ms since the epoch. */
  recvTime?: number;
  /** JSON text of the ChirpStack variables (object of strings). */
  variables?: string;
  /** JSON text of the `data` to encode or normalize. */
  data?: string;
}

/** What the sandbox returns for one item: TS013-shaped, already JSON-clean. */
export interface SandboxResult {
  data?: unknown;
  bytes?: number[];
  fPort?: number;
  errors?: string[];
  warnings?: string[];
}

/**
 * Items and results cross as JSON text: one string copy instead of a structured clone of many
 * small objects (measured ~2x cheaper on the host thread for batches of small frames).
 */
export type HostToWorker = { type: 'batch'; batch: number; op: SandboxOp; /** JSON of SandboxItem[] */ items: string };

export type WorkerToHost =
  | { type: 'ready'; entryPoints: EntryPoint[] }
  | { type: 'load-error'; message: string }
  | { type: 'result'; batch: number; /** JSON of SandboxResult[] */ results: string };
