import { chmodSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { loadConfigFile, parseConfigText } from '../../src/config/index';
import { MINIMAL_CONFIG, captureIO, tempDir } from '../helpers/tmp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('config loading', () => {
  it('fills defaults for everything a newcomer does not set', () => {
    const result = parseConfigText(MINIMAL_CONFIG, { baseDir: '/srv/ardoise' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.storage).toMatchObject({ path: '/srv/ardoise/var/ardoise.db', max_size: 512_000_000, retention_days: 30, synchronous: 'NORMAL' });
    expect(result.config.api).toMatchObject({ bind: '127.0.0.1', port: 8470, tokens: [] });
    expect(result.config.logging.level).toBe('info');
  });

  it('parses sizes with units', () => {
    const result = parseConfigText(`${MINIMAL_CONFIG}storage:\n  max_size: 2GiB\n`, { baseDir: '/x' });
    expect(result.ok && result.config.storage.max_size).toBe(2 * 1024 ** 3);
  });

  it('config check reports every problem at once with key path, value and what is allowed (exit 2)', async () => {
    const file = tmp.file('bad.yaml', `site:
  id: "bad id!"
  latitude: 95
  longitude: -0.5
  timezone: Europe/Pariss
storage:
  max_size: 12 potatoes
  synchronous: FAST
  extra: 1
devices:
  - {id: lamp-1, type: lamp, report_interval_s: -3}
  - {id: lamp-1, type: lamp}
`);
    const io = captureIO();
    expect(await main(['config', 'check', file], io)).toBe(2);
    const out = io.stdout.join('\n');
    expect(out).toContain('8 problems');
    expect(out).toContain('site.id: ');
    expect(out).toMatch(/site\.latitude: .*90.* \(got 95\)/);
    expect(out).toMatch(/site\.timezone: must be an IANA time zone .* \(got "Europe\/Pariss"\)/);
    expect(out).toMatch(/storage\.max_size: .*512MB.* \(got "12 potatoes"\)/);
    expect(out).toMatch(/storage\.synchronous: .*"NORMAL"\|"FULL".* \(got "FAST"\)/);
    expect(out).toMatch(/storage: unknown key "extra"; allowed: path, max_size/);
    expect(out).toMatch(/devices\[0\]\.report_interval_s: .* \(got -3\)/);
    expect(out).toMatch(/devices\[1\]\.id: duplicate device id \(first at devices\[0\]\)/);
  });

  it('a missing file and YAML syntax errors are config errors (exit 2)', async () => {
    const io = captureIO();
    expect(await main(['config', 'check', `${tmp.dir}/nope.yaml`], io)).toBe(2);
    expect(io.stdout.join('\n')).toContain('cannot read config file (ENOENT)');
    const broken = tmp.file('broken.yaml', 'site:\n  id: [unclosed\n');
    const io2 = captureIO();
    expect(await main(['config', 'check', broken], io2)).toBe(2);
    expect(io2.stdout.join('\n')).toMatch(/line \d+:\d+: YAML/);
  });

  it('a valid file prints OK (exit 0); bad arguments are usage errors (exit 1)', async () => {
    const io = captureIO();
    expect(await main(['config', 'check', tmp.file('ok.yaml', MINIMAL_CONFIG)], io)).toBe(0);
    expect(io.stdout.join('')).toMatch(/OK/);
    expect(await main(['config', 'frobnicate'], captureIO())).toBe(1);
    expect(await main(['config', 'check'], captureIO())).toBe(1);
    const help = captureIO();
    expect(await main(['config', '--help'], help)).toBe(0);
    expect(help.stdout.join('')).toContain('ardoise config check FILE');
  });
});

describe('secrets by reference', () => {
  it('a plain-text secret is a config error that does not echo the secret', async () => {
    const file = tmp.file('plain.yaml', `${MINIMAL_CONFIG}sync:\n  enabled: true\n  mqtt_url: mqtt://localhost\n  password: hunter2\n`);
    const io = captureIO();
    expect(await main(['config', 'check', file], io)).toBe(2);
    const out = io.stdout.join('\n');
    expect(out).toContain('sync.password: plain-text secret not allowed here; allowed: {file: PATH} or {env: NAME}');
    expect(out).not.toContain('hunter2');
  });

  it('a secret file readable by group/others gets a warning naming the file and mode', () => {
    const secret = tmp.file('token.txt', 's3cret\n', 0o600);
    chmodSync(secret, 0o644);
    const file = tmp.file('perm.yaml', `${MINIMAL_CONFIG}api:\n  tokens:\n    - {name: ops, token: {file: token.txt}}\n`);
    const loose = loadConfigFile(file);
    expect(loose.ok).toBe(true);
    expect(loose.warnings).toEqual([expect.stringMatching(/api\.tokens\[0\]\.token: secret file .*token\.txt is readable by group\/others \(mode 0644\)/)]);
    chmodSync(secret, 0o600);
    expect(loadConfigFile(file).warnings).toEqual([]);
  });

  it('missing secret files and unset variables are problems', () => {
    const result = parseConfigText(`${MINIMAL_CONFIG}api:\n  tokens:\n    - {name: a, token: {file: /nonexistent/t}}\n    - {name: b, token: {env: ARDOISE_TEST_UNSET}}\n`, { baseDir: tmp.dir, env: {} });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual(['api.tokens[0].token', 'api.tokens[1].token']);
  });
});

describe('YAML traps', () => {
  it('a digits-only hex value (read by YAML as a number) gets an error that says to quote it', () => {
    const result = parseConfigText(`${MINIMAL_CONFIG}devices:\n  - id: a\n    type: lamp\n    transport: lorawan\n    lorawan: {dev_eui: 0011223344556677, activation: ABP, dev_addr: 26011001}\n`, { baseDir: '/x', env: {} });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = Object.fromEntries(result.problems.map((p) => [p.path, p.message]));
    expect(byPath['devices[0].lorawan.dev_addr']).toMatch(/8 hex digits in quotes/);
    expect(byPath['devices[0].lorawan.dev_eui']).toMatch(/16 hex digits in quotes/);
  });
});
