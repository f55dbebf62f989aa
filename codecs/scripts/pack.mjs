// Packs the publishable @ardoise/codecs: node scripts/pack.mjs DEST_DIR  (npm run pack:npm -w @ardoise/codecs -- DEST_DIR)
//
// Why a staged pack: in the monorepo the manifest's exports point at src/*.ts (vitest, tsx and
// esbuild run the source, no build step). The published package must point at dist/. pnpm and
// yarn apply `publishConfig` overrides of exports/main/types when packing; npm does not (checked
// with npm 11: `npm pack` keeps the src exports). So this script builds into a temporary folder's dist/, copies the
// README beside it, writes there the manifest as published (publishConfig's
// exports/main/types applied, scripts and devDependencies dropped), and runs `npm pack` on that
// folder. Publish the tarball it prints: `npm publish DEST_DIR/ardoise-codecs-<version>.tgz`.
// A plain `npm pack`/`npm publish` in codecs/ is refused by the manifest's prepack script.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** publishConfig keys that are manifest fields (applied to the staged manifest), not npm config. */
const MANIFEST_FIELDS = ['exports', 'main', 'types', 'module', 'bin'];

/** The manifest as published: publishConfig's manifest fields applied, dev-only fields removed. */
export function publishedManifest(manifest) {
  const { publishConfig = {}, scripts, devDependencies, ...rest } = manifest;
  const published = { ...rest };
  const config = {};
  for (const [key, value] of Object.entries(publishConfig)) {
    if (MANIFEST_FIELDS.includes(key)) published[key] = value;
    else config[key] = value;
  }
  if (Object.keys(config).length > 0) published.publishConfig = config;
  return published;
}

function main(dest) {
  if (!dest) throw new Error('usage: node scripts/pack.mjs DEST_DIR (where the .tgz is written)');
  const stage = mkdtempSync(join(tmpdir(), 'ardoise-codecs-stage-'));
  try {
    // Built straight into the staging folder: codecs/dist/ (maybe in use by someone) is left alone.
    execFileSync(process.execPath, [join(pkg, 'scripts', 'build.mjs'), '--out', join(stage, 'dist')], { stdio: 'inherit' });
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
    writeFileSync(join(stage, 'package.json'), `${JSON.stringify(publishedManifest(manifest), null, 2)}\n`);
    cpSync(join(pkg, 'README.md'), join(stage, 'README.md'));
    cpSync(join(pkg, 'LICENSE'), join(stage, 'LICENSE'));
    mkdirSync(resolve(dest), { recursive: true });
    // cwd: the staged folder, outside the monorepo, so npm packs it as a lone package.
    const out = execFileSync('npm', ['pack', '--pack-destination', resolve(dest), '--json'], { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const [{ filename }] = JSON.parse(out);
    console.log(join(resolve(dest), filename));
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv[2]);
