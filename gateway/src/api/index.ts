export { createApiHandler, type ApiDeps, type ApiHandler } from './handler';
export { ApiError } from './errors';
export { EventStreamHub, STREAM_DEFAULTS, type StreamOptions } from './event-stream';
export { NGSI_LD_CONTEXT, entityType } from './ngsi-ld';
export { MAX_LIMIT, DEFAULT_LIMIT } from './query';
export { RATE_LIMIT_DEFAULTS, type RateLimitOptions } from './rate-limit';
export { hashToken, TokenAuthenticator, type Scope, type TokenRecord } from './tokens';
