import type { Clock } from '@ardoise/device-sdk';
import { ApiError } from './errors';

export interface RateLimitOptions {
  /** Sustained requests per second per token (default 20). */
  perSecond: number;
  /** Burst allowance (default 40). */
  burst: number;
}

export const RATE_LIMIT_DEFAULTS: RateLimitOptions = { perSecond: 20, burst: 40 };

/** Per-token request budget on the Clock; over budget → 429 with Retry-After. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly options: RateLimitOptions = RATE_LIMIT_DEFAULTS,
  ) {}

  check(key: string): void {
    const now = this.clock.monotonic();
    const bucket = this.buckets.get(key) ?? { tokens: this.options.burst, at: now };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.options.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      const retry = Math.ceil((1 - bucket.tokens) / this.options.perSecond);
      throw new ApiError(429, 'rate_limited', `more than ${this.options.perSecond} requests/s for this token`, { 'retry-after': String(retry) });
    }
    bucket.tokens -= 1;
  }
}
