import { getQuantity } from '../vocabulary';
import type { FirstPartyCodec } from './define';
import type { Field } from './fields';
import { type FrameSpec, header } from './frame';

/**
 * The layout document of a first-party codec, generated from its declaration so it can never
 * drift from the code (codecs/test/layouts.test.ts checks the committed .md files).
 */
export function layoutMarkdown(codec: FirstPartyCodec): string {
  const { spec } = codec;
  return [
    `# ${spec.name} (\`${spec.id}\`) — payload layout v1`,
    '',
    `${spec.description}`,
    '',
    '<!-- Generated from the codec declaration: edit the .ts file, then run',
    '     UPDATE_LAYOUTS=1 npx vitest run --project codecs test/layouts.test.ts -->',
    '',
    'Conventions shared by every Ardoise layout (see README.md in this folder): big-endian integers;',
    'byte 0 = header (high nibble layout version = 1, low nibble frame type); fixed fields follow;',
    'then optional TLV extensions (tag, length, value) — unknown tags are skipped with a warning.',
    '',
    '## Uplinks',
    '',
    ...spec.uplinks.flatMap((f) => frameSection(f, 'frame')),
    '## Downlinks (commands)',
    '',
    ...spec.downlinks.flatMap((f) => frameSection(f, 'command')),
  ].join('\n');
}

function frameSection(frame: FrameSpec, key: string): string[] {
  const rows = [['0', '1', 'header', `0x${header(frame.type).toString(16)}`, '', `${key}: "${frame.name}"`]];
  let offset: number | undefined = 1;
  for (const field of frame.fields) {
    rows.push(fieldRow(field, offset === undefined ? '…' : String(offset)));
    offset = offset === undefined || field.size === undefined ? undefined : offset + field.size;
  }
  for (const [tag, field] of Object.entries(frame.extensions ?? {})) {
    rows.push(fieldRow(field, `TLV 0x${Number(tag).toString(16).padStart(2, '0')}`));
  }
  for (const d of frame.derived ?? []) rows.push(['—', '—', d.key, 'computed (see the codec)', unitOf(d.quantity), d.quantity]);
  return [
    `### \`${frame.name}\` — fPort ${frame.fPort}, type 0x${frame.type.toString(16)}`,
    '',
    frame.description,
    '',
    '| offset | bytes | field | encoding | unit | measurement |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
}

function fieldRow(field: Field, offset: string): string[] {
  const quantities = field.quantities.map((q) => (q.key === q.quantity ? q.quantity : `${q.key} → ${q.quantity}`)).join(', ');
  const unit = field.quantities.length === 1 ? unitOf(field.quantities[0]!.quantity) : (field.unit ?? '');
  return [offset, field.size === undefined ? 'n' : String(field.size), field.keys.join(', '), field.doc.replaceAll('|', '\\|'), unit, quantities];
}

const unitOf = (quantity: string) => getQuantity(quantity)?.unit ?? '';
