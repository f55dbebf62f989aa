import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '@ardoise/device-sdk';
import { buildRoutes } from '../../src/api/routes';
import type { Store } from '../../src/store/types';

describe('docs/openapi.yaml', () => {
  it('describes exactly the routes the handler serves, with their methods', () => {
    const doc = parse(readFileSync(join(__dirname, '../../../docs/openapi.yaml'), 'utf8')) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\.1/);
    const routes = buildRoutes({ store: {} as Store, clock: new SimulatedClock(), gatewayId: 'gw', sink: { submit: () => ({ status: 'accepted' }) }, maxCommandTtlMs: 1 });
    const served = Object.entries(routes).map(([path, r]) => `${r.method.toLowerCase()} ${path}`).concat('get /api/v1/stream');
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    expect(documented.sort()).toEqual(served.sort());
  });
});
