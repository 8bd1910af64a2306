import type { NetBoxVersion } from './version.js';
import { atLeast } from './version.js';

/** The outcome of checking the `Authorization` header. */
export type AuthResult =
  | { readonly ok: true; readonly writeEnabled: boolean; readonly tokenVersion: 1 | 2 }
  | { readonly ok: false; readonly status: 401 | 403; readonly detail: string };

/** Accepted tokens, split by kind. */
export interface TokenTable {
  /** v1 plaintext → write enabled. */
  readonly v1: ReadonlyMap<string, boolean>;
  /** v2 key → {secret, write enabled}. */
  readonly v2: ReadonlyMap<string, { readonly secret: string; readonly writeEnabled: boolean }>;
}

export function tokenTable(tokens: readonly string[], readOnly: readonly string[]): TokenTable {
  const v1 = new Map<string, boolean>();
  const v2 = new Map<string, { secret: string; writeEnabled: boolean }>();
  const add = (token: string, writeEnabled: boolean): void => {
    if (token.startsWith('nbt_') && token.includes('.')) {
      const [key = '', secret = ''] = token.slice(4).split(/\.(.*)/s);
      v2.set(key, { secret, writeEnabled });
    } else {
      v1.set(token, writeEnabled);
    }
  };
  tokens.forEach((token) => add(token, true));
  readOnly.forEach((token) => add(token, false));
  return { v1, v2 };
}

const NO_CREDENTIALS = {
  ok: false,
  status: 403,
  detail: 'Authentication credentials were not provided.',
} as const;

/**
 * NetBox's `TokenAuthentication` (NETBOX-API.md "Authentication"): keyword `Token` or `Bearer`
 * (case-insensitive; `Bearer` only from 4.5), one value; `nbt_` values are v2 (`key.secret`),
 * others v1. Failures are 403 because SessionAuthentication comes first in NetBox's
 * authentication classes (DRF then has no `WWW-Authenticate` to send); the v2 parse error is
 * answered 401 as the reference describes.
 */
export function authenticate(header: string | null, tokens: TokenTable, version: NetBoxVersion): AuthResult {
  const parts = (header ?? '')
    .trim()
    .split(/\s+/)
    .filter((part) => part !== '');
  if (parts.length === 0) return NO_CREDENTIALS;
  const keyword = parts[0]!.toLowerCase();
  const v2Era = atLeast(version, '4.5');
  if (keyword !== 'token' && !(v2Era && keyword === 'bearer')) return NO_CREDENTIALS;
  if (parts.length !== 2) {
    if (v2Era)
      return {
        ok: false,
        status: 403,
        detail: 'Invalid authorization header: Must be in the form "Bearer <key>.<token>" or "Token <token>"',
      };
    return {
      ok: false,
      status: 403,
      detail:
        parts.length === 1
          ? 'Invalid token header. No credentials provided.'
          : 'Invalid token header. Token string should not contain spaces.',
    };
  }
  const value = parts[1]!;
  if (v2Era && value.startsWith('nbt_')) {
    const rest = value.slice(4);
    const dot = rest.indexOf('.');
    if (dot < 0) {
      return {
        ok: false,
        status: 401,
        detail:
          "Invalid authorization header: Could not parse key from v2 token. Did you mean to use 'Token' instead of 'Bearer'?",
      };
    }
    const entry = tokens.v2.get(rest.slice(0, dot));
    if (!entry || entry.secret !== rest.slice(dot + 1))
      return { ok: false, status: 403, detail: 'Invalid v2 token' };
    return { ok: true, writeEnabled: entry.writeEnabled, tokenVersion: 2 };
  }
  const writeEnabled = tokens.v1.get(value);
  if (writeEnabled === undefined)
    return { ok: false, status: 403, detail: v2Era ? 'Invalid v1 token' : 'Invalid token' };
  return { ok: true, writeEnabled, tokenVersion: 1 };
}
