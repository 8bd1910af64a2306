import { createHash, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { fromPem } from './csr.js';
import { normalizeSans, parseSubjectAltNameText } from './sans.js';

/** What nbsync reads from a certificate (the leaf of a stored chain). */
export interface CertificateInfo {
  /** Subject common name; empty when the subject has none. */
  readonly cn: string;
  /** Canonical SANs (see `normalizeSans`). */
  readonly sans: readonly string[];
  /** Serial as lower-case hex without leading zeros or separators. */
  readonly serialHex: string;
  /** Serial in decimal, the form step-ca's `/revoke` takes. */
  readonly serialDecimal: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Issuer distinguished name as node:crypto prints it. */
  readonly issuer: string;
  /** Hex SHA-256 of the DER (lower case, no separators), as `step certificate fingerprint` prints. */
  readonly fingerprint: string;
  readonly publicKey: KeyObject;
  readonly der: Buffer;
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Every certificate PEM block of a bundle, in order (leaf first for a chain). */
export function splitPemChain(pem: string): string[] {
  return [...pem.matchAll(CERT_BLOCK)].map((m) => `${m[0]}\n`);
}

/** Parse one PEM certificate; throws (RangeError or node:crypto's error) when it is not one. */
export function parseCertificate(pem: string): CertificateInfo {
  const der = fromPem('CERTIFICATE', pem);
  const cert = new X509Certificate(der);
  const serialHex = cert.serialNumber
    .replace(/:/g, '')
    .toLowerCase()
    .replace(/^0+(?=.)/, '');
  return {
    cn: commonName(cert.subject),
    sans: normalizeSans(parseSubjectAltNameText(cert.subjectAltName)),
    serialHex,
    serialDecimal: BigInt(`0x${serialHex}`).toString(10),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    issuer: cert.issuer.replace(/\n/g, ', '),
    fingerprint: sha256Hex(der),
    publicKey: cert.publicKey,
    der,
  };
}

/** The CN of a subject as node:crypto prints it (`CN=app1.example.net` lines). */
function commonName(subject: string): string {
  for (const line of subject.split('\n')) if (line.startsWith('CN=')) return line.slice(3);
  return '';
}

/** Hex SHA-256 of a DER certificate (root fingerprints, `sha` claims). */
export function sha256Hex(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

/** Normalise a fingerprint as users paste it (`AB:CD…`, `ab-cd…`, spaces) to lower-case hex. */
export function normalizeFingerprint(text: string): string {
  return text.replace(/[\s:-]/g, '').toLowerCase();
}

/** True when the private key in `keyPem` belongs to the certificate's public key. */
export function keyMatchesCertificate(keyPem: string, cert: CertificateInfo): boolean {
  try {
    const fromKey = createPublicKey(keyPem).export({ type: 'spki', format: 'der' });
    const fromCert = cert.publicKey.export({ type: 'spki', format: 'der' });
    return fromKey.equals(fromCert);
  } catch {
    return false;
  }
}
