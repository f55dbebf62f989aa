import { readFile } from 'node:fs/promises';
import type { AsyncCodec } from '../types';
import { compareOutput } from './compare';
import { type Example, MAX_EXAMPLE_FILE, SECTIONS, type Section, parseExampleFile } from './format';
import { type CodecResolver, codecResolver } from './resolve';

/** One example's verdict; file-level problems (bad YAML, codec not loadable) are one failed outcome. */
export interface ExampleOutcome {
  file: string;
  section: Section | 'file';
  description: string;
  passed: boolean;
  /** Why it failed: `path: expected X, got Y` lines, or the error. */
  problems: string[];
}

export interface RunExamplesOptions {
  /** Which codec a `fileName` means; default: first-party registry, `.js` refused (no sandbox). */
  resolveCodec?: CodecResolver;
}

/** Runs every example of one TTN-format YAML file against the codec its sections name. */
export async function runExampleFile(file: string, options: RunExamplesOptions = {}): Promise<ExampleOutcome[]> {
  const resolveCodec = options.resolveCodec ?? codecResolver();
  let parsed;
  try {
    const text = await readFile(file, 'utf8');
    parsed = parseExampleFile(text.length > MAX_EXAMPLE_FILE ? text.slice(0, MAX_EXAMPLE_FILE + 1) : text, file);
  } catch (error) {
    return [fileProblem(file, (error as Error).message)];
  }
  const codecs = new Map<string, AsyncCodec>();
  const outcomes: ExampleOutcome[] = [];
  try {
    for (const section of SECTIONS) {
      const part = parsed[section];
      if (!part) continue;
      let codec = codecs.get(part.fileName);
      if (!codec) {
        try {
          codec = await resolveCodec(part.fileName, file);
        } catch (error) {
          outcomes.push(fileProblem(file, `${section}.fileName ${part.fileName}: ${(error as Error).message}`));
          continue;
        }
        codecs.set(part.fileName, codec);
      }
      for (const example of part.examples) outcomes.push(await runExample(codec, section, example, file));
    }
  } finally {
    for (const codec of codecs.values()) await codec.close();
  }
  return outcomes;
}

/** Runs several files in order. */
export async function runExampleFiles(files: readonly string[], options: RunExamplesOptions = {}): Promise<ExampleOutcome[]> {
  const all: ExampleOutcome[] = [];
  for (const file of files) all.push(...(await runExampleFile(file, options)));
  return all;
}

async function runExample(codec: AsyncCodec, section: Section, example: Example, file: string): Promise<ExampleOutcome> {
  const outcome = { file, section, description: example.description };
  try {
    const actual = await call(codec, section, example.input);
    const problems = compareOutput(actual, example.output);
    return { ...outcome, passed: problems.length === 0, problems };
  } catch (error) {
    return { ...outcome, passed: false, problems: [`codec threw: ${(error as Error)?.message ?? String(error)}`] };
  }
}

function call(codec: AsyncCodec, section: Section, input: Record<string, unknown>) {
  if (section === 'downlinkEncoder') return codec.encodeDownlink({ data: input.data as Record<string, unknown> });
  const bytes = input.bytes as number[];
  const fPort = input.fPort as number;
  if (section === 'downlinkDecoder') return codec.decodeDownlink({ bytes, fPort });
  const recvTime = typeof input.recvTime === 'string' ? new Date(input.recvTime) : undefined;
  return codec.decodeUplink(recvTime ? { bytes, fPort, recvTime } : { bytes, fPort });
}

function fileProblem(file: string, message: string): ExampleOutcome {
  return { file, section: 'file', description: '(file)', passed: false, problems: [message] };
}

/** The failure report `ardoise codec test` prints: file, section, description, then the differences. */
export function formatFailure(outcome: ExampleOutcome): string {
  const head = `FAIL ${outcome.file} › ${outcome.section} › ${outcome.description}`;
  return [head, ...outcome.problems.map((p) => `    ${p}`)].join('\n');
}

export function summarize(outcomes: readonly ExampleOutcome[]): { passed: number; failed: number; line: string } {
  const passed = outcomes.filter((o) => o.passed).length;
  const failed = outcomes.length - passed;
  return { passed, failed, line: `${passed} passed, ${failed} failed` };
}
