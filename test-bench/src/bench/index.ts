import type { BenchSuite } from './types';

export type { BenchFigure, BenchOptions, BenchReport, BenchSuite } from './types';
export { formatReport } from './format';

/** Bench suites by name; each module is loaded only when asked for. */
export const suites: Record<string, () => Promise<BenchSuite>> = {
  codecs: async () => (await import('./codecs')).codecsSuite,
  'codecs-envelope': async () => (await import('./codecs-envelope')).envelopeSuite,
  store: async () => (await import('./store')).storeSuite,
  'codecs-decode': async () => (await import('./codecs-decode')).codecDecodeSuite,
  'codecs-sandbox': async () => (await import('./codecs-sandbox')).codecSandboxSuite,
  lorawan: async () => (await import('./lorawan')).lorawanSuite,
  rules: async () => (await import('./rules')).rulesSuite,
  pipeline: async () => (await import('./pipeline')).pipelineSuite,
  sync: async () => (await import('./sync')).syncSuite,
};
