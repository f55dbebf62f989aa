import type { BenchReport } from './types';

export function formatReport(report: BenchReport): string {
  const lines = [`== bench ${report.suite}`];
  for (const f of report.figures) {
    const value = Number.isInteger(f.value) ? f.value.toLocaleString('en-US') : f.value.toPrecision(4);
    let line = `  ${f.name}: ${value} ${f.unit}`;
    if (f.ratio !== undefined) line += `  (ratio ${f.ratio.toFixed(2)} vs ${f.baseline ?? 'baseline'})`;
    if (f.target) line += `  target ${f.target}${f.ok === undefined ? '' : f.ok ? ' ok' : ' MISSED'}`;
    lines.push(line);
  }
  for (const n of report.notes ?? []) lines.push(`  note: ${n}`);
  return lines.join('\n');
}
