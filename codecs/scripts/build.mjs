// Builds the publishable @ardoise/codecs into codecs/dist/ (run: npm run build -w @ardoise/codecs),
// or into DIR with `node scripts/build.mjs --out DIR`.
//
// - JavaScript: esbuild compiles every src/**/*.ts to dist/**/*.js, one file per module (the
//   layout is kept because the examples runner and the export tool find dist/devices/ next to
//   their own module). Imports stay imports: a plugin marks each one external, rewriting relative
//   specifiers to the emitted file (`./kit/index` -> `./kit/index.js`) so Node's ESM loader
//   accepts them; packages (cbor-x, yaml, esbuild...) are left to the consumer's node_modules.
// - Types: tsc --emitDeclarationOnly (tsconfig.build.json); relative specifiers in the .d.ts
//   get the same `.js` suffix, resolved against the files tsc wrote (never guessed), so
//   consumers on moduleResolution node16/nodenext resolve them too.
// - Data files the runtime reads: the example YAMLs and layout docs of src/devices/, plus the
//   envelope CDDL and the READMEs, copied beside the modules.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(pkg, 'src');
/** Output folder: dist/ by default; `--out DIR` for another (scripts/pack.mjs builds into its staging folder). */
const outIndex = process.argv.indexOf('--out');
const dist = outIndex > 0 && process.argv[outIndex + 1] ? resolve(process.argv[outIndex + 1]) : join(pkg, 'dist');
/** Non-code files shipped beside the modules (read at run time, or documentation). */
const DATA = /\.(ya?ml|md|cddl)$/;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** `spec` (relative, extensionless) from `fromDir`, mapped to the emitted file; undefined when no such module. */
function emittedSpecifier(spec, fromDir, extensions) {
  for (const [suffix, emitted] of [['', ''], ...extensions.map((e) => [e, '.js']), ...extensions.map((e) => [`/index${e}`, '/index.js'])]) {
    const candidate = resolve(fromDir, spec + suffix);
    if (existsSync(candidate) && statSync(candidate).isFile()) return suffix === '' ? spec : spec + emitted;
  }
  return undefined;
}

/** esbuild plugin: every import stays external; relative ones point at the emitted .js file. */
const keepImports = {
  name: 'keep-imports',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (!args.path.startsWith('.')) return { path: args.path, external: true };
      const path = emittedSpecifier(args.path, args.resolveDir, ['.ts']);
      if (!path) return { errors: [{ text: `cannot resolve ${args.path} from ${relative(pkg, args.importer)}` }] };
      return { path, external: true };
    });
  },
};

function buildJs(files) {
  return build({
    entryPoints: files.filter((f) => f.endsWith('.ts')),
    outbase: src,
    outdir: dist,
    bundle: true,
    plugins: [keepImports],
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    sourcemap: false,
    logLevel: 'warning',
  });
}

/** Relative specifiers in the emitted declarations, suffixed like the JavaScript. */
function fixDeclarations() {
  const specifier = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\2/g;
  for (const file of walk(dist).filter((f) => f.endsWith('.d.ts'))) {
    const text = readFileSync(file, 'utf8');
    const fixed = text.replace(specifier, (all, lead, quote, spec) => {
      const path = emittedSpecifier(spec, dirname(file), ['.d.ts']);
      if (!path) throw new Error(`${relative(pkg, file)}: cannot resolve ${spec}`);
      return `${lead}${quote}${path}${quote}`;
    });
    if (fixed !== text) writeFileSync(file, fixed);
  }
}

rmSync(dist, { recursive: true, force: true });
const files = walk(src);
await buildJs(files);
execFileSync(process.execPath, [join(pkg, '..', 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(pkg, 'tsconfig.build.json'), '--outDir', dist], { stdio: 'inherit' });
fixDeclarations();
for (const file of files.filter((f) => DATA.test(f))) cpSync(file, join(dist, relative(src, file)));
console.log(`codecs: built ${relative(process.cwd(), dist) || '.'} (${walk(dist).length} files)`);
