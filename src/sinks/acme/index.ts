import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SyncError } from '../../model/errors.js';
import type { RunContext, SinkDeps, SinkFactory } from '../sink.js';
import { CertificateSink, type CertificateIssuer, type IssuedCertificate } from '../cert-common/cert-sink.js';
import { createCsr, generatePrivateKey } from '../cert-common/csr.js';
import { parseDuration } from '../cert-common/renewal.js';
import { isIpSan } from '../cert-common/sans.js';
import { CertificateStore, writeFileAtomic, type StoredCertificate } from '../cert-common/store.js';
import { createTransport, type HttpCall } from '../cert-common/transport.js';
import { AcmeClient } from './client.js';
import { acmeSchema, type AcmeConfig } from './config.js';
import { Dns01Solver, Http01Solver, type ChallengeSolver } from './solvers.js';

export { acmeSchema, type AcmeConfig } from './config.js';

/** The ACME account key, kept beside the certificates (mode 0600). */
export const ACCOUNT_KEY_FILE = 'nbsync-acme-account.key';
const POLL_TIMEOUT_MS = 120_000;

/** Issues through any RFC 8555 CA: one order per issue or renewal (ACME has no renewal call). */
class AcmeIssuer implements CertificateIssuer {
  private client: Promise<AcmeClient> | null = null;

  constructor(
    private readonly options: {
      directoryUrl: string;
      email: string;
      http: HttpCall;
      storeDir: string;
      solver: ChallengeSolver;
    },
  ) {}

  async issue(cn: string, sans: readonly string[], ctx: RunContext): Promise<IssuedCertificate> {
    const client = await this.acme();
    const identifiers = sans.map((value) => ({ type: isIpSan(value) ? 'ip' : 'dns', value }));
    const { url, order } = await client.newOrder(identifiers, ctx);
    const { solver } = this.options;
    const cleanups: (() => Promise<void>)[] = [];
    try {
      const pending: { authz: string; challenge: string }[] = [];
      for (const authzUrl of order.authorizations) {
        const authz = await client.authorization(authzUrl, ctx);
        if (authz.status === 'valid') continue;
        const challenge = authz.challenges.find((c) => c.type === solver.type);
        if (!challenge?.token) {
          throw new SyncError(
            'SINK_REJECTED',
            `the ACME CA offers no ${solver.type} challenge for ${authz.identifier.value}`,
          );
        }
        cleanups.push(await solver.present(authz.identifier, challenge.token, client, ctx));
        pending.push({ authz: authzUrl, challenge: challenge.url });
      }
      for (const { challenge } of pending) await client.respond(challenge, ctx);
      for (const { authz } of pending) await client.waitForAuthorization(authz, ctx);
    } finally {
      for (const cleanup of cleanups) {
        await cleanup().catch((err: unknown) => ctx.log.warn({ err, cn }, 'ACME challenge clean-up failed'));
      }
    }
    const { keyPem, csrDer } = createCsr(cn, sans, generatePrivateKey());
    return { certPem: await client.finalize(url, order, csrDer, ctx), keyPem };
  }

  renew(current: StoredCertificate, ctx: RunContext): Promise<IssuedCertificate> {
    return this.issue(current.name, current.leaf.sans, ctx);
  }

  async revoke(current: StoredCertificate, ctx: RunContext): Promise<void> {
    await (await this.acme()).revoke(current.leaf.der, ctx);
  }

  async check(ctx: RunContext): Promise<readonly string[]> {
    const problems = [...this.options.solver.check()];
    try {
      await (await this.acme()).getDirectory(ctx);
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
    return problems;
  }

  private acme(): Promise<AcmeClient> {
    this.client ??= accountKey(this.options.storeDir).then(
      (key) =>
        new AcmeClient({
          directoryUrl: this.options.directoryUrl,
          http: this.options.http,
          accountKey: key,
          email: this.options.email,
          pollTimeoutMs: POLL_TIMEOUT_MS,
        }),
      (err: unknown) => {
        this.client = null;
        throw err;
      },
    );
    return this.client;
  }
}

/** Load the account key, or create it (P-256, 0600) on first use. */
async function accountKey(dir: string): Promise<KeyObject> {
  const path = join(dir, ACCOUNT_KEY_FILE);
  try {
    return createPrivateKey(await readFile(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new SyncError(
        'CONFIG_INVALID',
        `cannot read the ACME account key ${path}; fix or remove it (a new account is made)`,
      );
    }
  }
  const key = generatePrivateKey();
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(path, key.export({ type: 'pkcs8', format: 'pem' }).toString(), 0o600);
  return key;
}

/** Build an `acme` sink; `now` is injectable for tests of the renewal window. */
export function createAcmeSink(
  name: string,
  config: AcmeConfig,
  deps: SinkDeps,
  options: { now?: () => number } = {},
): CertificateSink {
  let caPem: string | undefined;
  if (config.caFile !== undefined) {
    const path = resolve(deps.baseDir, config.caFile);
    try {
      caPem = readFileSync(path, 'utf8');
    } catch {
      throw new SyncError('CONFIG_INVALID', `sinks.${name}.caFile: cannot read ${path}`);
    }
  }
  const http = createTransport({
    service: 'the ACME CA',
    fetch: deps.fetch,
    timeoutMs: config.timeoutMs,
    ...(caPem === undefined ? {} : { caPem }),
  });
  const solver: ChallengeSolver =
    config.challenge.type === 'dns-01'
      ? new Dns01Solver(config.challenge.dnsSink, deps.sinkByName)
      : new Http01Solver(config.challenge.listen);
  const storeDir = resolve(deps.baseDir, config.store.dir);
  return new CertificateSink({
    name,
    type: 'acme',
    settings: deps.settings,
    store: new CertificateStore(storeDir),
    issuer: new AcmeIssuer({
      directoryUrl: config.directoryUrl,
      email: config.email,
      http,
      storeDir,
      solver,
    }),
    // dns-01 cannot validate IP identifiers (RFC 8738 allows http-01 and tls-alpn-01 only).
    mapping: { tag: config.tag, includeIps: config.challenge.type === 'http-01' },
    renewBeforeMs: config.renewBefore === undefined ? null : parseDuration(config.renewBefore),
    ...(options.now ? { now: options.now } : {}),
  });
}

/** The `acme` sink type (DESIGN §5): certificates from any RFC 8555 CA. */
export const acmeFactory: SinkFactory<typeof acmeSchema> = {
  type: 'acme',
  schema: acmeSchema,
  create: (name, config, deps) => createAcmeSink(name, config, deps),
};
