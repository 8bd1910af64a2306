import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../src/model/errors.js';
import type { Inventory } from '../../src/model/inventory.js';
import type { Change } from '../../src/model/plan.js';
import { Controller } from '../../src/reconcile/controller.js';
import { planSink } from '../../src/reconcile/planner.js';
import { parseCertificate, splitPemChain } from '../../src/sinks/cert-common/x509.js';
import {
  CA_URL,
  certInventory,
  certIp,
  certVm,
  createStepCaHarness,
  runContext,
  type StepCaHarness,
} from '../fakes/step-ca/harness.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const HOUR = 3_600_000;
let harnesses: StepCaHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.map((h) => h.cleanup()));
  harnesses = [];
});

async function harness(options: Parameters<typeof createStepCaHarness>[0] = {}): Promise<StepCaHarness> {
  const h = await createStepCaHarness(options);
  server.use(...h.handlers);
  harnesses.push(h);
  return h;
}

const app1 = (extraAlias?: string): Inventory =>
  certInventory(
    [certVm(7, 'app1', 42)],
    [
      certIp(
        42,
        'app1.int.lavaduck.net',
        '10.10.20.5/24',
        extraAlias ? { customFields: { dns_aliases: extraAlias } } : {},
      ),
    ],
  );

async function plan(h: StepCaHarness, inventory: Inventory) {
  return planSink(h.sink, h.sink.desired(inventory), await h.sink.observe(runContext()));
}

async function applyAll(h: StepCaHarness, changes: readonly Change[]) {
  for (const change of changes) await h.sink.apply(change, runContext());
}

async function stored(h: StepCaHarness, name: string) {
  const cert = await h.sink.store.read(name);
  if (!cert) throw new Error(`no certificate ${name}`);
  return cert;
}

describe('step-ca sink', () => {
  it('issues a certificate for a newly tagged VM, CN and SANs from its DNS names and IPs', async () => {
    const h = await harness();

    const first = await plan(h, app1('www'));
    await applyAll(h, first.changes);

    expect(first.changes.map((c) => [c.op, c.op === 'create' ? c.after.key : ''])).toEqual([
      ['create', 'app1.int.lavaduck.net'],
    ]);
    const cert = await stored(h, 'app1.int.lavaduck.net');
    expect(cert.leaf.cn).toBe('app1.int.lavaduck.net');
    expect(cert.leaf.sans).toEqual(['app1.int.lavaduck.net', 'www.int.lavaduck.net', '10.10.20.5']);
    expect(cert.owner).toEqual({ instance: 'homelab', ref: 'virtualization.virtualmachine/7' });
    expect(cert.keyState).toBe('ok');
    expect(splitPemChain(cert.certPem)).toHaveLength(2);
    expect(h.fake.recordOf(cert.certPem)?.notAfter.getTime()).toBe(h.clock.now + 24 * HOUR);
    expect((await plan(h, app1('www'))).changes).toEqual([]);
  });

  it('writes keys with mode 0600 and leaves no temporary files', async () => {
    const h = await harness();

    await applyAll(h, (await plan(h, app1())).changes);

    const key = await stat(join(h.dir, 'app1.int.lavaduck.net.key'));
    expect(key.mode & 0o777).toBe(0o600);
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(h.dir)).sort()).toEqual([
      'app1.int.lavaduck.net.crt',
      'app1.int.lavaduck.net.key',
      'nbsync-index.json',
    ]);
  });

  it('renews inside the renewal window and not before', async () => {
    const h = await harness({ config: { renewBefore: '8h' } });
    await applyAll(h, (await plan(h, app1())).changes);
    const original = await stored(h, 'app1.int.lavaduck.net');

    h.clock.now += 15 * HOUR;
    const early = await plan(h, app1());
    h.clock.now += 2 * HOUR;
    const due = await plan(h, app1());
    await applyAll(h, due.changes);

    expect(early.changes).toEqual([]);
    expect(due.changes).toHaveLength(1);
    expect(due.changes[0]).toMatchObject({
      op: 'update',
      diff: [{ field: 'renewDue', from: true, to: false }],
    });
    const renewed = await stored(h, 'app1.int.lavaduck.net');
    expect(renewed.leaf.serialHex).not.toBe(original.leaf.serialHex);
    expect(renewed.leaf.notAfter.getTime()).toBe(h.clock.now + 24 * HOUR);
    expect(renewed.keyPem).toBe(original.keyPem);
    expect(h.fake.acceptedClaims.at(-1)).toMatchObject({
      iss: 'step-ca-client/1.0',
      sub: 'app1.int.lavaduck.net',
      aud: `${CA_URL}/1.0/renew`,
    });
    expect((await plan(h, app1())).changes).toEqual([]);
  });

  it('issues anew when the CA refuses the renewal', async () => {
    const h = await harness({ fake: { disableRenewal: true } });
    await applyAll(h, (await plan(h, app1())).changes);
    const original = await stored(h, 'app1.int.lavaduck.net');
    h.clock.now += 20 * HOUR;

    await applyAll(h, (await plan(h, app1())).changes);

    const renewed = await stored(h, 'app1.int.lavaduck.net');
    expect(h.fake.log).toEqual(['renewal is disabled for this provisioner']);
    expect(renewed.leaf.notAfter.getTime()).toBe(h.clock.now + 24 * HOUR);
    expect(renewed.keyPem).not.toBe(original.keyPem);
  });

  it('reissues via /sign once the certificate has expired', async () => {
    const h = await harness();
    await applyAll(h, (await plan(h, app1())).changes);
    h.clock.now += 30 * HOUR;

    const due = await plan(h, app1());
    await applyAll(h, due.changes);

    expect(due.changes[0]?.op === 'update' && due.changes[0].before.meta.extra?.renewReason).toBe('expired');
    expect(h.fake.acceptedClaims.at(-1)?.aud).toBe(`${CA_URL}/1.0/sign`);
    expect((await stored(h, 'app1.int.lavaduck.net')).leaf.notAfter.getTime()).toBe(h.clock.now + 24 * HOUR);
  });

  it('reports certificate expiries for the metrics', async () => {
    const h = await harness();
    await applyAll(h, (await plan(h, app1())).changes);

    const expiries = await h.sink.certificateExpiries();

    expect(expiries).toEqual([
      { name: 'app1.int.lavaduck.net', notAfter: new Date(h.clock.now + 24 * HOUR) },
    ]);
  });

  it('adopts an unmarked certificate with the same SANs when adopt is set', async () => {
    const h = await harness({ settings: { adopt: true } });
    await applyAll(h, (await plan(h, app1())).changes);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(h.dir, 'nbsync-index.json'), JSON.stringify({ version: 1, certificates: {} }));
    const serial = (await stored(h, 'app1.int.lavaduck.net')).leaf.serialHex;

    const adoption = await plan(h, app1());
    await applyAll(h, adoption.changes);

    expect(adoption.changes).toMatchObject([{ op: 'update', diff: [{ field: 'owner' }] }]);
    const after = await stored(h, 'app1.int.lavaduck.net');
    expect(after.owner?.instance).toBe('homelab');
    expect(after.leaf.serialHex).toBe(serial);
  });

  it('defaults the renewal window to a third of the lifetime', async () => {
    const h = await harness();
    await applyAll(h, (await plan(h, app1())).changes);

    h.clock.now += 15 * HOUR;
    const before = await plan(h, app1());
    h.clock.now += 2 * HOUR;
    const after = await plan(h, app1());

    expect(before.changes).toEqual([]);
    expect(after.changes.map((c) => c.op)).toEqual(['update']);
  });

  it('reissues with a new key when the SANs change', async () => {
    const h = await harness();
    await applyAll(h, (await plan(h, app1())).changes);
    const original = await stored(h, 'app1.int.lavaduck.net');

    const changed = await plan(h, app1('api'));
    await applyAll(h, changed.changes);

    expect(changed.changes[0]).toMatchObject({ op: 'update', diff: [{ field: 'sans' }] });
    const reissued = await stored(h, 'app1.int.lavaduck.net');
    expect(reissued.leaf.sans).toEqual(['api.int.lavaduck.net', 'app1.int.lavaduck.net', '10.10.20.5']);
    expect(reissued.keyPem).not.toBe(original.keyPem);
    expect(h.fake.revoked.size).toBe(0);
  });

  it('revokes and removes a certificate whose object is gone, only when forced', async () => {
    const h = await harness();
    const controller = (inventory: Inventory) =>
      new Controller({
        source: { load: async () => inventory },
        sinks: [h.sink],
        log: pino({ level: 'silent' }),
      });
    await controller(app1()).apply();
    const cert = await stored(h, 'app1.int.lavaduck.net');

    const unforced = await controller(certInventory([], [])).apply();
    const stillThere = await h.sink.store.read('app1.int.lavaduck.net');
    const forced = await controller(certInventory([], [])).apply({ force: true });

    expect(unforced.plan.sinks[0]?.changes[0]).toMatchObject({ op: 'delete', forced: true });
    expect(unforced.sinks[0]?.outcomes[0]?.outcome).toBe('skipped');
    expect(stillThere?.leaf.serialHex).toBe(cert.leaf.serialHex);
    expect(forced.sinks[0]?.outcomes[0]?.outcome).toBe('applied');
    expect(h.fake.revoked.get(BigInt(`0x${cert.leaf.serialHex}`))).toEqual({
      reasonCode: 5,
      reason: 'removed from NetBox by nbsync',
    });
    expect(await h.sink.store.read('app1.int.lavaduck.net')).toBeNull();
    expect(h.fake.acceptedClaims.at(-1)).toMatchObject({
      sub: cert.leaf.serialDecimal,
      aud: 'https://ca.int.lavaduck.net:9000/1.0/revoke',
    });
  });

  it('keeps the old certificate when the CA fails', async () => {
    const h = await harness();
    await applyAll(h, (await plan(h, app1())).changes);
    const original = await stored(h, 'app1.int.lavaduck.net');
    const changes = (await plan(h, app1('api'))).changes;
    h.fake.failNext(500);

    const attempt = applyAll(h, changes);

    await expect(attempt).rejects.toMatchObject({ code: 'SINK_HTTP', retryable: true });
    const after = await stored(h, 'app1.int.lavaduck.net');
    expect(after.certPem).toBe(original.certPem);
    expect(after.keyPem).toBe(original.keyPem);
  });

  it('retries when the CA is briefly unavailable (503)', async () => {
    const h = await harness();
    h.fake.failNext(503, 'The certificate authority is starting.');

    await applyAll(h, (await plan(h, app1())).changes);

    expect(h.fake.log).toEqual(['The certificate authority is starting.']);
    expect(await h.sink.store.read('app1.int.lavaduck.net')).not.toBeNull();
  });

  it('keeps the old certificate when the CA times out', async () => {
    const h = await harness({ config: { timeoutMs: 200 } });
    await applyAll(h, (await plan(h, app1())).changes);
    const original = await stored(h, 'app1.int.lavaduck.net');
    const changes = (await plan(h, app1('api'))).changes;
    h.fake.delayNext(2000);

    const attempt = applyAll(h, changes);

    await expect(attempt).rejects.toMatchObject({ code: 'SINK_UNREACHABLE', retryable: true });
    expect((await stored(h, 'app1.int.lavaduck.net')).certPem).toBe(original.certPem);
  });

  it('refuses to overwrite a certificate it does not own', async () => {
    const h = await harness();
    await applyAll(h, (await plan(h, app1())).changes);
    await h.sink.store.setOwner('app1.int.lavaduck.net', { instance: 'other', ref: '' });
    const change = (await plan(h, certInventory([], []))).changes;

    const foreign = await plan(h, app1('api'));
    const attempt = h.sink.apply(
      { op: 'create', after: h.sink.desired(app1()).resources[0]!, forced: false },
      runContext(),
    );

    expect(change).toEqual([]);
    expect(foreign.conflicts.map((c) => c.reason)).toEqual([
      'owned by another nbsync instance (nbsync:other)',
    ]);
    await expect(attempt).rejects.toBeInstanceOf(SyncError);
  });

  it('reports a reachable CA and a readable provisioner key in check()', async () => {
    const h = await harness();

    const problems = await h.sink.check(runContext());

    expect(problems).toEqual([]);
  });

  it('issues the certificate the CA signed with the pinned root from caFile', async () => {
    const h = await harness({ trust: 'caFile' });

    await applyAll(h, (await plan(h, app1())).changes);

    const cert = await stored(h, 'app1.int.lavaduck.net');
    const [leaf, intermediate] = splitPemChain(cert.certPem);
    expect(parseCertificate(intermediate ?? '').issuer).toContain('Fake Step Root CA');
    expect(parseCertificate(leaf ?? '').issuer).toContain('Fake Step Intermediate CA');
    expect(h.fake.acceptedClaims[0]?.sha).toBe(h.fake.rootFingerprint);
  });
});
