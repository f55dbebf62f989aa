import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiError } from './errors';

export type Scope = 'read' | 'command';

/** A configured API token: only the SHA-256 of the secret is kept (hex, 64 chars). */
export interface TokenRecord {
  name: string;
  sha256: string;
  scopes: Scope[];
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Bearer-token check. The presented token is hashed and compared with EVERY stored hash in
 * constant time (no early exit), so neither the match position nor a prefix leaks by timing.
 */
export class TokenAuthenticator {
  private readonly records: Array<TokenRecord & { digest: Buffer }>;

  constructor(tokens: readonly TokenRecord[]) {
    this.records = tokens.map((t, i) => {
      if (!/^[0-9a-f]{64}$/i.test(t.sha256)) throw new Error(`api.tokens[${i}] (${t.name}): sha256 must be 64 hex characters`);
      return { ...t, digest: Buffer.from(t.sha256, 'hex') };
    });
  }

  authenticate(authorization: string | undefined, scope: Scope): TokenRecord {
    const challenge = { 'www-authenticate': 'Bearer realm="ardoise"' };
    const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(authorization ?? '');
    if (!match) throw new ApiError(401, 'unauthorized', 'missing or malformed Authorization header: expected "Bearer <token>"', challenge);
    const digest = createHash('sha256').update(match[1]!, 'utf8').digest();
    let found: TokenRecord | undefined;
    for (const record of this.records) if (timingSafeEqual(digest, record.digest) && !found) found = record;
    if (!found) throw new ApiError(401, 'unauthorized', 'invalid token', challenge);
    if (!found.scopes.includes(scope)) throw new ApiError(403, 'forbidden', `token "${found.name}" lacks the "${scope}" scope`);
    return found;
  }
}
