import { SyncError } from '../../model/errors.js';
import type { ProxmoxClient } from './client.js';
import type { MapOptions } from './map.js';

/** Privileges the token needs, and the ACL paths (with their parents) where they count. */
const NEEDED: readonly { readonly path: string; readonly privileges: readonly string[] }[] = [
  {
    path: '/vms',
    privileges: [
      'VM.Audit',
      'VM.Allocate',
      'VM.Clone',
      'VM.Config.Options',
      'VM.Config.CPU',
      'VM.Config.Memory',
      'VM.Config.Network',
      'VM.Config.Disk',
      'VM.Config.Cloudinit',
      'VM.PowerMgmt',
      'VM.Migrate',
    ],
  },
  { path: '/storage', privileges: ['Datastore.AllocateSpace'] },
];

/** Read-only check for `check-config`: reachable, token valid, node and template there, privileges. */
export async function checkProxmox(
  client: ProxmoxClient,
  mapping: Omit<MapOptions, 'instance'>,
  signal: AbortSignal,
): Promise<readonly string[]> {
  const problems: string[] = [];
  try {
    await client.version(signal);
  } catch (err) {
    return [messageOf(err)];
  }
  try {
    const nodes = (await client.nodes(signal)).map((n) => n.node);
    if (!nodes.includes(mapping.defaultNode)) {
      problems.push(
        `defaultNode "${mapping.defaultNode}" is not a node of this cluster (nodes: ${nodes.join(', ')})`,
      );
    }
  } catch (err) {
    problems.push(messageOf(err));
  }
  try {
    const template = (await client.vms(signal)).find((v) => v.vmid === mapping.template);
    if (!template) problems.push(`template ${mapping.template} does not exist`);
    else if (!template.template) problems.push(`VM ${mapping.template} (template) is not a template`);
  } catch (err) {
    problems.push(messageOf(err));
  }
  try {
    const granted = await client.permissions(signal);
    for (const need of NEEDED) {
      const have = new Set<string>();
      for (const path of ['/', need.path]) {
        for (const [privilege, on] of Object.entries(granted[path] ?? {}))
          if (on || path === need.path) have.add(privilege);
      }
      const missing = need.privileges.filter((p) => !have.has(p));
      if (missing.length > 0) problems.push(`the token lacks ${missing.join(', ')} on ${need.path}`);
    }
  } catch (err) {
    problems.push(messageOf(err));
  }
  return problems;
}

function messageOf(err: unknown): string {
  return err instanceof SyncError || err instanceof Error ? err.message : String(err);
}
