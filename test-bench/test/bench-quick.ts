/**
 * Shared by the bench tests (every suite): run a suite in --quick mode in its
 * own scratch folder, then check the report against the figures its issue asks for. Checks are
 * about presence and shape (finite value, unit, target text, same-run baseline), never about
 * speed: timings belong to the benchmark's own report, not to a test on a shared machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type BenchFigure, type BenchReport, suites } from '../src/bench/index';

export interface ExpectedFigure {
  /** Matches the figure's name. */
  name: RegExp;
  unit: string;
  /** The target as the report must print it (exact), when the issue gives one. */
  target?: string;
  /** The figure must carry a ratio to a same-run baseline, and name that baseline. */
  ratio?: boolean;
}

export interface QuickRun {
  report: BenchReport;
  /** What the suite logged while it ran (progress lines). */
  logs: string[];
  /** Processes still running whose command line mentions the scratch folder (must be none). */
  leftovers: string[];
  /** Kinds of libuv handles that appeared during the run and are still open (sockets, servers, timers). */
  openHandles: string[];
}

function processesMentioning(text: string): string[] {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
  return lines.filter((l) => l.includes(text) && !l.includes(' ps -eo '));
}

function handleCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

const WATCHED = ['UDPWrap', 'TCPWrap', 'TCPServerWrap', 'ProcessWrap', 'PipeWrap'];
const HANDLE_GRACE_MS = 5_000;

/**
 * Kinds of socket/process handles open now and not before the run. A stopped child or a closed
 * socket leaves the list a few loop turns after its 'exit'/'close' (stdio pipes drain), so this
 * polls until the list is empty or HANDLE_GRACE_MS have passed: a real leak stays.
 */
async function handlesLeft(before: Map<string, number>): Promise<string[]> {
  const started = Date.now();
  for (;;) {
    const after = handleCounts();
    const left = [...after].filter(([kind, n]) => WATCHED.includes(kind) && n > (before.get(kind) ?? 0)).map(([kind]) => kind);
    if (left.length === 0 || Date.now() - started > HANDLE_GRACE_MS) return left;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `ardoise bench NAME --quick` in process, as the CLI does, with a fresh scratch folder. */
export async function runQuick(name: string): Promise<QuickRun> {
  const workDir = mkdtempSync(join(tmpdir(), `ardoise-bench-test-${name}-`));
  try {
    const load = suites[name];
    expect(load, `suite ${name} registered in test-bench/src/bench/index.ts`).toBeDefined();
    const before = handleCounts();
    const logs: string[] = [];
    const report = await (await load!())({ quick: true, workDir, log: (line) => logs.push(line) });
    const openHandles = await handlesLeft(before);
    return { report, logs, leftovers: processesMentioning(workDir), openHandles };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function describeFigure(f: BenchFigure): string {
  return `${f.name} = ${f.value} ${f.unit}`;
}

/** Every expected figure is present once, finite, with its unit, target text and baseline. */
export function expectFigures(report: BenchReport, suite: string, expected: ExpectedFigure[]): void {
  expect(report.suite).toBe(suite);
  for (const f of report.figures) {
    expect(Number.isFinite(f.value), describeFigure(f)).toBe(true);
    if (f.ratio !== undefined) expect(Number.isFinite(f.ratio) && f.ratio > 0, `ratio of ${describeFigure(f)}`).toBe(true);
  }
  for (const e of expected) {
    const matches = report.figures.filter((f) => e.name.test(f.name));
    expect(matches.map((f) => f.name), String(e.name)).toHaveLength(1);
    const figure = matches[0]!;
    expect(figure.unit, describeFigure(figure)).toBe(e.unit);
    if (e.target !== undefined) {
      expect(figure.target, describeFigure(figure)).toBe(e.target);
      expect(typeof figure.ok, describeFigure(figure)).toBe('boolean');
    }
    if (e.ratio) {
      expect(figure.ratio, `ratio of ${describeFigure(figure)}`).toBeDefined();
      expect(figure.baseline, `baseline of ${describeFigure(figure)}`).toBeTruthy();
    }
  }
}
