export * from './types';
export { openStore, type StoreOptions } from './sqlite-store';
export { GroupCommitter, type FlushInfo, type GroupCommitterOptions } from './group-committer';
export {
  StoreError, StorePathError, StoreCorruptError, StoreForeignError, StoreVersionError, StoreFullError,
  StoreClosedError, StoreOptionsError, StoreMigrationError, type StoreErrorCode,
} from './errors';
export { StoreInputError, Limits as StoreLimits } from './validate';
export { ARDOISE_APPLICATION_ID } from './file-check';
export { LATEST_SCHEMA_VERSION } from './migrations';
export type { StreamName } from './eviction';
