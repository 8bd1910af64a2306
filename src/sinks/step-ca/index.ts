import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SyncError } from '../../model/errors.js';
import type { RunContext, SinkDeps, SinkFactory } from '../sink.js';
import { CertificateSink, type CertificateIssuer, type IssuedCertificate } from '../cert-common/cert-sink.js';
import { createCsr } from '../cert-common/csr.js';
import { parseDuration, toSecondsDuration } from '../cert-common/renewal.js';
import { CertificateStore, type StoredCertificate } from '../cert-common/store.js';
import { StepCaClient, type RootTrust } from './client.js';
import { stepCaSchema, type StepCaConfig } from './config.js';
import { loadProvisionerKey, type ProvisionerKey } from './provisioner.js';

export { stepCaSchema, type StepCaConfig } from './config.js';

/** Issues through step-ca's native API with a JWK provisioner. */
class StepCaIssuer implements CertificateIssuer {
  constructor(
    private readonly client: StepCaClient,
    private readonly lifetime: string,
    private readonly provisioner: () => ProvisionerKey,
  ) {}

  async issue(cn: string, sans: readonly string[], ctx: RunContext): Promise<IssuedCertificate> {
    const { keyPem, csrPem } = createCsr(cn, sans);
    return { certPem: await this.client.sign(csrPem, cn, sans, this.lifetime, ctx), keyPem };
  }

  /**
   * `/1.0/renew` keeps the key; when the CA refuses it (`disableRenewal`, a certificate from an
   * older root, …) a fresh one-time token and `/1.0/sign` still get a certificate.
   */
  async renew(current: StoredCertificate, ctx: RunContext): Promise<IssuedCertificate> {
    if (current.keyPem !== null) {
      try {
        return {
          certPem: await this.client.renew(current.certPem, current.keyPem, ctx),
          keyPem: current.keyPem,
        };
      } catch (err) {
        if (!(err instanceof SyncError) || (err.code !== 'SINK_AUTH' && err.code !== 'SINK_REJECTED'))
          throw err;
        ctx.log.warn({ err, name: current.name }, 'step-ca refused the renewal; issuing anew');
      }
    }
    return this.issue(current.name, current.leaf.sans, ctx);
  }

  revoke(current: StoredCertificate, ctx: RunContext): Promise<void> {
    return this.client.revoke(current.leaf.serialDecimal, ctx);
  }

  async check(ctx: RunContext): Promise<readonly string[]> {
    const problems: string[] = [];
    try {
      this.provisioner();
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
    try {
      await this.client.health(ctx);
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
    return problems;
  }
}

/** Build a `step-ca` sink; `now` is injectable for tests of the renewal window. */
export function createStepCaSink(
  name: string,
  config: StepCaConfig,
  deps: SinkDeps,
  options: { now?: () => number } = {},
): CertificateSink {
  const now = options.now ?? Date.now;
  const trust = rootTrust(name, config, deps.baseDir);
  const keyFile = resolve(deps.baseDir, config.provisioner.keyFile);
  let key: ProvisionerKey | null = null;
  const provisioner = (): ProvisionerKey => {
    if (key) return key;
    let text: string;
    try {
      text = readFileSync(keyFile, 'utf8');
    } catch {
      throw new SyncError('CONFIG_INVALID', `sinks.${name}.provisioner.keyFile: cannot read ${keyFile}`);
    }
    const password = config.provisioner.password ? deps.secret(config.provisioner.password) : null;
    key = loadProvisionerKey(config.provisioner.name, text, password, keyFile);
    return key;
  };
  const client = new StepCaClient({
    url: config.url,
    trust,
    fetch: deps.fetch,
    timeoutMs: config.timeoutMs,
    provisioner,
    now,
  });
  const lifetime = toSecondsDuration(parseDuration(config.lifetime) ?? 86_400_000);
  return new CertificateSink({
    name,
    type: 'step-ca',
    settings: deps.settings,
    store: new CertificateStore(resolve(deps.baseDir, config.store.dir)),
    issuer: new StepCaIssuer(client, lifetime, provisioner),
    mapping: { tag: config.tag },
    renewBeforeMs: config.renewBefore === undefined ? null : parseDuration(config.renewBefore),
    now,
  });
}

function rootTrust(name: string, config: StepCaConfig, baseDir: string): RootTrust {
  if ((config.caFile === undefined) === (config.rootFingerprint === undefined)) {
    throw new SyncError(
      'CONFIG_INVALID',
      `sinks.${name}: set exactly one of caFile (the root PEM) or rootFingerprint`,
    );
  }
  if (config.rootFingerprint !== undefined) return { fingerprint: config.rootFingerprint };
  const path = resolve(baseDir, config.caFile ?? '');
  try {
    return { rootPem: readFileSync(path, 'utf8') };
  } catch {
    throw new SyncError('CONFIG_INVALID', `sinks.${name}.caFile: cannot read ${path}`);
  }
}

/** The `step-ca` sink type (DESIGN §5): certificates from step-ca's native API. */
export const stepCaFactory: SinkFactory<typeof stepCaSchema> = {
  type: 'step-ca',
  schema: stepCaSchema,
  create: (name, config, deps) => createStepCaSink(name, config, deps),
};
