/**
 * The one error type of nbsync. Every failure that reaches a user carries a stable `code`
 * (catalogue: docs/errors.md) and says whether trying again may help.
 *
 * Invariant: `message` never contains a secret; callers build it from names and paths, not values.
 */
export class SyncError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { retryable?: boolean; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SyncError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}

/** Stable error codes. Adding one means adding it to docs/errors.md too (a test checks). */
export const ERROR_CODES = [
  'CONFIG_INVALID',
  'CONFIG_NOT_FOUND',
  'SECRET_UNRESOLVED',
  'NETBOX_UNREACHABLE',
  'NETBOX_AUTH',
  'NETBOX_HTTP',
  'NETBOX_PARSE',
  'NETBOX_VERSION_UNSUPPORTED',
  'NETBOX_FILTER_INVALID',
  'SINK_UNREACHABLE',
  'SINK_AUTH',
  'SINK_HTTP',
  'SINK_PARSE',
  'SINK_REJECTED',
  'ZONE_MISSING',
  'PLAN_REFUSED',
  'PLAN_STALE',
  'APPLY_FAILED',
  'WEBHOOK_SIGNATURE',
  'WEBHOOK_MALFORMED',
  'WEBHOOK_TOO_LARGE',
  'UNAUTHORIZED',
  'NOT_FOUND',
  'BAD_REQUEST',
  'SHUTTING_DOWN',
  'INTERNAL',
  'RATE_LIMITED',
  'STORE_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Narrow an unknown thrown value to a SyncError, wrapping anything else as INTERNAL. */
export function toSyncError(err: unknown): SyncError {
  if (err instanceof SyncError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new SyncError('INTERNAL', message, { cause: err });
}
