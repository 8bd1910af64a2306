import { createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import {
  bitString,
  boolean,
  contextConstructed,
  integer,
  nullValue,
  octetString,
  oid,
  sequence,
  set,
  utf8String,
} from './der.js';
import { encodeGeneralNames } from './sans.js';

/** Object identifiers used when building requests and certificates. */
export const OID = {
  commonName: '2.5.4.3',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  extensionRequest: '1.2.840.113549.1.9.14',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ed25519: '1.3.101.112',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** A Name with a single common name: `CN=<cn>`. */
export function commonNameDer(cn: string): Buffer {
  return sequence(set(sequence(oid(OID.commonName), utf8String(cn))));
}

/** One certificate extension. */
export function extension(id: string, value: Buffer, critical = false): Buffer {
  return critical
    ? sequence(oid(id), boolean(true), octetString(value))
    : sequence(oid(id), octetString(value));
}

/** AlgorithmIdentifier for signing with `key`, and the node:crypto digest to use. */
export function signatureAlgorithm(key: KeyObject): { der: Buffer; digest: string | null } {
  switch (key.asymmetricKeyType) {
    case 'ec':
      return { der: sequence(oid(OID.ecdsaWithSha256)), digest: 'sha256' };
    case 'rsa':
      return { der: sequence(oid(OID.sha256WithRsa), nullValue()), digest: 'sha256' };
    case 'ed25519':
      return { der: sequence(oid(OID.ed25519)), digest: null };
    default:
      throw new TypeError(`unsupported key type ${String(key.asymmetricKeyType)}`);
  }
}

/** Sign `data` the way X.509 wants it (ECDSA as DER, not IEEE P1363). */
export function signDer(data: Buffer, key: KeyObject): Buffer {
  return sign(signatureAlgorithm(key).digest, data, key);
}

export interface KeyAndCsr {
  /** PKCS#8 PEM of the new private key. */
  readonly keyPem: string;
  readonly csrPem: string;
  readonly csrDer: Buffer;
}

/** A new private key: ECDSA P-256, the default of step-ca and of most ACME CAs. */
export function generatePrivateKey(): KeyObject {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
}

/**
 * A PKCS#10 request (RFC 2986) for `CN=<cn>` with a subjectAltName extension holding `sans`,
 * signed with `key` (a new P-256 key when absent).
 */
export function createCsr(
  cn: string,
  sans: readonly string[],
  key: KeyObject = generatePrivateKey(),
): KeyAndCsr {
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const extensions = sequence(extension(OID.subjectAltName, encodeGeneralNames(sans)));
  const attributes = contextConstructed(0, sequence(oid(OID.extensionRequest), set(extensions)));
  const info = sequence(integer(0), commonNameDer(cn), spki, attributes);
  const csrDer = sequence(info, signatureAlgorithm(key).der, bitString(signDer(info, key)));
  return {
    keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    csrPem: toPem('CERTIFICATE REQUEST', csrDer),
    csrDer,
  };
}

/** PEM armour with 64-character lines. */
export function toPem(label: string, der: Buffer): string {
  const body = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}

/** The DER inside the first PEM block with `label`; throws when there is none. */
export function fromPem(label: string, pem: string): Buffer {
  const match = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(pem);
  if (!match?.[1]) throw new RangeError(`no ${label} PEM block`);
  return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}
