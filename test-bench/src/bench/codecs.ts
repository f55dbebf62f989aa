/**
 * `ardoise bench codecs` (issue 3): the codec package's figures in one run, each against a
 * baseline measured in the same run, with the targets shown:
 * - first-party streetlight decode >= 1,000,000 decodes/s on one core (codecs-decode);
 * - a sandboxed vendor codec vs the same source called directly in-process: ratio >= 0.3 (codecs-sandbox);
 * - sync envelope size <= 35 % of the same batch as JSON, encode+decode >= 500,000 readings/s (codecs-envelope).
 * The parts stay registered on their own (`ardoise bench codecs-decode`, ...) to rerun one quickly.
 */
import { benchCodecDecode } from './codecs-decode';
import { benchEnvelope } from './codecs-envelope';
import { benchSandbox } from './codecs-sandbox';
import type { BenchFigure, BenchSuite } from './types';

/** The figures that carry the targets (the test checks every one is reported and finite). */
export const CODECS_TARGET_FIGURES: readonly RegExp[] = [
  /^streetlight decodeUplink \(number\[\]\)$/,
  /^sandboxed decodeUplinkBatch of \d+ frames$/,
  /^envelope size vs JSON$/,
  /^envelope encode\+decode$/,
];

export const codecsSuite: BenchSuite = async (opts) => {
  const figures: BenchFigure[] = [];
  // One part after the other: each measures on one core, and the parts must not compete.
  figures.push(...(await benchCodecDecode(opts)));
  figures.push(...(await benchSandbox(opts)));
  figures.push(...(await benchEnvelope(opts)));
  const targets = figures.filter((f) => f.target !== undefined);
  const missed = targets.filter((f) => f.ok === false).map((f) => f.name);
  const notes = [
    missed.length === 0 ? `all ${targets.length} targets of issue 3 met in this run` : `targets missed in this run: ${missed.join('; ')}`,
  ];
  if (opts.quick) notes.push('--quick: short runs, figures are indicative only');
  return { suite: 'codecs', figures, notes };
};
