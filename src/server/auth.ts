import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

function digest(value: string | Buffer): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Checks `Authorization: Bearer <token>` against the configured API tokens in constant time:
 * both sides are hashed to the same length first, and every token is compared (no early exit).
 */
export class BearerAuth {
  private readonly digests: readonly Buffer[];

  constructor(tokens: readonly string[]) {
    this.digests = tokens.filter((t) => t.length > 0).map((t) => digest(t));
  }

  get configured(): boolean {
    return this.digests.length > 0;
  }

  /** `null` when accepted, else why not (never echoing the presented value). */
  check(header: string | undefined): string | null {
    if (!this.configured) return 'no API token is configured; set server.apiTokens';
    if (!header) return 'missing Authorization: Bearer <token>';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) return 'expected Authorization: Bearer <token>';
    const presented = digest(match[1]);
    let ok = false;
    for (const known of this.digests) ok = timingSafeEqual(presented, known) || ok;
    return ok ? null : 'unknown API token';
  }
}

/**
 * Verifies NetBox's `X-Hook-Signature`: lower-case hex HMAC-SHA512 of the exact raw body, keyed
 * with the webhook secret (NETBOX-WEBHOOKS.md, Headers). Constant-time comparison.
 */
export function verifySignature(secret: string, raw: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = createHmac('sha512', secret).update(raw).digest();
  const presented = /^[0-9a-fA-F]{128}$/.test(header.trim())
    ? Buffer.from(header.trim(), 'hex')
    : Buffer.alloc(0);
  if (presented.length !== expected.length) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(presented, expected);
}

/** The signature NetBox would send for this body (tests and `nbsync demo` use it). */
export function signBody(secret: string, raw: Buffer | string): string {
  return createHmac('sha512', secret).update(raw).digest('hex');
}
