// Builds the daemon as one file, dist/ardoise.mjs, and ships the native modules beside it:
// dist/package.json declares them and dist/node_modules holds them (with their runtime
// dependencies), so the dist/ folder can be copied to a gateway and run with `node ardoise.mjs`.
// No patching of the bundle output: natives stay external and are resolved by Node at run time.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const outDir = resolve(root, process.env.ARDOISE_DIST ?? 'dist');

/** Packages with native addons (or optional native accelerators): never bundled. */
const NATIVE = ['better-sqlite3', 'serialport', '@serialport/*', 'cbor-extract'];
/** Needed only to install/build a native module, never at run time. */
const INSTALL_ONLY = new Set(['prebuild-install', 'node-gyp', 'node-gyp-build-optional-packages']);
/** Files worth shipping per package (default: the whole package minus sources and build trees). */
const KEEP = {
  'better-sqlite3': ['package.json', 'LICENSE', 'lib', 'build/Release/better_sqlite3.node'],
};
const DROP = new Set(['deps', 'src', 'test', 'tests', 'docs', 'obj.target', '.github']);

const result = await build({
  entryPoints: [join(root, 'gateway/src/cli/entry.ts')],
  outfile: join(outDir, 'ardoise.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: [...NATIVE, '@ardoise/test-bench', '@ardoise/test-bench/*'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
});

/** External packages the bundle really imports (from the metafile). */
function importedExternals() {
  const names = new Set();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imp of output.imports) {
      if (!imp.external || imp.path.startsWith('node:') || imp.path.startsWith('@ardoise/') || builtinModules.includes(imp.path)) continue;
      const parts = imp.path.split('/');
      const name = imp.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
      if (existsSync(join(root, 'node_modules', name, 'package.json'))) names.add(name);
    }
  }
  return names;
}

function packageJson(name) {
  return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
}

/** The package and its runtime dependency closure (dependencies + installed optionalDependencies). */
function closure(names) {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name) || INSTALL_ONLY.has(name) || !existsSync(join(root, 'node_modules', name, 'package.json'))) return;
    seen.add(name);
    const pkg = packageJson(name);
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep);
  };
  for (const name of names) visit(name);
  return [...seen].sort();
}

function copyPackage(name) {
  const from = join(root, 'node_modules', name);
  const to = join(outDir, 'node_modules', name);
  mkdirSync(to, { recursive: true });
  const keep = KEEP[name];
  if (keep) {
    for (const item of keep) if (existsSync(join(from, item))) cpSync(join(from, item), join(to, item), { recursive: true, dereference: true });
    return;
  }
  cpSync(from, to, { recursive: true, dereference: true, filter: (src) => !DROP.has(src.slice(src.lastIndexOf('/') + 1)) || src === from });
}

const direct = importedExternals();
const shipped = closure(direct);
rmSync(join(outDir, 'node_modules'), { recursive: true, force: true });
for (const name of shipped) copyPackage(name);
const dependencies = Object.fromEntries([...direct].sort().map((name) => [name, packageJson(name).version]));
writeFileSync(join(outDir, 'package.json'), `${JSON.stringify({
  name: 'ardoise-dist', private: true, type: 'module', version: packageJson('@ardoise/gateway').version,
  description: 'Ardoise gateway daemon bundle: run `node ardoise.mjs --help`',
  bin: { ardoise: './ardoise.mjs' }, dependencies,
}, null, 2)}\n`);
if (!process.env.ARDOISE_BUILD_QUIET) {
  process.stdout.write(`built ${join(outDir, 'ardoise.mjs')} (natives beside it: ${shipped.join(', ') || 'none'})\n`);
}
