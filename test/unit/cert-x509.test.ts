import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { integer, oid, readDer, readOid } from '../../src/sinks/cert-common/der.js';
import { createCsr, fromPem } from '../../src/sinks/cert-common/csr.js';
import { parseDuration, renewReason } from '../../src/sinks/cert-common/renewal.js';
import { normalizeSans, parseSubjectAltNameText } from '../../src/sinks/cert-common/sans.js';
import { normalizeFingerprint, parseCertificate } from '../../src/sinks/cert-common/x509.js';
import { parseCsr } from '../fakes/step-ca/x509-builder.js';
import { StepCaFake } from '../fakes/step-ca/fake.js';

function openssl(args: string[], files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nbsync-openssl-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('openssl is not installed (Debian package openssl)');
    throw err;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('DER', () => {
  it.each(['2.5.29.17', '1.2.840.10045.4.3.2', '1.3.6.1.5.5.7.3.1', '2.999.3'])(
    'round-trips OID %s',
    (dotted) => {
      expect(readOid(readDer(oid(dotted)))).toBe(dotted);
    },
  );

  it('encodes integers as positive two’s complement', () => {
    expect(integer(0).toString('hex')).toBe('020100');
    expect(integer(127).toString('hex')).toBe('02017f');
    expect(integer(128).toString('hex')).toBe('02020080');
    expect(integer(Buffer.from([0, 0, 1])).toString('hex')).toBe('020101');
  });

  it('rejects trailing and truncated input', () => {
    expect(() => readDer(Buffer.from('020100ff', 'hex'))).toThrow(RangeError);
    expect(() => readDer(Buffer.from('0205', 'hex'))).toThrow(RangeError);
  });
});

describe('certificate requests', () => {
  it('builds a PKCS#10 request that openssl verifies, with CN and SANs', () => {
    const { csrPem } = createCsr('app1.int.lavaduck.net', [
      'app1.int.lavaduck.net',
      '10.10.20.5',
      '2001:db8::5',
    ]);

    const text = openssl(['req', '-in', 'r.csr', '-noout', '-verify', '-text'], { 'r.csr': csrPem });

    expect(text).toContain('CN = app1.int.lavaduck.net');
    expect(text).toMatch(
      /DNS:app1\.int\.lavaduck\.net, IP Address:10\.10\.20\.5, IP Address:2001:DB8:0:0:0:0:0:5/,
    );
  });

  it('parses back to what was asked (the fake CA reads it this way)', () => {
    const { csrPem } = createCsr('a.example.net', ['a.example.net', '10.0.0.1']);

    const parsed = parseCsr(fromPem('CERTIFICATE REQUEST', csrPem));

    expect(parsed).toMatchObject({
      cn: 'a.example.net',
      sans: ['a.example.net', '10.0.0.1'],
      signatureValid: true,
    });
  });
});

describe('certificates from the fake CA', () => {
  it('are real X.509 that openssl verifies against the root', async () => {
    const fake = new StepCaFake({ dnsNames: ['127.0.0.1'] });
    const { certPem } = fake.serverCertificate(['127.0.0.1', 'ca.int.lavaduck.net']);
    const [leaf, intermediate] = certPem.split(/(?<=-----END CERTIFICATE-----\n)/);

    const out = openssl(['verify', '-CAfile', 'root.pem', '-untrusted', 'inter.pem', 'leaf.pem'], {
      'root.pem': fake.root.pem,
      'inter.pem': intermediate ?? '',
      'leaf.pem': leaf ?? '',
    });

    expect(out.trim()).toBe('leaf.pem: OK');
    const info = parseCertificate(leaf ?? '');
    expect(info.sans).toEqual(['ca.int.lavaduck.net', '127.0.0.1']);
    expect(info.issuer).toContain('Fake Step Intermediate CA');
    expect(BigInt(info.serialDecimal)).toBe(BigInt(`0x${info.serialHex}`));
  });
});

describe('SANs, fingerprints, durations and the renewal window', () => {
  it('normalises SAN lists: names sorted first, then canonical IPs', () => {
    expect(
      normalizeSans(['B.example.', '10.0.0.2', 'a.example', '2001:DB8:0:0:0:0:0:5', 'a.example']),
    ).toEqual(['a.example', 'b.example', '10.0.0.2', '2001:db8::5']);
    expect(parseSubjectAltNameText('DNS:a.example, IP Address:2001:DB8:0:0:0:0:0:5, email:x@y')).toEqual([
      'a.example',
      '2001:db8::5',
      'email:x@y',
    ]);
  });

  it('normalises pasted fingerprints', () => {
    expect(normalizeFingerprint('AB:cd-EF 01')).toBe('abcdef01');
  });

  it.each([
    ['24h', 86_400_000],
    ['90d', 90 * 86_400_000],
    ['1h30m', 5_400_000],
    ['45s', 45_000],
    ['', null],
    ['1.5h', null],
    ['24', null],
  ])('parses duration %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  const cert = { notBefore: new Date(0), notAfter: new Date(24 * 3_600_000) };
  const HOUR = 3_600_000;
  it.each([
    ['fresh, default window (a third)', 'ok', 15 * HOUR, null, null],
    ['inside the default window', 'ok', 17 * HOUR, null, 'expiring'],
    ['outside a configured window', 'ok', 17 * HOUR, 6 * HOUR, null],
    ['inside a configured window', 'ok', 19 * HOUR, 6 * HOUR, 'expiring'],
    ['expired', 'ok', 25 * HOUR, null, 'expired'],
    ['key missing', 'missing', 0, null, 'key-missing'],
    ['key mismatch', 'mismatch', 0, null, 'key-mismatch'],
  ] as const)('renewal: %s', (_name, keyState, now, window, reason) => {
    expect(renewReason(cert, keyState, now, window)).toBe(reason);
  });
});
