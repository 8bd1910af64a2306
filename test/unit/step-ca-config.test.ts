import { describe, expect, it } from 'vitest';
import { stepCaFactory, stepCaSchema } from '../../src/sinks/step-ca/index.js';
import { sinkDeps, sinkSettings } from '../fakes/step-ca/harness.js';

const base = {
  url: 'https://ca.int.lavaduck.net:9000',
  provisioner: { name: 'nbsync', keyFile: 'provisioner.jwe', password: { env: 'STEP_PASSWORD' } },
  store: { dir: '/var/lib/nbsync/certs' },
};
const fingerprint = 'AB:'.repeat(31) + 'AB';

describe('step-ca config', () => {
  it('has the documented defaults', () => {
    expect(stepCaSchema.parse({ ...base, rootFingerprint: fingerprint })).toMatchObject({
      tag: 'tls',
      lifetime: '24h',
      timeoutMs: 30_000,
    });
  });

  it.each([
    [
      'an inline password',
      { rootFingerprint: fingerprint, provisioner: { ...base.provisioner, password: 'secret' } },
    ],
    ['a short fingerprint', { rootFingerprint: 'abcd' }],
    ['an unknown key', { rootFingerprint: fingerprint, ttl: 300 }],
    ['a bad lifetime', { rootFingerprint: fingerprint, lifetime: 'a day' }],
  ])('rejects %s', (_name, extra) => {
    expect(stepCaSchema.safeParse({ ...base, ...extra }).success).toBe(false);
  });

  it.each([
    ['neither', {}],
    ['both', { rootFingerprint: fingerprint, caFile: 'root_ca.crt' }],
  ])('needs exactly one of caFile and rootFingerprint (%s given)', (_name, extra) => {
    const config = stepCaSchema.parse({ ...base, ...extra });

    const attempt = () => stepCaFactory.create('certs', config, sinkDeps('/nonexistent', sinkSettings()));

    expect(attempt).toThrow(/set exactly one of caFile \(the root PEM\) or rootFingerprint/);
  });

  it('names an unreadable caFile', () => {
    const config = stepCaSchema.parse({ ...base, caFile: 'root_ca.crt' });

    const attempt = () => stepCaFactory.create('certs', config, sinkDeps('/nonexistent', sinkSettings()));

    expect(attempt).toThrow('sinks.certs.caFile: cannot read /nonexistent/root_ca.crt');
  });
});
