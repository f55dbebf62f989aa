import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/io';

/** A temp folder removed by the returned cleanup. */
export function tempDir(prefix = 'ardoise-test-'): { dir: string; file(name: string, text: string, mode?: number): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file(name, text, mode) {
      const path = join(dir, name);
      writeFileSync(path, text, mode === undefined ? undefined : { mode });
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Captures what a CLI command prints. */
export function captureIO(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => void stdout.push(t), err: (t) => void stderr.push(t) };
}

export const MINIMAL_CONFIG = `site:
  id: test-site
  latitude: 47.4784
  longitude: -0.5632
  timezone: Europe/Paris
`;
