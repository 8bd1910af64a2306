import { afterEach, describe, expect, it } from 'vitest';
import { planSink } from '../../src/reconcile/planner.js';
import type { ServedFake } from '../fakes/http.js';
import {
  certInventory,
  certIp,
  certVm,
  createStepCaHarness,
  runContext,
  type StepCaHarness,
} from '../fakes/step-ca/harness.js';
import { serveFakeTls } from '../fakes/step-ca/tls.js';
import type { StepCaFake } from '../fakes/step-ca/fake.js';

// Real HTTPS on 127.0.0.1: the CA's server certificate comes from its own intermediate, so only
// a client that pinned the right root can talk to it.
const inventory = certInventory(
  [certVm(7, 'app1', 42)],
  [certIp(42, 'app1.int.lavaduck.net', '10.10.20.5/24')],
);
let served: ServedFake[] = [];
let harnesses: StepCaHarness[] = [];
afterEach(async () => {
  await Promise.all([...served.map((s) => s.close()), ...harnesses.map((h) => h.cleanup())]);
  served = [];
  harnesses = [];
});

async function overTls(
  options: Parameters<typeof createStepCaHarness>[0] = {},
  tlsFrom?: StepCaFake,
): Promise<StepCaHarness> {
  const h = await createStepCaHarness({
    fake: { dnsNames: ['127.0.0.1'] },
    ...options,
    serve: async (fake) => {
      const s = await serveFakeTls(fake, (tlsFrom ?? fake).serverCertificate(['127.0.0.1']));
      served.push(s);
      return s.url;
    },
  });
  harnesses.push(h);
  return h;
}

async function issue(h: StepCaHarness) {
  const plan = planSink(h.sink, h.sink.desired(inventory), await h.sink.observe(runContext()));
  for (const change of plan.changes) await h.sink.apply(change, runContext());
}

describe('step-ca over HTTPS with a pinned root', () => {
  it('bootstraps the root from its fingerprint and issues', async () => {
    const h = await overTls({ trust: 'fingerprint', start: Date.now() });

    await issue(h);

    expect((await h.sink.store.read('app1.int.lavaduck.net'))?.leaf.cn).toBe('app1.int.lavaduck.net');
    expect(h.fake.acceptedClaims[0]?.aud).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/1\.0\/sign$/);
  });

  it('issues with the root from caFile', async () => {
    const h = await overTls({ trust: 'caFile', start: Date.now() });

    await issue(h);

    expect(await h.sink.store.read('app1.int.lavaduck.net')).not.toBeNull();
  });

  it('refuses a CA whose root does not match the fingerprint', async () => {
    const h = await overTls({
      trust: 'fingerprint',
      start: Date.now(),
      config: { rootFingerprint: 'ab'.repeat(32) },
    });

    const attempt = issue(h);

    await expect(attempt).rejects.toMatchObject({ code: 'SINK_REJECTED' });
    expect(h.fake.acceptedClaims).toEqual([]);
  });

  it('refuses a server whose certificate does not chain to the pinned root', async () => {
    const { StepCaFake: Fake } = await import('../fakes/step-ca/fake.js');
    const impostor = new Fake({ dnsNames: ['127.0.0.1'] });
    const h = await overTls({ trust: 'caFile', start: Date.now() }, impostor);

    const attempt = issue(h);

    await expect(attempt).rejects.toMatchObject({ code: 'SINK_UNREACHABLE' });
    expect(h.fake.acceptedClaims).toEqual([]);
  });
});
