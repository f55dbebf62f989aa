import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, moduleLogger } from '../../src/logging/index';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, destination };
}

describe('logging', () => {
  it('tags every line of a module logger with {module}', () => {
    const { lines, destination } = capture();
    moduleLogger(createLogger({ destination }), 'store').info({ path: '/x.db' }, 'opened');
    expect(lines[0]).toMatchObject({ module: 'store', path: '/x.db', msg: 'opened' });
  });

  it('redacts secrets at fixed paths (tokens, passwords, LoRaWAN keys, authorization headers)', () => {
    const { lines, destination } = capture();
    const log = moduleLogger(createLogger({ destination }), 'sync');
    log.info({ password: 'p4ss', sync: { password: 'p4ss2' }, device: { app_key: '00112233445566778899aabbccddeeff', dev_eui: '70B3D57ED0000001' }, req: { headers: { authorization: 'Bearer abc' } }, token: 't0k' }, 'connect');
    const text = JSON.stringify(lines[0]);
    for (const secret of ['p4ss', 'p4ss2', '00112233445566778899aabbccddeeff', 'Bearer abc', 't0k']) expect(text).not.toContain(secret);
    expect(text).toContain('70B3D57ED0000001');
    expect(text).toContain('[redacted]');
  });
});
