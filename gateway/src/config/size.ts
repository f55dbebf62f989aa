/** Byte sizes in config: a number of bytes, or a string like "512MB", "1.5 GiB", "800kB". */
const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

export const SIZE_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?\s*$/i;

/** Parses "512MB" → 512000000; returns undefined when the text is not a size. */
export function parseSize(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? Math.floor(text) : undefined;
  const match = SIZE_PATTERN.exec(text);
  if (!match) return undefined;
  const unit = UNITS[(match[2] ?? 'b').toLowerCase()];
  return unit === undefined ? undefined : Math.floor(Number(match[1]) * unit);
}
