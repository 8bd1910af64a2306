import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import {
  child,
  contextConstructed,
  contextPrimitive,
  integer,
  oid,
  readDer,
  readOid,
  sequence,
  tlv,
  TAG,
  time,
  bitString,
  type DerNode,
} from '../../../src/sinks/cert-common/der.js';
import {
  OID,
  commonNameDer,
  extension,
  signDer,
  signatureAlgorithm,
} from '../../../src/sinks/cert-common/csr.js';
import { decodeGeneralNames, encodeGeneralNames } from '../../../src/sinks/cert-common/sans.js';

/**
 * A real X.509 certificate builder for the fake CA (node:crypto signs but cannot build
 * certificates): RFC 5280 TBSCertificate with the usual extensions, signed by the issuer key.
 */
export interface CertificateTemplate {
  readonly serial: bigint;
  readonly subjectCn: string;
  /** The issuer's subject Name DER; absent for a self-signed certificate. */
  readonly issuerName?: Buffer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SubjectPublicKeyInfo DER of the subject key. */
  readonly spki: Buffer;
  readonly sans?: readonly string[];
  readonly isCa: boolean;
  readonly issuerKey: KeyObject;
  /** SubjectPublicKeyInfo DER of the issuer (for the authority key identifier). */
  readonly issuerSpki: Buffer;
}

/** The key identifier RFC 5280 §4.2.1.2 (1): SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(spki: Buffer): Buffer {
  const bits = child(readDer(spki), 1, 'subjectPublicKey').content.subarray(1);
  return createHash('sha1').update(bits).digest();
}

/** A DER certificate made from the template. */
export function buildCertificate(t: CertificateTemplate): Buffer {
  const subject = commonNameDer(t.subjectCn);
  const keyUsage = t.isCa ? Buffer.from([0x01, 0x06]) : Buffer.from([0x07, 0x80]);
  const extensions = [
    extension(
      OID.basicConstraints,
      t.isCa ? sequence(tlv(TAG.boolean, Buffer.from([0xff]))) : sequence(),
      true,
    ),
    extension(OID.keyUsage, tlv(TAG.bitString, keyUsage), true),
    extension(OID.subjectKeyIdentifier, tlv(TAG.octetString, keyIdentifier(t.spki))),
    extension(OID.authorityKeyIdentifier, sequence(contextPrimitive(0, keyIdentifier(t.issuerSpki)))),
  ];
  if (!t.isCa)
    extensions.push(extension(OID.extKeyUsage, sequence(oid(OID.serverAuth), oid(OID.clientAuth))));
  if (t.sans && t.sans.length > 0) extensions.push(extension(OID.subjectAltName, encodeGeneralNames(t.sans)));
  const algorithm = signatureAlgorithm(t.issuerKey).der;
  const tbs = sequence(
    contextConstructed(0, integer(2)),
    integer(t.serial),
    algorithm,
    t.issuerName ?? subject,
    sequence(time(t.notBefore), time(t.notAfter)),
    subject,
    t.spki,
    contextConstructed(3, sequence(...extensions)),
  );
  return sequence(tbs, algorithm, bitString(signDer(tbs, t.issuerKey)));
}

/** The subject Name DER of a certificate (the issuer Name of what it signs). */
export function subjectName(certDer: Buffer): Buffer {
  const tbs = child(readDer(certDer), 0, 'tbsCertificate');
  const offset = tbs.children[0]?.tag === 0xa0 ? 1 : 0;
  return child(tbs, offset + 4, 'subject').raw;
}

/** The SubjectPublicKeyInfo DER of a certificate. */
export function certificateSpki(certDer: Buffer): Buffer {
  const tbs = child(readDer(certDer), 0, 'tbsCertificate');
  const offset = tbs.children[0]?.tag === 0xa0 ? 1 : 0;
  return child(tbs, offset + 5, 'subjectPublicKeyInfo').raw;
}

/** What the fake CA reads from a PKCS#10 request. */
export interface ParsedCsr {
  readonly cn: string;
  readonly sans: string[];
  readonly spki: Buffer;
  readonly signatureValid: boolean;
}

/** Parse and verify a DER PKCS#10 request; throws RangeError when it is malformed. */
export function parseCsr(der: Buffer): ParsedCsr {
  const root = readDer(der);
  const info = child(root, 0, 'certificationRequestInfo');
  const signature = child(root, 2, 'signature').content.subarray(1);
  const spki = child(info, 2, 'subjectPKInfo').raw;
  const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  const digest = publicKey.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  return {
    cn: commonNameOf(child(info, 1, 'subject')),
    sans: requestedSans(info.children[3]),
    spki,
    signatureValid: verify(digest, info.raw, publicKey, signature),
  };
}

function commonNameOf(name: DerNode): string {
  for (const rdn of name.children) {
    for (const attribute of rdn.children) {
      if (readOid(child(attribute, 0, 'attribute type')) === OID.commonName) {
        return child(attribute, 1, 'attribute value').content.toString('utf8');
      }
    }
  }
  return '';
}

function requestedSans(attributes: DerNode | undefined): string[] {
  for (const attribute of attributes?.children ?? []) {
    if (readOid(child(attribute, 0, 'attribute type')) !== OID.extensionRequest) continue;
    const extensions = child(child(attribute, 1, 'values'), 0, 'extensions');
    for (const ext of extensions.children) {
      if (readOid(child(ext, 0, 'extnID')) !== OID.subjectAltName) continue;
      const value = child(ext, ext.children.length - 1, 'extnValue').content;
      return decodeGeneralNames(readDer(value));
    }
  }
  return [];
}
