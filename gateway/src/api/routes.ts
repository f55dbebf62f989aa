import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Clock } from '@ardoise/device-sdk';
import type { CommandSink } from '../downstream/command-sink';
import { commandBody, describeIssues } from '../downstream/message';
import type { DeviceRecord, ReadingFilter, Store } from '../store/types';
import { ApiError } from './errors';
import { deviceToEntity, eventToEntity, readingToEntity } from './ngsi-ld';
import { Query } from './query';
import type { Scope } from './tokens';

export interface RouteContext {
  url: URL;
  req: IncomingMessage;
  ngsi: boolean;
}

/** What a list route returns; the handler renders JSON or NGSI-LD and the pagination links. */
export interface Page {
  items: unknown[];
  nextAfter?: number;
  hasMore?: boolean;
}

export interface Reply {
  status: number;
  body: unknown;
}

export interface Route {
  scope: Scope;
  method: 'GET' | 'POST';
  run(ctx: RouteContext): Page | Reply | Promise<Page | Reply>;
}

export interface RouteDeps {
  store: Store;
  clock: Clock;
  gatewayId: string;
  sink: CommandSink;
  status?: () => Record<string, unknown>;
  maxCommandTtlMs: number;
}

function deviceTypes(store: Store): Map<string, DeviceRecord> {
  return new Map(store.listDevices().map((d) => [d.id, d]));
}

function readings(deps: RouteDeps, { url, ngsi }: RouteContext): Page {
  const q = new Query(url, ['after', 'limit', 'device', 'device_type', 'quantity', 'from', 'to']);
  const after = q.cursor();
  const limit = q.limit();
  const filter: ReadingFilter = { deviceId: q.text('device'), deviceType: q.text('device_type'), quantity: q.text('quantity'), from: q.time('from'), to: q.time('to') };
  if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to) {
    throw new ApiError(400, 'bad_request', 'query parameters "from" and "to": from must not be after to');
  }
  const rows = deps.store.readingsAfter(after, limit, filter);
  const devices = ngsi ? deviceTypes(deps.store) : undefined;
  const items = devices ? rows.map((r) => readingToEntity(r, devices.get(r.deviceId)?.type)) : rows;
  return { items, nextAfter: rows.at(-1)?.seq ?? after, hasMore: rows.length === limit };
}

function events(deps: RouteDeps, { url, ngsi }: RouteContext): Page {
  const q = new Query(url, ['after', 'limit', 'device', 'kind']);
  const after = q.cursor();
  const limit = q.limit();
  const rows = deps.store.eventsAfter(after, limit, { deviceId: q.text('device'), kind: q.oneOf('kind', ['event', 'alarm'] as const) });
  return { items: ngsi ? rows.map(eventToEntity) : rows, nextAfter: rows.at(-1)?.seq ?? after, hasMore: rows.length === limit };
}

function devices(deps: RouteDeps, { url, ngsi }: RouteContext): Page {
  const q = new Query(url, ['type']);
  const type = q.text('type');
  const list = deps.store.listDevices().filter((d) => type === undefined || d.type === type);
  return { items: ngsi ? list.map(deviceToEntity) : list };
}

function status(deps: RouteDeps, { url }: RouteContext): { status: number; body: unknown } {
  new Query(url, []);
  const stats = deps.store.stats();
  return { status: 200, body: { gateway_id: deps.gatewayId, time: new Date(deps.clock.now()).toISOString(), store: stats, ...deps.status?.() } };
}

async function readBody(req: IncomingMessage, max: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) throw new ApiError(413, 'too_large', `request body is ${declared} bytes; the limit is ${max}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw new ApiError(413, 'too_large', `request body exceeds ${max} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new ApiError(400, 'bad_request', `body is not JSON: ${(error as Error).message}`);
  }
}

/** POST /api/v1/commands (scope "command"): a local override, through the same sink as the hypervisor's. */
async function command(deps: RouteDeps, { req }: RouteContext): Promise<{ status: number; body: unknown }> {
  const json = (await readBody(req, 16 * 1024)) as Record<string, unknown> | null;
  const { expires_at: expiresAt, ...rest } = json && typeof json === 'object' ? json : ({} as Record<string, unknown>);
  const now = deps.clock.now();
  if (typeof expiresAt !== 'number' || expiresAt <= now || expiresAt > now + deps.maxCommandTtlMs) {
    throw new ApiError(400, 'bad_request', `expires_at: required, ms since epoch, in the future and at most ${deps.maxCommandTtlMs} ms ahead`);
  }
  const body = commandBody.safeParse(rest);
  if (!body.success) throw new ApiError(400, 'bad_request', describeIssues(body.error));
  const id = `api-${randomUUID()}`;
  const outcome = await deps.sink.submit({ kind: 'commands', id, gatewayId: deps.gatewayId, expiresAt, body: body.data });
  return { status: outcome.status === 'accepted' ? 202 : outcome.status === 'refused' ? 409 : 500, body: { id, ...outcome } };
}

export function buildRoutes(deps: RouteDeps): Record<string, Route> {
  return {
    '/api/v1/readings': { scope: 'read', method: 'GET', run: (ctx) => readings(deps, ctx) },
    '/api/v1/events': { scope: 'read', method: 'GET', run: (ctx) => events(deps, ctx) },
    '/api/v1/devices': { scope: 'read', method: 'GET', run: (ctx) => devices(deps, ctx) },
    '/api/v1/status': { scope: 'read', method: 'GET', run: (ctx) => status(deps, ctx) },
    '/api/v1/commands': { scope: 'command', method: 'POST', run: (ctx) => command(deps, ctx) },
  };
}
