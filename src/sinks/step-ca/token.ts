import { randomBytes, type KeyObject } from 'node:crypto';
import { signCompact } from '../cert-common/jws.js';
import type { ProvisionerKey } from './provisioner.js';

/** step's default one-time token lifetime (its CLI: 5 min; the CA allows 10 s to 1 h). */
export const TOKEN_LIFETIME_SECONDS = 300;

/** Claims of a JWK provisioner one-time token (STEP-CA-API.md "One-time token"). */
export interface OneTimeTokenClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string;
  readonly sans?: readonly string[];
  readonly sha: string;
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
  readonly jti: string;
}

export interface TokenInput {
  readonly provisioner: ProvisionerKey;
  /** `https://<ca>/1.0/sign` or `…/1.0/revoke`. */
  readonly audience: string;
  /** CN for `/sign`; the serial (decimal) for `/revoke`. */
  readonly subject: string;
  /** For `/sign`: exactly the SANs of the CSR. */
  readonly sans?: readonly string[];
  /** Hex SHA-256 of the root certificate (the `sha` claim). */
  readonly rootFingerprint: string;
  /** Milliseconds since the epoch. */
  readonly now: number;
}

/** The claims of a one-time token; a fresh random `jti` every time (the CA refuses reuse). */
export function oneTimeTokenClaims(input: TokenInput): OneTimeTokenClaims {
  const iat = Math.floor(input.now / 1000);
  return {
    iss: input.provisioner.name,
    sub: input.subject,
    aud: input.audience,
    ...(input.sans === undefined ? {} : { sans: [...input.sans] }),
    sha: input.rootFingerprint,
    iat,
    nbf: iat,
    exp: iat + TOKEN_LIFETIME_SECONDS,
    jti: randomBytes(32).toString('hex'),
  };
}

/** A signed one-time token: compact JWS with `kid` and `typ: JWT`, alg from the key. */
export function signOneTimeToken(input: TokenInput): string {
  return signCompact(
    { kid: input.provisioner.kid, typ: 'JWT' },
    oneTimeTokenClaims(input),
    input.provisioner.key,
  );
}

/**
 * A renew token (STEP-CA-API.md "Renew token"): signed with the certificate's own key, its
 * chain in the `x5c` header (base64 DER, leaf first), `aud` = `https://<ca>/1.0/renew`.
 */
export function signRenewToken(input: {
  readonly chainDer: readonly Buffer[];
  readonly key: KeyObject;
  readonly subject: string;
  readonly audience: string;
  readonly now: number;
}): string {
  const iat = Math.floor(input.now / 1000);
  const claims = {
    iss: 'step-ca-client/1.0',
    sub: input.subject,
    aud: input.audience,
    iat,
    nbf: iat,
    exp: iat + TOKEN_LIFETIME_SECONDS,
    jti: randomBytes(32).toString('hex'),
  };
  return signCompact(
    { typ: 'JWT', x5c: input.chainDer.map((der) => der.toString('base64')) },
    claims,
    input.key,
  );
}
