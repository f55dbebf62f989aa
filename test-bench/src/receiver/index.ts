export { ReferenceReceiver, type ReceiverOptions, type ReceiverReport, type ReleasedRecord, type Stream } from './receiver';
export { StreamCoverage, type CoverageReport } from './coverage';
