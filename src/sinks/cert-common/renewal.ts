import { z } from 'zod';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(?:\d+[smhd])+$/;

/** Milliseconds of a duration like `24h`, `90d`, `1h30m`; `null` when it is not one. */
export function parseDuration(text: string): number | null {
  if (!DURATION.test(text)) return null;
  let total = 0;
  for (const match of text.matchAll(/(\d+)([smhd])/g))
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
  return total > 0 ? total : null;
}

/** A config duration (`24h`, `30d`, `1h30m`), validated and kept as text. */
export const durationSchema = z
  .string()
  .refine((text) => parseDuration(text) !== null, 'expected a duration like "24h", "30d" or "1h30m"');

/** A Go duration text for step-ca's `notAfter` field: whole seconds, e.g. `"86400s"`. */
export function toSecondsDuration(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}

/** Why a stored certificate must be renewed now; `null` when it need not. */
export type RenewReason = 'expiring' | 'expired' | 'key-missing' | 'key-mismatch';

/**
 * The renewal window: a certificate is due once `now` is within `renewBeforeMs` of `notAfter`;
 * without a configured window, within a third of its own lifetime (step clients renew at about
 * two thirds of the lifetime too).
 */
export function renewReason(
  cert: { readonly notBefore: Date; readonly notAfter: Date },
  keyState: 'ok' | 'missing' | 'mismatch',
  now: number,
  renewBeforeMs: number | null,
): RenewReason | null {
  if (keyState === 'missing') return 'key-missing';
  if (keyState === 'mismatch') return 'key-mismatch';
  const notAfter = cert.notAfter.getTime();
  if (now >= notAfter) return 'expired';
  const window = renewBeforeMs ?? (notAfter - cert.notBefore.getTime()) / 3;
  return now >= notAfter - window ? 'expiring' : null;
}
