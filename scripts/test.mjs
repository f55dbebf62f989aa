// `npm test`: typecheck, then every workspace's vitest project on TypeScript source.
// Prints a closing line "N passed, N failed" (CI reads it). Extra args go to vitest.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;

const tsc = run('npx', ['--no-install', 'tsc', '-p', 'tsconfig.json', '--noEmit']);
if (tsc !== 0) {
  console.error('typecheck failed');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const report = '.vitest-report.json';
rmSync(report, { force: true });
const status = run('npx', [
  '--no-install', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);
let passed = 0;
let failed = 0;
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  if (status !== 0 && failed === 0) failed = 1;
} catch {
  failed = Math.max(1, failed);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
