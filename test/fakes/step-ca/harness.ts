import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpHandler } from 'msw';
import pino from 'pino';
import {
  emptyInventory,
  type Inventory,
  type IpAddress,
  type VirtualMachine,
} from '../../../src/model/inventory.js';
import type { CertificateSink } from '../../../src/sinks/cert-common/cert-sink.js';
import type { RunContext, SinkDeps, SinkSettings } from '../../../src/sinks/sink.js';
import { createStepCaSink, stepCaSchema } from '../../../src/sinks/step-ca/index.js';
import { mswHandlers } from '../http.js';
import { StepCaFake, type StepCaFakeOptions } from './fake.js';

export const CA_URL = 'https://ca.int.lavaduck.net:9000';
export const PROVISIONER = 'nbsync@lavaduck.net';
const PASSWORD = 'correct horse battery staple';

/** A shared, settable clock for the sink and the fake CA. */
export interface Clock {
  now: number;
}

export interface StepCaHarness {
  readonly fake: StepCaFake;
  readonly sink: CertificateSink;
  readonly dir: string;
  readonly clock: Clock;
  readonly handlers: HttpHandler[];
  cleanup(): Promise<void>;
}

export function runContext(signal = new AbortController().signal): RunContext {
  return { log: pino({ level: 'silent' }), signal };
}

export function sinkSettings(overrides: Partial<SinkSettings> = {}): SinkSettings {
  return {
    mode: 'apply',
    policy: 'sync',
    safety: { maxChangePercent: 30, minExisting: 10 },
    adopt: false,
    instance: 'homelab',
    ...overrides,
  };
}

export function sinkDeps(
  baseDir: string,
  settings: SinkSettings,
  secrets: Record<string, string> = {},
): SinkDeps {
  return {
    settings,
    secret: (ref) => {
      const value = 'env' in ref ? secrets[ref.env] : undefined;
      if (value === undefined) throw new Error('unknown secret');
      return value;
    },
    fetch: (...args) => fetch(...args),
    log: pino({ level: 'silent' }),
    netbox: { setCustomFields: async () => {} },
    baseDir,
    dataDir: `${baseDir}/data`,
    sinkByName: () => undefined,
  };
}

/**
 * A step-ca sink wired to a fresh fake CA (served through msw at {@link CA_URL}) and a fresh
 * store directory; the provisioner key is written encrypted, as step stores it.
 */
export async function createStepCaHarness(
  options: {
    settings?: Partial<SinkSettings>;
    config?: Record<string, unknown>;
    trust?: 'fingerprint' | 'caFile';
    fake?: StepCaFakeOptions;
    start?: number;
    /** Serve the fake for real and return its URL (default: msw at {@link CA_URL}). */
    serve?: (fake: StepCaFake) => Promise<string>;
  } = {},
): Promise<StepCaHarness> {
  const clock: Clock = { now: options.start ?? Date.parse('2026-11-25T10:00:00Z') };
  const fake = new StepCaFake({ now: () => clock.now, ...options.fake });
  const provisioner = fake.addJwkProvisioner(PROVISIONER, PASSWORD);
  const base = await mkdtemp(join(tmpdir(), 'nbsync-step-ca-'));
  await writeFile(join(base, 'provisioner.jwe'), provisioner.encryptedKey, { mode: 0o600 });
  await writeFile(join(base, 'root_ca.crt'), fake.root.pem);
  const url = options.serve ? await options.serve(fake) : CA_URL;
  const trust =
    options.trust === 'caFile' ? { caFile: 'root_ca.crt' } : { rootFingerprint: fake.rootFingerprint };
  const config = stepCaSchema.parse({
    url,
    ...trust,
    provisioner: { name: PROVISIONER, keyFile: 'provisioner.jwe', password: { env: 'STEP_PASSWORD' } },
    store: { dir: 'certs' },
    ...options.config,
  });
  const deps = sinkDeps(base, sinkSettings(options.settings), { STEP_PASSWORD: PASSWORD });
  const sink = createStepCaSink('certs', config, deps, { now: () => clock.now });
  return {
    fake,
    sink,
    dir: join(base, 'certs'),
    clock,
    handlers: mswHandlers(url, fake),
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}

/** An IP address on a VM interface, counting, with a DNS name. */
export function certIp(
  id: number,
  dnsName: string,
  address: string,
  overrides: Partial<IpAddress> = {},
): IpAddress {
  return {
    id,
    address,
    family: address.includes(':') ? 6 : 4,
    vrfId: null,
    status: 'active',
    role: null,
    dnsName,
    assigned: { type: 'virtualization.vminterface', id },
    tenant: null,
    description: '',
    tags: [],
    customFields: {},
    ...overrides,
  };
}

/** A VM whose primary IPv4 is `primaryIp4Id`. */
export function certVm(
  id: number,
  name: string,
  primaryIp4Id: number | null,
  overrides: Partial<VirtualMachine> = {},
): VirtualMachine {
  return {
    id,
    name,
    status: 'active',
    site: null,
    tenant: null,
    role: null,
    platform: null,
    primaryIp4Id,
    primaryIp6Id: null,
    description: '',
    tags: ['tls'],
    customFields: {},
    clusterId: null,
    vcpus: 2,
    memoryMb: 2048,
    diskMb: 20480,
    ...overrides,
  };
}

/** An inventory of VMs and IPs. */
export function certInventory(vms: VirtualMachine[], ips: IpAddress[]): Inventory {
  return {
    ...emptyInventory({ url: 'https://netbox.int.lavaduck.net', version: '4.2.2' }),
    virtualMachines: vms,
    ipAddresses: ips,
  };
}
