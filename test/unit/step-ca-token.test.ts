import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCsr } from '../../src/sinks/cert-common/csr.js';
import { decodeCompact, jwkThumbprint, signCompact, verifyCompact } from '../../src/sinks/cert-common/jws.js';
import { loadProvisionerKey, type ProvisionerKey } from '../../src/sinks/step-ca/provisioner.js';
import { oneTimeTokenClaims, signOneTimeToken } from '../../src/sinks/step-ca/token.js';
import { encryptJwe } from '../fakes/step-ca/authority.js';
import { StepCaFake, UNAUTHORIZED_MESSAGE } from '../fakes/step-ca/fake.js';

const START = Date.parse('2026-11-25T10:00:00Z');
const AUD = 'https://ca.int.lavaduck.net:9000/1.0/sign';

function setup() {
  const clock = { now: START };
  const fake = new StepCaFake({ now: () => clock.now });
  const provisioner = fake.addJwkProvisioner('nbsync', 'pw');
  const key = loadProvisionerKey('nbsync', provisioner.encryptedKey, 'pw', 'provisioner.jwe');
  return { clock, fake, key };
}

function token(
  key: ProvisionerKey,
  overrides: { audience?: string; now?: number; sans?: string[]; subject?: string } = {},
) {
  return signOneTimeToken({
    provisioner: key,
    audience: overrides.audience ?? AUD,
    subject: overrides.subject ?? 'app1.int.lavaduck.net',
    sans: overrides.sans ?? ['app1.int.lavaduck.net', '10.10.20.5'],
    rootFingerprint: 'f'.repeat(64),
    now: overrides.now ?? START,
  });
}

async function sign(
  fake: StepCaFake,
  ott: string,
  sans = ['app1.int.lavaduck.net', '10.10.20.5'],
  notAfter = '86400s',
) {
  const { csrPem } = createCsr('app1.int.lavaduck.net', sans);
  const res = await fake.handle(
    new Request(AUD, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ csr: csrPem, ott, notAfter }),
    }),
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('provisioner key', () => {
  it('decrypts the PBES2 JWE as step stores it and keeps its kid', () => {
    const { fake, key } = setup();

    const provisioner = fake.provisioners[0];

    expect(key.kid).toBe(provisioner?.kid);
    expect(key.kid).toBe(jwkThumbprint(key.key));
    expect(key.key.type).toBe('private');
  });

  it('reads the flattened JSON form, a plain JWK and a PEM key', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' });
    const [p, k, iv, c, t] = encryptJwe(Buffer.from(JSON.stringify(jwk)), 'pw', 1000).split('.');
    const flattened = JSON.stringify({ protected: p, encrypted_key: k, iv, ciphertext: c, tag: t });

    const keys = [
      loadProvisionerKey('n', flattened, 'pw', 'a.json'),
      loadProvisionerKey('n', JSON.stringify(jwk), null, 'b.json'),
      loadProvisionerKey('n', privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), null, 'c.pem'),
    ];

    expect(keys.map((x) => x.kid)).toEqual(Array(3).fill(jwkThumbprint(privateKey)));
  });

  it('names the file but never the password when decryption fails', () => {
    const { fake } = setup();
    const encrypted = fake.provisioners[0]?.encryptedKey ?? '';

    const attempt = () =>
      loadProvisionerKey('nbsync', encrypted, 'hunter2-wrong', '/etc/nbsync/provisioner.jwe');

    expect(attempt).toThrow(/cannot decrypt provisioner key \/etc\/nbsync\/provisioner\.jwe/);
    expect(attempt).not.toThrow(/hunter2/);
    expect(() => loadProvisionerKey('nbsync', encrypted, null, 'p.jwe')).toThrow(/set provisioner\.password/);
  });
});

describe('one-time token', () => {
  it('carries the claims the reference lists, signed ES256 with kid and typ', () => {
    const { key } = setup();

    const ott = token(key);

    const { header, payload } = decodeCompact(ott);
    expect(header).toEqual({ alg: 'ES256', kid: key.kid, typ: 'JWT' });
    expect(payload).toMatchObject({
      iss: 'nbsync',
      sub: 'app1.int.lavaduck.net',
      aud: AUD,
      sans: ['app1.int.lavaduck.net', '10.10.20.5'],
      sha: 'f'.repeat(64),
      iat: START / 1000,
      nbf: START / 1000,
      exp: START / 1000 + 300,
    });
    expect(payload.jti).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyCompact(ott, key.key)).toBe(true);
  });

  it('uses a fresh jti every time', () => {
    const { key } = setup();
    const input = { provisioner: key, audience: AUD, subject: 's', rootFingerprint: '', now: START };

    const ids = new Set(Array.from({ length: 20 }, () => oneTimeTokenClaims(input).jti));

    expect(ids.size).toBe(20);
  });
});

describe('the fake CA checks tokens as the reference says', () => {
  it('signs with a valid token and answers 201 with crt, ca and certChain', async () => {
    const { fake, key } = setup();

    const res = await sign(fake, token(key));

    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['ca', 'certChain', 'crt']);
  });

  it.each([
    ['expired beyond the 1 minute leeway', { now: START - 400_000 }, 'token is expired'],
    ['not valid yet', { now: START + 120_000 }, 'token not valid yet'],
    ['issued before the CA started', { now: START - 10_000 }, 'token issued before the CA started'],
    [
      'for another audience',
      { audience: 'https://other.example/1.0/sign' },
      'invalid audience https://other.example/1.0/sign',
    ],
    [
      'for the revoke endpoint',
      { audience: 'https://ca.int.lavaduck.net/1.0/revoke' },
      'invalid audience https://ca.int.lavaduck.net/1.0/revoke',
    ],
  ])('refuses a token %s with the generic 401', async (_name, overrides, logged) => {
    const { fake, key } = setup();

    const res = await sign(fake, token(key, overrides));

    expect(res).toEqual({ status: 401, body: { status: 401, message: UNAUTHORIZED_MESSAGE } });
    expect(fake.log).toEqual([logged]);
  });

  it('accepts an expired token inside the leeway and ignores the audience port', async () => {
    const { fake, key, clock } = setup();
    const ott = token(key, { audience: 'https://ca.int.lavaduck.net/1.0/sign' });
    clock.now = START + 330_000;

    const res = await sign(fake, ott);

    expect(res.status).toBe(201);
  });

  it('refuses a reused token (jti)', async () => {
    const { fake, key } = setup();
    const ott = token(key);
    await sign(fake, ott);

    const again = await sign(fake, ott);

    expect(again).toEqual({ status: 401, body: { status: 401, message: 'token already used' } });
  });

  it('refuses a token signed by another key or naming an unknown provisioner', async () => {
    const { fake, key } = setup();
    const stranger = { ...key, key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey };

    const forged = await sign(fake, token(stranger));
    const renamed = await sign(fake, token({ ...key, name: 'someone-else' }));

    expect([forged.status, renamed.status]).toEqual([401, 401]);
    expect(fake.log).toEqual([
      'invalid token signature',
      `no provisioner with iss someone-else and kid ${key.kid}`,
    ]);
  });

  it('refuses a token without kid', async () => {
    const { fake, key } = setup();
    const claims = oneTimeTokenClaims({
      provisioner: key,
      audience: AUD,
      subject: 'app1.int.lavaduck.net',
      rootFingerprint: '',
      now: START,
    });

    const res = await sign(fake, signCompact({ typ: 'JWT' }, claims, key.key));

    expect(res.status).toBe(401);
    expect(fake.log).toEqual(['token has no kid']);
  });

  it('refuses a CSR whose SANs differ from the token sans (403)', async () => {
    const { fake, key } = setup();

    const res = await sign(fake, token(key), ['app1.int.lavaduck.net', 'evil.example.net']);

    expect(res).toEqual({ status: 403, body: { status: 403, message: 'error signing certificate' } });
  });

  it('refuses a lifetime outside the provisioner min/max (403)', async () => {
    const { fake, key } = setup();

    const res = await sign(fake, token(key), undefined, '720h');

    expect(res.status).toBe(403);
  });
});
