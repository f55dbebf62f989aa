export { encodeBatch } from './encode';
export { decodeBatch } from './decode';
export { EnvelopeError } from './errors';
export { DEFAULT_LIMITS, ENVELOPE_VERSION } from './batch';
export type { BatchHeader, CommandsBatch, EnvelopeLimits, EventsBatch, ReadingsBatch, SyncBatch, SyncStream } from './batch';
export type {
  CommandInput,
  CommandOutcome,
  CommandReason,
  EventInput,
  EventKind,
  PriorityLevel,
  ReadingInput,
  Severity,
  StoredCommand,
  StoredEvent,
  StoredReading,
} from './records';
export { sampleReadingsBatch } from './sample';
