import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { SyncError } from '../../model/errors.js';
import { jwkThumbprint } from '../cert-common/jws.js';
import { decryptJwe, parseJwe } from './jwe.js';

/** The JWK provisioner key nbsync signs one-time tokens with. */
export interface ProvisionerKey {
  readonly name: string;
  readonly key: KeyObject;
  /** `kid` header of tokens: the JWK's own `kid`, else its RFC 7638 thumbprint (step's default). */
  readonly kid: string;
}

/**
 * Load the provisioner's private key from the text of `keyFile`: an encrypted JWK (JWE, compact
 * like ca.json's `encryptedKey` or flattened JSON like `step crypto jwk create` writes), which
 * needs `password`; or, unencrypted, a private JWK (JSON with `d`) or a PEM private key.
 * Error messages name the file, never the password or key material.
 */
export function loadProvisionerKey(
  name: string,
  text: string,
  password: string | null,
  file: string,
): ProvisionerKey {
  const jwe = safely(() => parseJwe(text), file);
  if (jwe) {
    if (password === null) {
      throw new SyncError(
        'CONFIG_INVALID',
        `provisioner key ${file} is encrypted; set provisioner.password to its password`,
      );
    }
    let plain: Buffer;
    try {
      plain = decryptJwe(jwe, password);
    } catch (err) {
      const reason = err instanceof Error ? err.message : 'decryption failed';
      throw new SyncError(
        'CONFIG_INVALID',
        `cannot decrypt provisioner key ${file}: ${reason}; check provisioner.password`,
      );
    }
    return fromJwk(
      name,
      safely(() => JSON.parse(plain.toString('utf8')) as JsonWebKey, file),
      file,
    );
  }
  if (text.includes('-----BEGIN')) {
    const key = safely(() => createPrivateKey(text), file);
    return { name, key, kid: jwkThumbprint(key) };
  }
  return fromJwk(
    name,
    safely(() => JSON.parse(text) as JsonWebKey, file),
    file,
  );
}

function fromJwk(name: string, jwk: JsonWebKey, file: string): ProvisionerKey {
  if (typeof jwk.d !== 'string') {
    throw new SyncError(
      'CONFIG_INVALID',
      `provisioner key ${file} holds a public key; it must be the private JWK`,
    );
  }
  const {
    kid,
    use: _use,
    alg: _alg,
    ...members
  } = jwk as JsonWebKey & { kid?: unknown; use?: unknown; alg?: unknown };
  const key = safely(() => createPrivateKey({ key: members, format: 'jwk' }), file);
  return { name, key, kid: typeof kid === 'string' && kid !== '' ? kid : jwkThumbprint(key) };
}

function safely<T>(read: () => T, file: string): T {
  try {
    return read();
  } catch {
    // No `cause`: parser errors quote the input, which is key material.
    throw new SyncError('CONFIG_INVALID', `provisioner key ${file} is not a JWE, JWK or PEM private key`);
  }
}
