import type { OwnerMark } from '../../src/model/owner.js';
import type { Resource, Spec } from '../../src/model/resource.js';
import type { SinkSettings } from '../../src/sinks/sink.js';

/** A desired DNS-like resource with a NetBox source. */
export function want(key: string, spec: Spec = { ttl: 300 }, source = `ipam.ipaddress/${key}`): Resource {
  return { kind: 'dns.record', key, spec, meta: { source } };
}

/** An observed resource; `owner` null = unmarked, a string = that instance's mark. */
export function have(
  key: string,
  spec: Spec = { ttl: 300 },
  owner: string | null = 'homelab',
  ref = '',
): Resource {
  const mark: OwnerMark | null =
    owner === null ? null : { instance: owner, ref: ref || `ipam.ipaddress/${key}` };
  return { kind: 'dns.record', key, spec, meta: { owner: mark } };
}

export function settings(overrides: Partial<SinkSettings> = {}): SinkSettings {
  return {
    mode: 'apply',
    policy: 'sync',
    safety: { maxChangePercent: 30, minExisting: 10 },
    adopt: false,
    instance: 'homelab',
    ...overrides,
  };
}
