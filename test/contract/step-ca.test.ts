import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createCsr, toPem } from '../../src/sinks/cert-common/csr.js';
import { signOneTimeToken } from '../../src/sinks/step-ca/token.js';
import {
  CA_URL,
  certInventory,
  certIp,
  certVm,
  createStepCaHarness,
  type StepCaHarness,
} from '../fakes/step-ca/harness.js';
import { sinkContract } from './sink-contract.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A certificate signed by the fake CA and written straight into the store, not by nbsync. */
async function handMade(h: StepCaHarness, name: string): Promise<void> {
  const provisioner = h.fake.provisioners[0];
  if (!provisioner) throw new Error('the harness adds a provisioner');
  const ott = signOneTimeToken({
    provisioner: { name: provisioner.name, key: provisioner.privateKey, kid: provisioner.kid },
    audience: `${CA_URL}/1.0/sign`,
    subject: name,
    sans: [name],
    rootFingerprint: h.fake.rootFingerprint,
    now: h.clock.now,
  });
  const { keyPem, csrPem } = createCsr(name, [name]);
  const res = await h.fake.handle(
    new Request(`${CA_URL}/1.0/sign`, { method: 'POST', body: JSON.stringify({ csr: csrPem, ott }) }),
  );
  const { certChain } = (await res.json()) as { certChain: string[] };
  await mkdir(h.dir, { recursive: true });
  await writeFile(join(h.dir, `${name}.crt`), certChain.join(''));
  await writeFile(join(h.dir, `${name}.key`), keyPem, { mode: 0o600 });
}

sinkContract('step-ca', async () => {
  const h = await createStepCaHarness();
  server.use(...h.handlers);
  return {
    sink: h.sink,
    inventory: certInventory(
      [certVm(1, 'a', 1), certVm(2, 'b', 2)],
      [certIp(1, 'a.int.lavaduck.net', '10.0.0.1/24'), certIp(2, 'b.int.lavaduck.net', '10.0.0.2/24')],
    ),
    seedForeign: async () => {
      await handMade(h, 'a.int.lavaduck.net');
      await handMade(h, 'z.int.lavaduck.net');
      await h.sink.store.setOwner('z.int.lavaduck.net', {
        instance: 'other',
        ref: 'virtualization.virtualmachine/9',
      });
      return { unmarkedKey: 'a.int.lavaduck.net', foreignKey: 'z.int.lavaduck.net' };
    },
    failNextRead: () => {
      // The store is the observed side: one damaged certificate file fails the whole read.
      mkdirSync(h.dir, { recursive: true });
      writeFileSync(join(h.dir, 'broken.int.lavaduck.net.crt'), toPem('CERTIFICATE', Buffer.from('not DER')));
    },
    rejectNextWrite: () => h.fake.failNext(403, 'error signing certificate'),
    teardown: () => h.cleanup(),
  };
});
