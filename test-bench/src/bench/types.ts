/** One line of a benchmark report: a figure, and where meaningful its ratio to a same-run baseline. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** value / baseline measured in the same run (machines are noisy: compare within a run). */
  ratio?: number;
  baseline?: string;
  /** The target, shown next to the figure, e.g. ">= 50000". Informative only. */
  target?: string;
  ok?: boolean;
}

export interface BenchReport {
  suite: string;
  figures: BenchFigure[];
  notes?: string[];
}

export interface BenchOptions {
  /** Smaller workloads for a quick check (used by the test that proves each bench runs). */
  quick: boolean;
  /** Scratch directory for files the bench creates; removed afterwards by the runner. */
  workDir: string;
  log(line: string): void;
}

export type BenchSuite = (options: BenchOptions) => Promise<BenchReport>;
