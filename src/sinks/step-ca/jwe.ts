import { createDecipheriv, pbkdf2Sync, type CipherGCMTypes } from 'node:crypto';
import { fromBase64url } from '../cert-common/jws.js';

/**
 * Decryption of a password-encrypted JWE (RFC 7516) as step-ca stores a JWK provisioner's
 * private key (`encryptedKey` in ca.json, `step crypto jwk create` output): key management
 * PBES2-HS*+A*KW (RFC 7518 §4.8: PBKDF2 over `alg ‖ 0x00 ‖ p2s`, then AES key unwrap),
 * content encryption A*GCM with the protected header as additional data.
 */

const PBES2: Readonly<Record<string, { digest: string; keyBytes: number }>> = {
  'PBES2-HS256+A128KW': { digest: 'sha256', keyBytes: 16 },
  'PBES2-HS384+A192KW': { digest: 'sha384', keyBytes: 24 },
  'PBES2-HS512+A256KW': { digest: 'sha512', keyBytes: 32 },
};
const GCM: Readonly<Record<string, { cipher: CipherGCMTypes; keyBytes: number }>> = {
  A128GCM: { cipher: 'aes-128-gcm', keyBytes: 16 },
  A192GCM: { cipher: 'aes-192-gcm', keyBytes: 24 },
  A256GCM: { cipher: 'aes-256-gcm', keyBytes: 32 },
};
/** Upper bound on PBKDF2 iterations, so a hostile file cannot stall the process. */
const MAX_P2C = 10_000_000;

/** The five parts of a JWE, from compact text or flattened JSON serialization. */
export interface JweParts {
  readonly protected: string;
  readonly encryptedKey: string;
  readonly iv: string;
  readonly ciphertext: string;
  readonly tag: string;
}

/** Parse compact (`a.b.c.d.e`) or flattened JSON JWE text; `null` when it is neither. */
export function parseJwe(text: string): JweParts | null {
  const trimmed = text.trim();
  const compact = trimmed.split('.');
  if (compact.length === 5 && !trimmed.startsWith('{')) {
    const [p = '', k = '', iv = '', c = '', t = ''] = compact;
    return { protected: p, encryptedKey: k, iv, ciphertext: c, tag: t };
  }
  if (!trimmed.startsWith('{')) return null;
  const json = JSON.parse(trimmed) as Record<string, unknown>;
  const fields = ['protected', 'encrypted_key', 'iv', 'ciphertext', 'tag'] as const;
  if (!fields.every((f) => typeof json[f] === 'string')) return null;
  return {
    protected: String(json.protected),
    encryptedKey: String(json.encrypted_key),
    iv: String(json.iv),
    ciphertext: String(json.ciphertext),
    tag: String(json.tag),
  };
}

/** Decrypt a PBES2 JWE with `password`; throws Error with a safe message on any failure. */
export function decryptJwe(jwe: JweParts, password: string): Buffer {
  const header = JSON.parse(fromBase64url(jwe.protected).toString('utf8')) as Record<string, unknown>;
  const alg = typeof header.alg === 'string' ? header.alg : '';
  const enc = typeof header.enc === 'string' ? header.enc : '';
  const pbes2 = PBES2[alg];
  const gcm = GCM[enc];
  if (!pbes2 || gcm === undefined) throw new Error(`unsupported JWE algorithms ${alg}/${enc}`);
  const p2c = header.p2c;
  if (typeof p2c !== 'number' || !Number.isInteger(p2c) || p2c < 1 || p2c > MAX_P2C)
    throw new Error('JWE p2c out of range');
  if (typeof header.p2s !== 'string') throw new Error('JWE p2s missing');

  const salt = Buffer.concat([Buffer.from(alg, 'utf8'), Buffer.from([0]), fromBase64url(header.p2s)]);
  const kek = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, p2c, pbes2.keyBytes, pbes2.digest);
  let cek: Buffer;
  try {
    const unwrap = createDecipheriv(
      `id-aes${pbes2.keyBytes * 8}-wrap`,
      kek,
      Buffer.from('A6A6A6A6A6A6A6A6', 'hex'),
    );
    cek = Buffer.concat([unwrap.update(fromBase64url(jwe.encryptedKey)), unwrap.final()]);
  } catch {
    throw new Error('wrong password (key unwrap failed)');
  }
  if (cek.length !== gcm.keyBytes) throw new Error('JWE content key has the wrong length');
  const decipher = createDecipheriv(gcm.cipher, cek, fromBase64url(jwe.iv));
  decipher.setAAD(Buffer.from(jwe.protected, 'ascii'));
  decipher.setAuthTag(fromBase64url(jwe.tag));
  try {
    return Buffer.concat([decipher.update(fromBase64url(jwe.ciphertext)), decipher.final()]);
  } catch {
    throw new Error('JWE authentication failed');
  }
}
