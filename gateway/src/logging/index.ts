export { type Logger, REDACT_PATHS, createLogger, moduleLogger, silentLogger } from './logger';
