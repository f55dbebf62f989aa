import { once } from 'node:events';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '@ardoise/device-sdk';
import { createApiHandler, type ApiHandler } from '../../src/api/handler';
import { hashToken } from '../../src/api/tokens';
import type { Store } from '../../src/store/types';
import { appendReadings, openTestStore, tempDir } from '../sync/helpers';

const READ = 'read-token-0123456789abcdef';
const CMD = 'command-token-0123456789abcdef';
let tmp: Awaited<ReturnType<typeof tempDir>>;
let store: Store;
let clock: SimulatedClock;
let api: ApiHandler;
let server: Server;
let base: string;
let n = 0;

beforeAll(async () => {
  tmp = await tempDir('ardoise-api-');
});
afterAll(() => tmp?.cleanup());

async function start(rateLimit = { perSecond: 1_000, burst: 1_000 }): Promise<void> {
  api = createApiHandler({
    store,
    clock,
    gatewayId: 'gw-api',
    tokens: [
      { name: 'hypervisor', sha256: hashToken(READ), scopes: ['read'] },
      { name: 'operator', sha256: hashToken(CMD), scopes: ['read', 'command'] },
    ],
    rateLimit,
    status: () => ({ health: 'online' }),
  });
  server = createServer((req, res) => {
    void api(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end('not mine');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeEach(async () => {
  clock = new SimulatedClock();
  store = openTestStore(join(tmp.dir, `api-${n++}.db`), clock);
  store.upsertDevice({ id: 'lamp-0', type: 'lamp', name: 'Rue de la Paix 1' });
  store.upsertDevice({ id: 'lamp-1', type: 'lamp' });
  store.upsertDevice({ id: 'probe-1', type: 'soil_probe' });
  appendReadings(store, 250, clock.now(), 2);
  await start();
});

afterEach(async () => {
  api.close();
  server.closeAllConnections();
  server.close();
  store.close();
});

const call = (path: string, token: string | undefined = READ, init: RequestInit = {}): Promise<Response> =>
  fetch(`${base}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) } });

describe('pull API', () => {
  it('pages readings by a stable seq cursor, unaffected by rows added between pages', async () => {
    const seqs: number[] = [];
    let path = '/api/v1/readings?limit=100';
    for (let page = 0; page < 5 && path; page++) {
      const res = await call(path);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: Array<{ seq: number }>; next_after: number; has_more: boolean };
      seqs.push(...body.data.map((r) => r.seq));
      if (page === 0) appendReadings(store, 10, clock.now(), 2);
      const link = res.headers.get('link');
      path = body.has_more ? /<([^>]+)>; rel="next"/.exec(link ?? '')![1]! : '';
    }
    expect(seqs).toEqual(Array.from({ length: 260 }, (_, i) => i + 1));
  });

  it('filters by device, device type, quantity and time range', async () => {
    const byDevice = (await (await call('/api/v1/readings?device=lamp-1&limit=1000')).json()) as { data: Array<{ deviceId: string }> };
    expect(byDevice.data).toHaveLength(125);
    expect(byDevice.data.every((r) => r.deviceId === 'lamp-1')).toBe(true);
    const byType = (await (await call('/api/v1/readings?device_type=soil_probe')).json()) as { data: unknown[] };
    expect(byType.data).toEqual([]);
    const t0 = clock.now();
    const range = (await (await call(`/api/v1/readings?from=${t0 + 10}&to=${new Date(t0 + 20).toISOString()}`)).json()) as { data: unknown[] };
    expect(range.data).toHaveLength(10);
    const quantity = (await (await call('/api/v1/readings?quantity=no_such_quantity')).json()) as { data: unknown[] };
    expect(quantity.data).toEqual([]);
  });

  it.each([
    ['/api/v1/readings?after=-1', /"after".*sequence number/],
    ['/api/v1/readings?after=abc', /"after".*sequence number/],
    ['/api/v1/readings?limit=1000000', /"limit".*1 to 1000/],
    ['/api/v1/readings?limit=0', /"limit"/],
    ['/api/v1/readings?colour=red', /"colour".*unknown parameter/],
    ['/api/v1/readings?from=yesterday', /"from".*ISO 8601/],
    ['/api/v1/readings?after=1&after=2', /given more than once/],
    ['/api/v1/events?kind=panic', /"kind".*event, alarm/],
  ])('%s → 400 with a message naming the parameter', async (path, message) => {
    const res = await call(path);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toMatch(message);
  });

  it('fuzz: 400 random query strings get 200 or a 4xx JSON error, never a 5xx', async () => {
    let seed = 7;
    const rand = (k: number): number => Math.floor(((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * k);
    const keys = ['after', 'limit', 'device', 'device_type', 'quantity', 'from', 'to', 'x', '', '%00'];
    const values = ['', '-1', '0', '1', '1e3', '99999999999999999999', 'NaN', '2026-01-01T00:00:00Z', '%ff', 'a'.repeat(300), '1000', '1001'];
    for (let i = 0; i < 400; i++) {
      const parts = Array.from({ length: rand(4) }, () => `${keys[rand(keys.length)]}=${values[rand(values.length)]}`);
      const res = await call(`/api/v1/${['readings', 'events', 'devices', 'status'][rand(4)]}?${parts.join('&')}`);
      expect(res.status === 200 || (res.status >= 400 && res.status < 500)).toBe(true);
      const body = (await res.json()) as { error?: { message: string } };
      if (res.status !== 200) expect(body.error?.message).toBeTruthy();
    }
  });

  it('401 without or with a wrong token, 403 without the scope, 405/404 as JSON', async () => {
    const none = await call('/api/v1/readings', '');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect((await call('/api/v1/readings', 'not-a-token')).status).toBe(401);
    const forbidden = await call('/api/v1/commands', READ, { method: 'POST', body: '{}' });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: { message: string } }).error.message).toMatch(/lacks the "command" scope/);
    expect((await call('/api/v1/readings', READ, { method: 'DELETE' })).status).toBe(405);
    expect((await call('/api/v1/nope')).status).toBe(404);
    expect(await (await call('/elsewhere')).text()).toBe('not mine');
  });

  it('bounds token guessing: more than 10 failed attempts from one address in a burst → 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await call('/api/v1/readings', `guess-${i}`)).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect((await call('/api/v1/readings')).status).toBe(200);
  });

  it('a command-scoped token posts an override through the sink; bad bodies are 400', async () => {
    const ok = await call('/api/v1/commands', CMD, {
      method: 'POST',
      body: JSON.stringify({ group: 'centre', command: 'set_level', params: { level: 50 }, expires_at: clock.now() + 60_000 }),
    });
    expect(ok.status).toBe(202);
    expect(store.commandsAfter(0, 10)).toMatchObject([{ deviceId: 'group:centre', command: 'set_level', source: 'hypervisor' }]);
    const noExpiry = await call('/api/v1/commands', CMD, { method: 'POST', body: JSON.stringify({ group: 'c', command: 'set_level' }) });
    expect(noExpiry.status).toBe(400);
    const huge = await call('/api/v1/commands', CMD, { method: 'POST', body: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
    expect(store.commandsAfter(0, 10)).toHaveLength(1);
  });

  it('rate-limits per token with Retry-After, refilled on the clock', async () => {
    api.close();
    server.close();
    await start({ perSecond: 1, burst: 3 });
    for (let i = 0; i < 3; i++) expect((await call('/api/v1/status')).status).toBe(200);
    const limited = await call('/api/v1/status');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await call('/api/v1/status', CMD)).status).toBe(200);
    clock.advance(1_000);
    expect((await call('/api/v1/status')).status).toBe(200);
  });

  it('serves NGSI-LD entities on Accept: application/ld+json', async () => {
    const res = await call('/api/v1/readings?limit=1', READ, { headers: { accept: 'application/ld+json' } });
    expect(res.headers.get('content-type')).toMatch(/application\/ld\+json/);
    const [entity] = (await res.json()) as Array<Record<string, { value: unknown; unitCode?: string }> & { id: string; type: string }>;
    expect(entity).toMatchObject({ id: 'urn:ngsi-ld:Streetlight:lamp-0', type: 'Streetlight' });
    expect(entity!.illuminanceLevel!.value).toBe(0);
    expect(entity!.activePower).toMatchObject({ type: 'Property', unitCode: 'WTT' });
    const devices = (await (await call('/api/v1/devices', READ, { headers: { accept: 'application/ld+json' } })).json()) as Array<{ type: string }>;
    expect(devices.map((d) => d.type).sort()).toEqual(['GreenspaceRecord', 'Streetlight', 'Streetlight']);
  });

  it('lists devices, events (kind filter) and status', async () => {
    store.appendEvent({ kind: 'alarm', type: 'irrigation.leak', at: clock.now(), deviceId: 'probe-1', severity: 'critical' });
    store.appendEvent({ kind: 'event', type: 'health.mode', at: clock.now() });
    const alarms = (await (await call('/api/v1/events?kind=alarm')).json()) as { data: Array<{ type: string }> };
    expect(alarms.data.map((e) => e.type)).toEqual(['irrigation.leak']);
    const devices = (await (await call('/api/v1/devices?type=lamp')).json()) as { data: unknown[] };
    expect(devices.data).toHaveLength(2);
    const status = (await (await call('/api/v1/status')).json()) as Record<string, unknown>;
    expect(status).toMatchObject({ gateway_id: 'gw-api', health: 'online', store: { readings: 250 } });
  });

  it('streams new readings and events as Server-Sent Events and resumes from Last-Event-ID', async () => {
    const received: string[] = [];
    const open = (lastEventId?: string) =>
      new Promise<import('node:http').IncomingMessage>((resolve) =>
        get(`${base}/api/v1/stream`, { headers: { authorization: `Bearer ${READ}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } }, resolve),
      );
    const res = await open();
    expect(res.headers['content-type']).toMatch(/text\/event-stream/);
    res.setEncoding('utf8');
    const until = (pattern: RegExp) =>
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (pattern.test(received.join(''))) {
            res.off('data', onData);
            resolve();
          }
        };
        const onData = (chunk: string): void => {
          received.push(chunk);
          check();
        };
        res.on('data', onData);
        check();
      });
    await until(/ardoise stream r250e0/);
    appendReadings(store, 2, clock.now(), 2);
    store.appendEvent({ kind: 'alarm', type: 'lighting.lamp_failure', at: clock.now() });
    clock.advance(500);
    await until(/event: alarm/);
    const text = received.join('');
    expect(text.match(/event: reading/g)).toHaveLength(2);
    expect(text).toMatch(/id: r252e1/);
    res.destroy();

    appendReadings(store, 1, clock.now(), 2);
    const resumed = await open('r252e1');
    resumed.setEncoding('utf8');
    const first = await new Promise<string>((resolve) => {
      let buf = '';
      resumed.on('data', (c: string) => {
        buf += c;
        if (/event: reading/.test(buf)) resolve(buf);
      });
    });
    expect(first).toMatch(/"seq":253/);
    resumed.destroy();
  });
});
