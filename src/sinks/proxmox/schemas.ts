import { z } from 'zod';

// Proxmox answers are loosely typed (PROXMOX-API.md "Basics"): integers may be strings,
// booleans 0/1. Each schema coerces what it reads and fails the whole read otherwise.

const looseInt = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^\d+$/, 'expected an integer')
    .transform((s) => Number(s)),
]);

const looseBool = z
  .union([z.boolean(), z.number(), z.string()])
  .transform((v) => v === true || v === 1 || v === '1' || v === 'true');

export const versionSchema = z.object({ version: z.string(), release: z.string().optional() });

export const nodesSchema = z.array(z.object({ node: z.string(), status: z.string().optional() }));

export const permissionsSchema = z.record(z.string(), z.record(z.string(), looseBool));

const resourceSchema = z.object({
  id: z.string(),
  type: z.string(),
  vmid: looseInt.optional(),
  name: z.string().optional(),
  node: z.string().optional(),
  status: z.string().optional(),
  template: looseBool.optional(),
  tags: z.string().optional(),
  lock: z.string().optional(),
});

/** A QEMU guest as `/cluster/resources?type=vm` lists it. */
export interface ClusterVm {
  readonly vmid: number;
  readonly node: string;
  readonly name: string;
  readonly status: string;
  readonly template: boolean;
  readonly tags: string;
  readonly lock: string | null;
}

/** QEMU guests only (containers are not VMs nbsync manages); each needs a vmid and a node. */
export const clusterResourcesSchema = z.array(resourceSchema).transform((items, ctx): ClusterVm[] => {
  const vms: ClusterVm[] = [];
  for (const item of items) {
    if (item.type !== 'qemu') continue;
    if (item.vmid === undefined || item.node === undefined) {
      ctx.addIssue({ code: 'custom', message: `guest ${item.id} is listed without vmid or node` });
      continue;
    }
    vms.push({
      vmid: item.vmid,
      node: item.node,
      name: item.name ?? '',
      status: item.status ?? 'unknown',
      template: item.template ?? false,
      tags: item.tags ?? '',
      lock: item.lock ?? null,
    });
  }
  return vms;
});

/** A VM config: string keys to string (or number) values, plus its `digest`. */
export interface VmConfig {
  readonly digest: string;
  readonly values: Readonly<Record<string, string>>;
}

export const vmConfigSchema = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
  .transform((raw, ctx): VmConfig => {
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (key !== 'digest') values[key] = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
    }
    if (typeof raw.digest !== 'string' || raw.digest === '') {
      ctx.addIssue({ code: 'custom', message: 'config without digest' });
    }
    return { digest: String(raw.digest ?? ''), values };
  });

export const vmStatusSchema = z.object({
  status: z.string(),
  lock: z.string().optional(),
  template: looseBool.optional(),
});
export type VmStatus = z.output<typeof vmStatusSchema>;

export const nextIdSchema = looseInt;

/** Writes answer a task id, or `null` when the work was done synchronously. */
export const upidSchema = z
  .union([z.string().regex(/^UPID:[^:]+:/, 'expected a task id (UPID)'), z.null()])
  .optional()
  .transform((v) => v ?? null);

export const taskStatusSchema = z.object({
  status: z.enum(['running', 'stopped']),
  exitstatus: z.string().optional(),
});
