import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnChild } from './helpers/child';
import { MINIMAL_CONFIG, tempDir } from './helpers/tmp';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Built outside the repository, so Node cannot fall back to the repo's node_modules: this proves
// the dist folder is self-contained (natives shipped beside the bundle).
const tmp = tempDir('ardoise-bundle-');
const dist = `${tmp.dir}/dist`;
const bundle = `${dist}/ardoise.mjs`;
const node = (args: string[], cwd = tmp.dir) => spawnSync(process.execPath, [bundle, ...args], { cwd, encoding: 'utf8' });

beforeAll(() => {
  const built = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: ROOT, env: { ...process.env, ARDOISE_DIST: dist, ARDOISE_BUILD_QUIET: '1' }, encoding: 'utf8' });
  expect(built.status, built.stderr).toBe(0);
});
afterAll(() => tmp.cleanup());

describe('the esbuild bundle dist/ardoise.mjs', () => {
  it('ships native modules beside it, declared in dist/package.json', () => {
    const pkg = JSON.parse(readFileSync(`${dist}/package.json`, 'utf8'));
    expect(pkg.dependencies).toHaveProperty('better-sqlite3');
    expect(existsSync(`${dist}/node_modules/better-sqlite3/build/Release/better_sqlite3.node`)).toBe(true);
    expect(existsSync(`${dist}/node_modules/bindings/package.json`)).toBe(true);
    expect(readFileSync(bundle, 'utf8')).not.toContain('better_sqlite3.node');
  });

  it('--help and config check work from the bundle', () => {
    const help = node(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: ardoise <command>');
    expect(node(['run', '--help']).stdout).toContain('--speed N');
    expect(node(['config', 'check', tmp.file('ok.yaml', MINIMAL_CONFIG)]).status).toBe(0);
    const bad = node(['config', 'check', tmp.file('bad.yaml', 'site: {id: x, latitude: 91}\n')]);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toMatch(/site\.latitude: .* \(got 91\)/);
  });

  it('run --demo stores readings and exits 0 on SIGTERM', async () => {
    const run = spawnChild(process.execPath, [bundle, 'run', '--demo', '--speed', '600'], { cwd: tmp.dir });
    await run.waitFor(/^ardoise: ready: /m);
    await run.waitFor(/readings committed [1-9]/);
    run.child.kill('SIGTERM');
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(0);
    expect(run.stdout()).toContain('stopped cleanly');
    expect(existsSync(`${tmp.dir}/var/ardoise-demo.db`)).toBe(true);
  });
});
