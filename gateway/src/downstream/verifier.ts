import { createHmac, createPublicKey, timingSafeEqual, verify as verifySignature, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { canonicalJson } from './canonical-json';
import type { DownEnvelope } from './message';

/** Where the verification keys live; at least one must be configured or every message is refused. */
export interface VerifierConfig {
  /** Shared secret for HMAC-SHA256 (file content, trailing newline stripped; ≥ 32 bytes). */
  hmacKeyFile?: string;
  /** Ed25519 public key of the hypervisor (PEM, SPKI). */
  ed25519PublicKeyFile?: string;
}

export type VerifyFailure = 'unsigned' | 'unsupported_algorithm' | 'bad_signature';

/** Checks the signature over canonicalJson(message without sig). Keys are loaded once at construction. */
export class SignatureVerifier {
  private readonly hmacKey: Buffer | undefined;
  private readonly edKey: KeyObject | undefined;

  constructor(config: VerifierConfig) {
    if (config.hmacKeyFile) {
      const key = Buffer.from(readFileSync(config.hmacKeyFile, 'utf8').replace(/\r?\n$/, ''), 'utf8');
      if (key.length < 32) throw new Error(`downstream.hmacKeyFile ${config.hmacKeyFile}: key must be at least 32 bytes, got ${key.length}`);
      this.hmacKey = key;
    }
    if (config.ed25519PublicKeyFile) {
      this.edKey = createPublicKey(readFileSync(config.ed25519PublicKeyFile));
      if (this.edKey.asymmetricKeyType !== 'ed25519') {
        throw new Error(`downstream.ed25519PublicKeyFile ${config.ed25519PublicKeyFile}: not an Ed25519 public key`);
      }
    }
  }

  verify(message: DownEnvelope): VerifyFailure | undefined {
    const sig = message.sig;
    if (!sig) return 'unsigned';
    const { sig: _omit, ...signed } = message;
    const data = Buffer.from(canonicalJson(signed), 'utf8');
    const given = Buffer.from(sig.value, 'base64');
    if (sig.alg === 'hmac-sha256') {
      if (!this.hmacKey) return 'unsupported_algorithm';
      const expected = createHmac('sha256', this.hmacKey).update(data).digest();
      return given.length === expected.length && timingSafeEqual(given, expected) ? undefined : 'bad_signature';
    }
    if (!this.edKey) return 'unsupported_algorithm';
    return given.length === 64 && verifySignature(null, data, this.edKey, given) ? undefined : 'bad_signature';
  }
}

/** What the cloud does (used by tests and the reference tooling): sign with HMAC-SHA256. */
export function signHmac(message: Omit<DownEnvelope, 'sig'>, key: Buffer | string): DownEnvelope {
  const value = createHmac('sha256', key).update(canonicalJson(message)).digest('base64');
  return { ...message, sig: { alg: 'hmac-sha256', value } };
}
