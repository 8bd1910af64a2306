import { createHash, createPublicKey, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

/**
 * JSON Web Signatures (RFC 7515) with node:crypto only: compact form for step-ca tokens,
 * flattened JSON form for ACME (RFC 8555 §6.2). ECDSA signatures use the IEEE P1363 (r‖s)
 * encoding JWS requires, not DER.
 */

export type JwsAlgorithm = 'ES256' | 'ES384' | 'EdDSA' | 'RS256';

export function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export function fromBase64url(text: string): Buffer {
  return Buffer.from(text, 'base64url');
}

/** The JWS algorithm for a private or public key. */
export function algorithmFor(key: KeyObject): JwsAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return 'ES256';
    if (curve === 'secp384r1') return 'ES384';
  }
  throw new TypeError(`unsupported key for JWS: ${String(key.asymmetricKeyType)}`);
}

function digestOf(alg: JwsAlgorithm): string | null {
  return alg === 'EdDSA' ? null : alg === 'ES384' ? 'sha384' : 'sha256';
}

/** Signature bytes over `input` (the ASCII `protected.payload`). */
export function signInput(input: string, key: KeyObject, alg: JwsAlgorithm = algorithmFor(key)): Buffer {
  return sign(digestOf(alg), Buffer.from(input, 'ascii'), { key, dsaEncoding: 'ieee-p1363' });
}

/** A compact JWS (`header.payload.signature`); `alg` is set from the key. */
export function signCompact(header: Record<string, unknown>, payload: unknown, key: KeyObject): string {
  const alg = algorithmFor(key);
  const input = `${base64url(JSON.stringify({ ...header, alg }))}.${base64url(JSON.stringify(payload))}`;
  return `${input}.${base64url(signInput(input, key, alg))}`;
}

/** A flattened JSON JWS; `payload` `null` gives the empty payload of ACME's POST-as-GET. */
export function signFlattened(
  header: Record<string, unknown>,
  payload: unknown,
  key: KeyObject,
): { protected: string; payload: string; signature: string } {
  const alg = algorithmFor(key);
  const protectedHeader = base64url(JSON.stringify({ ...header, alg }));
  const encodedPayload = payload === null ? '' : base64url(JSON.stringify(payload));
  const signature = base64url(signInput(`${protectedHeader}.${encodedPayload}`, key, alg));
  return { protected: protectedHeader, payload: encodedPayload, signature };
}

/** The decoded parts of a compact JWS, without checking the signature. */
export function decodeCompact(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  input: string;
  signature: Buffer;
} {
  const parts = token.split('.');
  if (parts.length !== 3) throw new RangeError('not a compact JWS');
  const [h = '', p = '', s = ''] = parts;
  const header = JSON.parse(fromBase64url(h).toString('utf8')) as unknown;
  const payload = JSON.parse(fromBase64url(p).toString('utf8')) as unknown;
  if (!isObject(header) || !isObject(payload)) throw new RangeError('JWS header and payload must be objects');
  return { header, payload, input: `${h}.${p}`, signature: fromBase64url(s) };
}

/** True when the compact JWS is signed by `publicKey` with the algorithm in its header. */
export function verifyCompact(token: string, publicKey: KeyObject): boolean {
  try {
    const { header, input, signature } = decodeCompact(token);
    const alg = algorithmFor(publicKey);
    if (header.alg !== alg) return false;
    return verify(
      digestOf(alg),
      Buffer.from(input, 'ascii'),
      { key: publicKey, dsaEncoding: 'ieee-p1363' },
      signature,
    );
  } catch {
    return false;
  }
}

/** The public JWK of a key, members limited to what RFC 7638 thumbprints use. */
export function publicJwk(key: KeyObject): JsonWebKey {
  const jwk = (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'jwk' });
  if (jwk.kty === 'EC') return { crv: jwk.crv, kty: 'EC', x: jwk.x, y: jwk.y };
  if (jwk.kty === 'RSA') return { e: jwk.e, kty: 'RSA', n: jwk.n };
  return { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
}

/** RFC 7638 thumbprint (base64url SHA-256 of the canonical public JWK). */
export function jwkThumbprint(key: KeyObject): string {
  const jwk = publicJwk(key);
  const canonical = JSON.stringify(
    Object.fromEntries(Object.entries(jwk).sort(([a], [b]) => (a < b ? -1 : 1))),
  );
  return base64url(createHash('sha256').update(canonical).digest());
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
