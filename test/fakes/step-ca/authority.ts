import {
  createCipheriv,
  createPublicKey,
  generateKeyPairSync,
  pbkdf2Sync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { X509Certificate } from 'node:crypto';
import { toPem } from '../../../src/sinks/cert-common/csr.js';
import { base64url, jwkThumbprint } from '../../../src/sinks/cert-common/jws.js';
import { sha256Hex } from '../../../src/sinks/cert-common/x509.js';
import { buildCertificate, subjectName } from './x509-builder.js';

/** A key with its certificate, as the fake CA holds its root and intermediate. */
export interface CaCertificate {
  readonly key: KeyObject;
  readonly der: Buffer;
  readonly pem: string;
  readonly spki: Buffer;
}

function spkiOf(key: KeyObject): Buffer {
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

/** A fresh two-level PKI like `step ca init` makes: a root and an intermediate signed by it. */
export function createPki(now: number): { root: CaCertificate; intermediate: CaCertificate } {
  const rootKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const interKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const notBefore = new Date(now - 3_600_000);
  const notAfter = new Date(now + 10 * 365 * 86_400_000);
  const rootDer = buildCertificate({
    serial: randomSerial(),
    subjectCn: 'Fake Step Root CA',
    notBefore,
    notAfter,
    spki: spkiOf(rootKey),
    isCa: true,
    issuerKey: rootKey,
    issuerSpki: spkiOf(rootKey),
  });
  const interDer = buildCertificate({
    serial: randomSerial(),
    subjectCn: 'Fake Step Intermediate CA',
    issuerName: subjectName(rootDer),
    notBefore,
    notAfter,
    spki: spkiOf(interKey),
    isCa: true,
    issuerKey: rootKey,
    issuerSpki: spkiOf(rootKey),
  });
  return {
    root: { key: rootKey, der: rootDer, pem: toPem('CERTIFICATE', rootDer), spki: spkiOf(rootKey) },
    intermediate: {
      key: interKey,
      der: interDer,
      pem: toPem('CERTIFICATE', interDer),
      spki: spkiOf(interKey),
    },
  };
}

/** A positive random 128-bit serial, as step-ca uses. */
export function randomSerial(): bigint {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return BigInt(`0x${bytes.toString('hex')}`) || 1n;
}

/** Hex SHA-256 fingerprint of a certificate (what `step certificate fingerprint` prints). */
export function fingerprintOf(cert: CaCertificate): string {
  return sha256Hex(cert.der);
}

/** True when `der` was signed by `issuer` (used to check x5c chains). */
export function issuedBy(der: Buffer, issuer: CaCertificate): boolean {
  return new X509Certificate(der).verify(createPublicKey(issuer.key));
}

/** A JWK provisioner: its key pair, public JWK (with kid) and the encrypted private JWK. */
export interface JwkProvisioner {
  readonly type: 'JWK';
  readonly name: string;
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicJwk: Record<string, unknown>;
  /** Compact JWE (PBES2-HS256+A128KW / A256GCM) of the private JWK, as ca.json stores it. */
  readonly encryptedKey: string;
}

/** Make a JWK provisioner as `step ca provisioner add --create` would (P-256, kid = thumbprint). */
export function createJwkProvisioner(name: string, password: string, iterations = 10_000): JwkProvisioner {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = jwkThumbprint(publicKey);
  const publicJwk = { ...publicKey.export({ format: 'jwk' }), use: 'sig', alg: 'ES256', kid };
  const privateJwk = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'ES256', kid };
  const encryptedKey = encryptJwe(Buffer.from(JSON.stringify(privateJwk)), password, iterations);
  return { type: 'JWK', name, kid, privateKey, publicKey, publicJwk, encryptedKey };
}

/** PBES2-HS256+A128KW key wrap with A256GCM content encryption (RFC 7518 §4.8, §5.3). */
export function encryptJwe(plain: Buffer, password: string, iterations: number): string {
  const alg = 'PBES2-HS256+A128KW';
  const p2s = randomBytes(16);
  const header = base64url(
    JSON.stringify({ alg, enc: 'A256GCM', cty: 'jwk+json', p2c: iterations, p2s: base64url(p2s) }),
  );
  const kek = pbkdf2Sync(
    Buffer.from(password),
    Buffer.concat([Buffer.from(alg), Buffer.from([0]), p2s]),
    iterations,
    16,
    'sha256',
  );
  const cek = randomBytes(32);
  const wrap = createCipheriv('id-aes128-wrap', kek, Buffer.from('A6A6A6A6A6A6A6A6', 'hex'));
  const wrapped = Buffer.concat([wrap.update(cek), wrap.final()]);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', cek, iv);
  cipher.setAAD(Buffer.from(header, 'ascii'));
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  return [
    header,
    base64url(wrapped),
    base64url(iv),
    base64url(ciphertext),
    base64url(cipher.getAuthTag()),
  ].join('.');
}
