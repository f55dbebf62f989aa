import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, startAgent } from '../../src/agent/agent';
import { silentLogger } from '../../src/logging/index';
import { testConfig } from '../helpers/core';
import { tempDir } from '../helpers/tmp';

const tmp = tempDir();
let agent: Agent;
let base: string;

beforeAll(async () => {
  agent = await startAgent({ config: testConfig(tmp.dir, { api: { port: 0 } }), log: silentLogger() });
  base = `http://127.0.0.1:${agent.address.port}`;
  const result = await agent.core.pipeline.ingestDecoded({ deviceId: 'lamp-1', measurements: { dim_level: 40 }, source: 'test' });
  expect(result.status).toBe('committed');
});
afterAll(async () => {
  await agent.stop();
  tmp.cleanup();
});

describe('local HTTP port', () => {
  it('binds 127.0.0.1 by default', () => {
    expect(agent.address.address).toBe('127.0.0.1');
  });

  it('GET /healthz answers the mode and the checks as JSON', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as { checks: { storage: { size_bytes: number } } };
    expect(body).toMatchObject({ mode: 'online', active: [], checks: { clock: { trusted: true }, upstream: { configured: false }, sensors: { watched: 2, stale: [] } } });
    expect(body.checks.storage.size_bytes).toBeGreaterThan(0);
  });

  it('GET /metrics answers Prometheus text with readings, latency, queues, db size, evictions and mode', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^# TYPE ardoise_readings_in_total counter$/m);
    expect(text).toMatch(/^ardoise_readings_in_total 1$/m);
    expect(text).toMatch(/^ardoise_readings_committed_total 1$/m);
    expect(text).toMatch(/^ardoise_commit_latency_seconds_count 1$/m);
    expect(text).toMatch(/^ardoise_commit_queue_depth 0$/m);
    expect(text).toMatch(/^ardoise_pipeline_in_flight 0$/m);
    expect(text).toMatch(/^ardoise_db_size_bytes [1-9]\d*$/m);
    expect(text).toMatch(/^ardoise_evictions_total 0$/m);
    expect(text).toMatch(/^ardoise_health_mode\{mode="online"\} 1$/m);
    expect(text).toMatch(/^ardoise_health_mode\{mode="sensor_stale"\} 0$/m);
  });

  it('refuses other methods (405), unknown paths (404), and lets other modules mount routes', async () => {
    expect((await fetch(`${base}/metrics`, { method: 'POST', body: 'x' })).status).toBe(405);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    agent.http.mount((req, res) => {
      if (req.url !== '/custom/ping') return false;
      res.end('pong');
      return true;
    });
    expect(await (await fetch(`${base}/custom/ping`)).text()).toBe('pong');
  });
});
