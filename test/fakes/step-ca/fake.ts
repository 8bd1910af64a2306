import { createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { fromPem, toPem } from '../../../src/sinks/cert-common/csr.js';
import { decodeCompact, verifyCompact } from '../../../src/sinks/cert-common/jws.js';
import { normalizeSans } from '../../../src/sinks/cert-common/sans.js';
import { normalizeFingerprint, parseCertificate } from '../../../src/sinks/cert-common/x509.js';
import type { FakeApi } from '../http.js';
import {
  createJwkProvisioner,
  createPki,
  fingerprintOf,
  issuedBy,
  randomSerial,
  type CaCertificate,
  type JwkProvisioner,
} from './authority.js';
import { buildCertificate, certificateSpki, parseCsr, subjectName } from './x509-builder.js';

/** step-ca's generic 401 text (STEP-CA-API.md "Errors"): the real cause goes to the CA log. */
export const UNAUTHORIZED_MESSAGE =
  'The request lacked necessary authorization to be completed. Please see the certificate authority logs for more info.';

export interface StepCaFakeOptions {
  /** The CA's `dnsNames`: token audiences must name one of them (ports ignored). */
  readonly dnsNames?: readonly string[];
  readonly now?: () => number;
  /** TLS certificate durations (authority defaults: 24h default, 5m min, 24h max). */
  readonly defaultDurationMs?: number;
  readonly minDurationMs?: number;
  readonly maxDurationMs?: number;
  /** The provisioner claim `disableRenewal`: `/renew` is refused. */
  readonly disableRenewal?: boolean;
}

/** A certificate the fake issued. */
export interface IssuedRecord {
  readonly serial: bigint;
  readonly der: Buffer;
  readonly cn: string;
  readonly sans: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
}

type Fault = { readonly status: number; readonly message: string } | { readonly delayMs: number };

class CaError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The reason written to the CA log when the answer is generic. */
    readonly logReason = message,
  ) {
    super(message);
  }
}

const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:h|m|s|ms))+$/;
const GO_UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/**
 * A stateful fake of step-ca's native API (STEP-CA-API.md) that really signs: root and
 * intermediate keys, `/1.0/sign` with JWK one-time tokens checked as the reference says
 * (provisioner by `iss` + `kid`, signature, audience, time claims with 1 min leeway, `iat` not
 * before the CA start, single-use `jti`, CSR SANs equal to `sans`, duration within min/max),
 * `/1.0/renew` with x5c tokens, passive `/1.0/revoke`, `/root/{sha}`, `/provisioners`.
 */
export class StepCaFake implements FakeApi {
  readonly root: CaCertificate;
  readonly intermediate: CaCertificate;
  readonly provisioners: JwkProvisioner[] = [];
  /** The CA log: the real reason of every refusal, in order. */
  readonly log: string[] = [];
  /** Claims of every token the CA accepted, in order. */
  readonly acceptedClaims: Record<string, unknown>[] = [];
  readonly issued = new Map<bigint, IssuedRecord>();
  readonly revoked = new Map<bigint, { reasonCode: number; reason: string }>();
  private readonly usedJtis = new Set<string>();
  private readonly faults: Fault[] = [];
  private readonly now: () => number;
  private readonly startSeconds: number;
  private readonly dnsNames: readonly string[];

  constructor(private readonly options: StepCaFakeOptions = {}) {
    this.now = options.now ?? Date.now;
    this.startSeconds = Math.floor(this.now() / 1000);
    this.dnsNames = options.dnsNames ?? ['ca.int.lavaduck.net'];
    ({ root: this.root, intermediate: this.intermediate } = createPki(this.now()));
  }

  get rootFingerprint(): string {
    return fingerprintOf(this.root);
  }

  addJwkProvisioner(name: string, password: string): JwkProvisioner {
    const provisioner = createJwkProvisioner(name, password);
    this.provisioners.push(provisioner);
    return provisioner;
  }

  /** The next signing request (sign, renew, revoke) fails with this status and message. */
  failNext(status = 500, message = 'The certificate authority encountered an Internal Server Error.'): void {
    this.faults.push({ status, message });
  }

  /** The next signing request is answered (successfully) only after `delayMs`. */
  delayNext(delayMs: number): void {
    this.faults.push({ delayMs });
  }

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.replace(/^\/1\.0(?=\/)/, '');
    try {
      if (request.method === 'GET') return this.read(path, url);
      if (request.method !== 'POST') throw new CaError(405, 'method not allowed');
      const fault = this.faults.shift();
      if (fault && 'status' in fault) throw new CaError(fault.status, fault.message);
      if (fault) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (path === '/sign') return json(201, await this.sign(request));
      if (path === '/renew') return json(201, this.renew(request));
      if (path === '/revoke') return json(200, await this.revoke(request));
      throw new CaError(404, 'not found');
    } catch (err) {
      if (!(err instanceof CaError)) throw err;
      this.log.push(err.logReason);
      return json(err.status, { status: err.status, message: err.message });
    }
  }

  private read(path: string, url: URL): Response {
    if (path === '/health') return json(200, { status: 'ok' });
    if (path === '/version') return json(200, { version: '0.30.2', requireClientAuthentication: false });
    if (path === '/roots') return json(200, { crts: [this.root.pem] });
    if (path === '/intermediates') return json(200, { crts: [this.intermediate.pem] });
    const root = /^\/root\/([0-9a-fA-F-]+)$/.exec(path);
    if (root) {
      if (normalizeFingerprint(root[1] ?? '') !== this.rootFingerprint)
        throw new CaError(404, 'root was not found');
      return json(200, { ca: this.root.pem });
    }
    if (path === '/provisioners') {
      const cursor = Number(url.searchParams.get('cursor') || '0');
      const limit = Number(url.searchParams.get('limit') || '20');
      const page = this.provisioners.slice(cursor, cursor + limit);
      const next = cursor + limit < this.provisioners.length ? String(cursor + limit) : '';
      const provisioners = page.map((p) => ({
        type: 'JWK',
        name: p.name,
        key: p.publicJwk,
        encryptedKey: p.encryptedKey,
        claims: {},
        options: {},
      }));
      return json(200, { provisioners, nextCursor: next });
    }
    const key = /^\/provisioners\/([^/]+)\/encrypted-key$/.exec(path);
    const found = key && this.provisioners.find((p) => p.kid === decodeURIComponent(key[1] ?? ''));
    if (found) return json(200, { key: found.encryptedKey });
    throw new CaError(404, 'not found');
  }

  private async sign(request: Request): Promise<unknown> {
    const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body || typeof body.csr !== 'string' || typeof body.ott !== 'string')
      throw new CaError(400, 'missing csr or ott');
    const claims = this.authorizeOtt(body.ott, '/sign');
    let csr;
    try {
      csr = parseCsr(fromPem('CERTIFICATE REQUEST', body.csr));
    } catch {
      throw new CaError(400, 'invalid certificate request');
    }
    if (!csr.signatureValid) throw new CaError(400, 'invalid certificate request signature');
    const allowed = Array.isArray(claims.sans) ? claims.sans.map(String) : [String(claims.sub)];
    const sansMatch = sameSet(normalizeSans(csr.sans), normalizeSans(allowed));
    if (!sansMatch)
      throw new CaError(
        403,
        'error signing certificate',
        `certificate request SANs ${csr.sans.join(',')} do not match token sans ${allowed.join(',')}`,
      );
    if (csr.cn !== claims.sub && !allowed.includes(csr.cn))
      throw new CaError(403, 'error signing certificate', `CN ${csr.cn} is neither sub nor in sans`);
    const duration = this.duration(body.notAfter);
    return this.respond(this.issue(csr.cn, csr.sans, csr.spki, duration));
  }

  private renew(request: Request): unknown {
    const token = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    const unauthorized = (reason: string) => new CaError(401, UNAUTHORIZED_MESSAGE, reason);
    if (!token) throw unauthorized('renew without mTLS or a bearer token');
    if (this.options.disableRenewal) throw unauthorized('renewal is disabled for this provisioner');
    let decoded;
    try {
      decoded = decodeCompact(token);
    } catch {
      throw unauthorized('renew token is not a JWS');
    }
    const x5c = decoded.header.x5c;
    if (!Array.isArray(x5c) || typeof x5c[0] !== 'string')
      throw unauthorized('renew token has no x5c header');
    const leafDer = Buffer.from(x5c[0], 'base64');
    const leaf = new X509Certificate(leafDer);
    if (!issuedBy(leafDer, this.intermediate)) throw unauthorized('x5c chain does not verify against the CA');
    if (!verifyCompact(token, leaf.publicKey))
      throw unauthorized('renew token signature is not by the certificate key');
    this.checkClaims(decoded.payload, '/renew');
    const record = this.issued.get(BigInt(`0x${leaf.serialNumber}`));
    if (!record) throw unauthorized('certificate unknown to the CA');
    if (this.revoked.has(record.serial)) throw unauthorized('certificate has been revoked');
    if (this.now() >= record.notAfter.getTime())
      throw unauthorized('certificate expired; renewal after expiry is not allowed');
    if (decoded.payload.sub !== record.cn) throw unauthorized('renew token sub is not the certificate CN');
    this.useJti(decoded.payload);
    const duration = record.notAfter.getTime() - record.notBefore.getTime();
    return this.respond(this.issue(record.cn, record.sans, certificateSpki(leafDer), duration));
  }

  private async revoke(request: Request): Promise<unknown> {
    const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body || typeof body.serial !== 'string' || typeof body.ott !== 'string')
      throw new CaError(400, 'missing serial or ott');
    if (body.passive !== true) throw new CaError(501, 'non-passive revocation not implemented');
    const claims = this.authorizeOtt(body.ott, '/revoke');
    const serial = parseSerial(body.serial);
    if (serial === null || parseSerial(String(claims.sub)) !== serial) {
      throw new CaError(
        401,
        UNAUTHORIZED_MESSAGE,
        `token sub ${String(claims.sub)} is not the serial ${body.serial}`,
      );
    }
    // The fake's answer for a second revocation (the reference does not describe it).
    if (this.revoked.has(serial))
      throw new CaError(400, `certificate with serial number '${serial}' is already revoked`);
    this.revoked.set(serial, { reasonCode: Number(body.reasonCode ?? 0), reason: String(body.reason ?? '') });
    return { status: 'ok' };
  }

  /** Find the provisioner by `iss` + `kid`, verify signature and claims, burn the `jti`. */
  private authorizeOtt(token: string, path: '/sign' | '/revoke'): Record<string, unknown> {
    const unauthorized = (reason: string) => new CaError(401, UNAUTHORIZED_MESSAGE, reason);
    let decoded;
    try {
      decoded = decodeCompact(token);
    } catch {
      throw unauthorized('token is not a JWS');
    }
    const { header, payload } = decoded;
    if (typeof header.kid !== 'string') throw unauthorized('token has no kid');
    const provisioner = this.provisioners.find((p) => p.name === payload.iss && p.kid === header.kid);
    if (!provisioner)
      throw unauthorized(`no provisioner with iss ${String(payload.iss)} and kid ${header.kid}`);
    if (!verifyCompact(token, provisioner.publicKey)) throw unauthorized('invalid token signature');
    this.checkClaims(payload, path);
    if (typeof payload.sub !== 'string' || payload.sub === '') throw unauthorized('token sub is empty');
    this.useJti(payload);
    return payload;
  }

  private checkClaims(payload: Record<string, unknown>, path: string): void {
    const unauthorized = (reason: string) => new CaError(401, UNAUTHORIZED_MESSAGE, reason);
    const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.some((aud) => this.audienceMatches(aud, path)))
      throw unauthorized(`invalid audience ${String(payload.aud)}`);
    const now = this.now() / 1000;
    const { iat, nbf, exp } = payload;
    if (typeof exp !== 'number' || now > exp + 60) throw unauthorized('token is expired');
    if (typeof nbf === 'number' && now < nbf - 60) throw unauthorized('token not valid yet');
    if (typeof iat === 'number' && iat > now + 60) throw unauthorized('token issued in the future');
    if (typeof iat === 'number' && iat < this.startSeconds)
      throw unauthorized('token issued before the CA started');
  }

  private useJti(payload: Record<string, unknown>): void {
    const jti = typeof payload.jti === 'string' && payload.jti !== '' ? payload.jti : JSON.stringify(payload);
    if (this.usedJtis.has(jti)) throw new CaError(401, 'token already used');
    this.usedJtis.add(jti);
    this.acceptedClaims.push(payload);
  }

  private audienceMatches(aud: unknown, path: string): boolean {
    if (typeof aud !== 'string') return false;
    try {
      const url = new URL(aud);
      return (
        url.protocol === 'https:' &&
        this.dnsNames.includes(url.hostname.replace(/^\[|\]$/g, '')) &&
        (url.pathname === path || url.pathname === `/1.0${path}`)
      );
    } catch {
      return false;
    }
  }

  private duration(notAfter: unknown): number {
    const min = this.options.minDurationMs ?? 5 * 60_000;
    const max = this.options.maxDurationMs ?? 24 * 3_600_000;
    let ms = this.options.defaultDurationMs ?? 24 * 3_600_000;
    if (typeof notAfter === 'string' && notAfter !== '') {
      if (GO_DURATION.test(notAfter)) {
        ms = 0;
        for (const m of notAfter.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g))
          ms += Number(m[1]) * (GO_UNIT_MS[m[2] ?? ''] ?? 0);
      } else {
        const at = Date.parse(notAfter);
        if (Number.isNaN(at))
          throw new CaError(400, `notAfter ${notAfter} is neither a duration nor RFC 3339`);
        ms = at - this.now();
      }
    }
    if (ms < min || ms > max)
      throw new CaError(
        403,
        `requested duration of ${ms / 1000}s is outside the allowed ${min / 1000}s..${max / 1000}s`,
      );
    return ms;
  }

  private issue(cn: string, sans: readonly string[], spki: Buffer, durationMs: number): IssuedRecord {
    const now = Math.floor(this.now() / 1000) * 1000;
    const record: IssuedRecord = {
      serial: randomSerial(),
      der: Buffer.alloc(0),
      cn,
      sans,
      notBefore: new Date(now),
      notAfter: new Date(now + durationMs),
    };
    const der = buildCertificate({
      serial: record.serial,
      subjectCn: cn,
      issuerName: subjectName(this.intermediate.der),
      notBefore: record.notBefore,
      notAfter: record.notAfter,
      spki,
      sans,
      isCa: false,
      issuerKey: this.intermediate.key,
      issuerSpki: this.intermediate.spki,
    });
    const stored = { ...record, der };
    this.issued.set(record.serial, stored);
    return stored;
  }

  private respond(record: IssuedRecord): unknown {
    const leaf = toPem('CERTIFICATE', record.der);
    return { crt: leaf, ca: this.intermediate.pem, certChain: [leaf, this.intermediate.pem] };
  }

  /** A server certificate for the CA's own HTTPS listener (as step-ca issues itself one). */
  serverCertificate(sans: readonly string[]): { certPem: string; keyPem: string } {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
    const record = this.issue(sans[0] ?? 'step-ca', sans, spki, 24 * 3_600_000);
    const certPem = `${toPem('CERTIFICATE', record.der)}${this.intermediate.pem}`;
    return { certPem, keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString() };
  }

  /** The issued record for a PEM certificate the sink stored. */
  recordOf(pem: string): IssuedRecord | undefined {
    return this.issued.get(BigInt(`0x${parseCertificate(pem).serialHex}`));
  }
}

function parseSerial(text: string): bigint | null {
  try {
    return /^0x/i.test(text) ? BigInt(text) : /^\d+$/.test(text) ? BigInt(text) : null;
  } catch {
    return null;
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
