import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncError } from '../../src/model/errors.js';
import { createCsr, generatePrivateKey } from '../../src/sinks/cert-common/csr.js';
import { CertificateStore, INDEX_FILE } from '../../src/sinks/cert-common/store.js';
import { StepCaFake } from '../fakes/step-ca/fake.js';
import { signOneTimeToken } from '../../src/sinks/step-ca/token.js';

const AUD = 'https://ca.int.lavaduck.net/1.0/sign';
const fake = new StepCaFake();
const provisioner = fake.addJwkProvisioner('p', 'pw');

/** A real chain and key from the fake CA. */
async function issued(name: string): Promise<{ certPem: string; keyPem: string }> {
  const { keyPem, csrPem } = createCsr(name, [name]);
  const ott = signOneTimeToken({
    provisioner: { name: 'p', key: provisioner.privateKey, kid: provisioner.kid },
    audience: AUD,
    subject: name,
    sans: [name],
    rootFingerprint: fake.rootFingerprint,
    now: Date.now(),
  });
  const res = await fake.handle(
    new Request(AUD, { method: 'POST', body: JSON.stringify({ csr: csrPem, ott }) }),
  );
  const body = (await res.json()) as { certChain: string[] };
  return { certPem: body.certChain.join(''), keyPem };
}

let dir: string;
let store: CertificateStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nbsync-store-'));
  store = new CertificateStore(join(dir, 'certs'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const mark = { instance: 'homelab', ref: 'virtualization.virtualmachine/7' };

describe('certificate store', () => {
  it('treats a missing directory as an empty store', async () => {
    expect(await store.list()).toEqual([]);
  });

  it('writes <name>.crt, <name>.key (0600) and the owner mark in the index, and reads them back', async () => {
    const files = await issued('app1.int.lavaduck.net');

    await store.write('app1.int.lavaduck.net', files, mark);
    const [cert, ...rest] = await store.list();

    expect(rest).toEqual([]);
    expect(cert).toMatchObject({
      name: 'app1.int.lavaduck.net',
      certPem: files.certPem,
      keyPem: files.keyPem,
      keyState: 'ok',
      owner: mark,
      revoked: false,
    });
    expect(cert?.leaf.sans).toEqual(['app1.int.lavaduck.net']);
    expect((await stat(join(store.dir, 'app1.int.lavaduck.net.key'))).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(join(store.dir, INDEX_FILE), 'utf8'))).toEqual({
      version: 1,
      certificates: {
        'app1.int.lavaduck.net': { owner: 'nbsync:homelab virtualization.virtualmachine/7', revoked: false },
      },
    });
    expect((await readdir(store.dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('reports certificates without an index entry as unmarked', async () => {
    const files = await issued('hand.int.lavaduck.net');
    await store.write('other.int.lavaduck.net', await issued('other.int.lavaduck.net'), mark);
    await writeFile(join(store.dir, 'hand.int.lavaduck.net.crt'), files.certPem);

    const found = await store.list();

    expect(found.map((c) => [c.name, c.owner, c.keyState])).toEqual([
      ['hand.int.lavaduck.net', null, 'missing'],
      ['other.int.lavaduck.net', mark, 'ok'],
    ]);
  });

  it('notices a key that does not belong to the certificate', async () => {
    await store.write('app1.int.lavaduck.net', await issued('app1.int.lavaduck.net'), mark);
    await writeFile(
      join(store.dir, 'app1.int.lavaduck.net.key'),
      generatePrivateKey().export({ type: 'pkcs8', format: 'pem' }),
    );

    const cert = await store.read('app1.int.lavaduck.net');

    expect(cert?.keyState).toBe('mismatch');
  });

  it('fails the whole read on a damaged certificate or index, naming the file', async () => {
    await store.write('app1.int.lavaduck.net', await issued('app1.int.lavaduck.net'), mark);
    await writeFile(join(store.dir, 'zz.int.lavaduck.net.crt'), 'garbage');

    const damagedCert = store.list();
    await expect(damagedCert).rejects.toThrow(/zz\.int\.lavaduck\.net\.crt is not a PEM certificate/);
    await rm(join(store.dir, 'zz.int.lavaduck.net.crt'));
    await writeFile(join(store.dir, INDEX_FILE), '{"version": 2}');
    const damagedIndex = store.list();

    await expect(damagedIndex).rejects.toMatchObject({ code: 'SINK_PARSE' });
  });

  it('records a revocation and removes files and index entry', async () => {
    await store.write('app1.int.lavaduck.net', await issued('app1.int.lavaduck.net'), mark);

    await store.markRevoked('app1.int.lavaduck.net');
    const revoked = await store.read('app1.int.lavaduck.net');
    await store.remove('app1.int.lavaduck.net');

    expect(revoked?.revoked).toBe(true);
    expect(await store.list()).toEqual([]);
    expect(await readdir(store.dir)).toEqual([INDEX_FILE]);
  });

  it('refuses names that are not host names (no path tricks)', () => {
    expect(() => store.paths('../etc/passwd')).toThrow(SyncError);
  });
});
