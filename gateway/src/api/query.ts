import { ApiError } from './errors';

export const MAX_LIMIT = 1_000;
export const DEFAULT_LIMIT = 100;

/** Strict query parsing: unknown parameters, repeated parameters and bad values are 400s. */
export class Query {
  private readonly params: URLSearchParams;

  constructor(url: URL, allowed: readonly string[]) {
    this.params = url.searchParams;
    for (const key of new Set(this.params.keys())) {
      if (!allowed.includes(key)) throw bad(key, this.params.get(key), `unknown parameter; allowed: ${allowed.join(', ')}`);
      if (this.params.getAll(key).length > 1) throw bad(key, this.params.get(key), 'given more than once');
    }
  }

  /** A seq cursor: a non-negative integer (default 0). */
  cursor(name = 'after'): number {
    const raw = this.params.get(name);
    if (raw === null) return 0;
    if (!/^\d{1,16}$/.test(raw) || !Number.isSafeInteger(Number(raw))) throw bad(name, raw, 'expected a sequence number (integer >= 0) from a previous page');
    return Number(raw);
  }

  limit(): number {
    const raw = this.params.get('limit');
    if (raw === null) return DEFAULT_LIMIT;
    const n = Number(raw);
    if (!/^\d{1,7}$/.test(raw) || n < 1 || n > MAX_LIMIT) throw bad('limit', raw, `expected an integer from 1 to ${MAX_LIMIT}`);
    return n;
  }

  text(name: string): string | undefined {
    const raw = this.params.get(name);
    if (raw === null) return undefined;
    if (raw.length < 1 || raw.length > 128) throw bad(name, raw, 'expected 1 to 128 characters');
    return raw;
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const raw = this.params.get(name);
    if (raw === null) return undefined;
    if (!values.includes(raw as T)) throw bad(name, raw, `expected one of ${values.join(', ')}`);
    return raw as T;
  }

  /** ISO 8601 date-time or ms since epoch. */
  time(name: string): number | undefined {
    const raw = this.params.get(name);
    if (raw === null) return undefined;
    const ms = /^\d{1,15}$/.test(raw) ? Number(raw) : Date.parse(raw);
    if (!Number.isFinite(ms)) throw bad(name, raw, 'expected an ISO 8601 date-time or milliseconds since the epoch');
    return ms;
  }
}

function bad(name: string, value: string | null, allowed: string): ApiError {
  const shown = value === null ? '' : ` (got ${JSON.stringify(value.slice(0, 64))})`;
  return new ApiError(400, 'bad_request', `query parameter "${name}"${shown}: ${allowed}`);
}
