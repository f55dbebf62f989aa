export { EventBus, type BusTopics, type Listener } from './bus';
export { EventRecorder } from './events';
export { Pipeline, type PipelineDeps } from './pipeline';
export type {
  CodecResolver, DecodedInput, DeviceDirectory, IngestResult, PipelineInput, RadioMeta, ReadingCommitter, TimeStamper, UplinkFrame,
} from './types';
export { LIMITS as PIPELINE_LIMITS } from './validate';
