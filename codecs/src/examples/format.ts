import { parse } from 'yaml';

/**
 * The Things Network device-repository codec example file:
 * `uplinkDecoder` / `downlinkEncoder` / `downlinkDecoder`, each `{fileName, examples}`, `fileName`
 * relative to the YAML. Each example: description, optional type (uplink | downlink-encode |
 * downlink-decode), input `{bytes, fPort, recvTime?}` or `{data}`, output `{data | bytes+fPort,
 * errors?, warnings?}`.
 */
export const SECTIONS = ['uplinkDecoder', 'downlinkEncoder', 'downlinkDecoder'] as const;
export type Section = (typeof SECTIONS)[number];

const TYPE_OF: Record<Section, string> = {
  uplinkDecoder: 'uplink',
  downlinkEncoder: 'downlink-encode',
  downlinkDecoder: 'downlink-decode',
};

export interface Example {
  description: string;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
}

export interface ExampleSection {
  fileName: string;
  examples: Example[];
}

export type ExampleFile = Partial<Record<Section, ExampleSection>>;

/** Largest example file read (a codec's examples are a few kB). */
export const MAX_EXAMPLE_FILE = 4 * 1024 * 1024;

export class ExampleFormatError extends Error {
  override name = 'ExampleFormatError';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and checks the shape of an example file; errors name the file and the path of the bad entry. */
export function parseExampleFile(text: string, file: string): ExampleFile {
  if (text.length > MAX_EXAMPLE_FILE) throw new ExampleFormatError(`${file}: larger than ${MAX_EXAMPLE_FILE} bytes`);
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new ExampleFormatError(`${file}: not valid YAML: ${(error as Error).message}`);
  }
  if (!isObject(doc)) throw new ExampleFormatError(`${file}: expected a mapping with ${SECTIONS.join(', ')}`);
  const out: ExampleFile = {};
  for (const section of SECTIONS) {
    if (doc[section] !== undefined) out[section] = checkSection(doc[section], `${file}: ${section}`, section);
  }
  if (Object.keys(out).length === 0) throw new ExampleFormatError(`${file}: none of ${SECTIONS.join(', ')} is present`);
  return out;
}

function checkSection(value: unknown, where: string, section: Section): ExampleSection {
  if (!isObject(value)) throw new ExampleFormatError(`${where}: expected a mapping {fileName, examples}`);
  if (typeof value.fileName !== 'string' || value.fileName === '') throw new ExampleFormatError(`${where}.fileName: expected a file name`);
  if (!Array.isArray(value.examples)) throw new ExampleFormatError(`${where}.examples: expected a list`);
  const examples = value.examples.map((e, i) => checkExample(e, `${where}.examples[${i}]`, section));
  return { fileName: value.fileName, examples };
}

function checkExample(value: unknown, where: string, section: Section): Example {
  if (!isObject(value)) throw new ExampleFormatError(`${where}: expected a mapping {description, input, output}`);
  const { description, type, input, output } = value;
  if (type !== undefined && type !== TYPE_OF[section]) {
    throw new ExampleFormatError(`${where}.type: expected "${TYPE_OF[section]}" in ${section}, got ${JSON.stringify(type)}`);
  }
  if (!isObject(input)) throw new ExampleFormatError(`${where}.input: expected a mapping`);
  if (!isObject(output)) throw new ExampleFormatError(`${where}.output: expected a mapping`);
  if (section === 'downlinkEncoder' ? !isObject(input.data) : !Array.isArray(input.bytes) || typeof input.fPort !== 'number') {
    const want = section === 'downlinkEncoder' ? '{data}' : '{bytes: [..], fPort}';
    throw new ExampleFormatError(`${where}.input: expected ${want}`);
  }
  return { description: typeof description === 'string' ? description : where.replace(/^.*: /, ''), input, output };
}
