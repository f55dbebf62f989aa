import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '@ardoise/device-sdk';
import { JournalingCommandSink, type CommandSink } from '../downstream/command-sink';
import { moduleLogger, silentLogger, type Logger } from '../logging';
import type { Store } from '../store/types';
import { ApiError, sendError, sendJson } from './errors';
import { EventStreamHub, type StreamOptions } from './event-stream';
import { Query } from './query';
import { RateLimiter, type RateLimitOptions } from './rate-limit';
import { buildRoutes, type Page, type RouteContext } from './routes';
import { TokenAuthenticator, type Scope, type TokenRecord } from './tokens';

export interface ApiDeps {
  store: Store;
  clock: Clock;
  gatewayId: string;
  /** Hashed bearer tokens with scopes (see tokens.ts); none configured → every request is 401. */
  tokens: readonly TokenRecord[];
  /** Extra fields of /api/v1/status (health mode, sync link and cursors, ...). */
  status?: () => Record<string, unknown>;
  /** Where POST /api/v1/commands goes; default journals (safety governor to come). */
  sink?: CommandSink;
  rateLimit?: RateLimitOptions;
  stream?: Partial<StreamOptions>;
  /** Subscribes to "something was committed" (the agent's bus): live streams are pushed at once instead of at their next poll. */
  changes?: (listener: () => void) => () => void;
  maxCommandTtlMs?: number;
  logger?: Logger;
}

export type ApiHandler = ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>) & { close(): void };

const PREFIX = '/api/';

/**
 * The hypervisor pull API as a plain node:http handler; the agent's HTTP server mounts it.
 * Returns false for paths outside /api/ so other handlers can serve them.
 */
export function createApiHandler(deps: ApiDeps): ApiHandler {
  const auth = new TokenAuthenticator(deps.tokens);
  const limiter = new RateLimiter(deps.clock, deps.rateLimit);
  const failures = new RateLimiter(deps.clock, { perSecond: 1, burst: 10 });
  const hub = new EventStreamHub(deps.store, deps.clock, deps.stream);
  const unsubscribe = deps.changes?.(() => hub.notify());
  const log = moduleLogger(deps.logger ?? silentLogger(), 'api');
  const routes = buildRoutes({
    store: deps.store,
    clock: deps.clock,
    gatewayId: deps.gatewayId,
    sink: deps.sink ?? new JournalingCommandSink(deps.store, deps.clock),
    status: deps.status,
    maxCommandTtlMs: deps.maxCommandTtlMs ?? 24 * 3_600_000,
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://gateway.local');
    if (!url.pathname.startsWith(PREFIX)) return false;
    try {
      await serve(req, res, url);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        log.error({ err: (error as Error).message, path: url.pathname }, 'API request failed');
        error = new ApiError(500, 'internal', 'internal error');
      }
      if (res.headersSent) res.end();
      else sendError(res, error as ApiError);
    }
    return true;
  };

  /** Token check + per-token budget; failed attempts are also budgeted per remote address (brute force). */
  function authenticate(req: IncomingMessage, scope: Scope): TokenRecord {
    try {
      const token = auth.authenticate(req.headers.authorization, scope);
      limiter.check(`token:${token.name}`);
      return token;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) failures.check(`addr:${req.socket.remoteAddress ?? '?'}`);
      throw error;
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/api/v1/stream') return openStream(req, res, url);
    const route = routes[url.pathname];
    if (!route) throw new ApiError(404, 'not_found', `no API route ${url.pathname}; see /api/v1/ in docs/openapi.yaml`);
    if (req.method !== route.method) throw new ApiError(405, 'method_not_allowed', `${url.pathname} accepts ${route.method} only`, { allow: route.method });
    const token = authenticate(req, route.scope);
    const ngsi = /application\/ld\+json/.test(req.headers.accept ?? '');
    const ctx: RouteContext = { url, req, ngsi };
    const result = await route.run(ctx);
    if ('items' in result) return sendPage(res, url, result, ngsi);
    sendJson(res, result.status, result.body);
  }

  function openStream(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET') throw new ApiError(405, 'method_not_allowed', '/api/v1/stream accepts GET only', { allow: 'GET' });
    authenticate(req, 'read');
    const q = new Query(url, ['readings_after', 'events_after']);
    const start = { readings: url.searchParams.has('readings_after') ? q.cursor('readings_after') : undefined, events: url.searchParams.has('events_after') ? q.cursor('events_after') : undefined };
    hub.open(req, res, start);
  }

  return Object.assign(handle, {
    close: () => {
      unsubscribe?.();
      hub.close();
    },
  });
}

function sendPage(res: ServerResponse, url: URL, page: Page, ngsi: boolean): void {
  const headers: Record<string, string> = {};
  if (page.hasMore && page.nextAfter !== undefined) {
    const next = new URL(url);
    next.searchParams.set('after', String(page.nextAfter));
    headers.link = `<${next.pathname}${next.search}>; rel="next"`;
  }
  if (ngsi) return sendJson(res, 200, page.items, headers, 'application/ld+json');
  const body = page.nextAfter === undefined ? { data: page.items } : { data: page.items, next_after: page.nextAfter, has_more: page.hasMore };
  sendJson(res, 200, body, headers);
}
