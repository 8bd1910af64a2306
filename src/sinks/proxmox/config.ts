import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { secretRefSchema } from '../../config/schema.js';

const node = z
  .string()
  .regex(/^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/, 'expected a Proxmox node name, e.g. "pve1"');

const cidr = z.string().refine((value) => {
  try {
    ipaddr.parseCIDR(value);
    return true;
  } catch {
    return false;
  }
}, 'expected a prefix in CIDR notation, e.g. "10.10.20.0/24"');

const address = z
  .string()
  .refine((value) => ipaddr.isValid(value), 'expected an IP address, e.g. "10.10.20.1"');

/**
 * The proxmox sink's own keys (DESIGN §5). `token` resolves to the whole token id and secret,
 * `USER@REALM!TOKENID=SECRET`; `template` is the VMID cloned when a VM names none.
 */
export const proxmoxConfigSchema = z.strictObject({
  url: z.url({ error: 'expected the Proxmox VE URL, e.g. https://pve1.int.lavaduck.net:8006' }),
  token: secretRefSchema,
  caFile: z.string().min(1).optional(),
  clusters: z.array(z.string().min(1)).min(1, 'list at least one NetBox cluster name'),
  defaultNode: node,
  template: z.number().int().min(100).max(999_999_999),
  bridge: z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9_.-]{0,15}$/, 'expected a Linux bridge name, e.g. "vmbr0"')
    .default('vmbr0'),
  storage: z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9_.-]*$/, 'expected a Proxmox storage id, e.g. "local-lvm"')
    .optional(),
  gateways: z.record(cidr, address).optional(),
});

export type ProxmoxConfig = z.infer<typeof proxmoxConfigSchema>;

/** `USER@REALM!TOKENID=SECRET`, the only token form Proxmox accepts in `PVEAPIToken=`. */
export const TOKEN_PATTERN = /^[^\s@!=]+@[^\s@!=]+![A-Za-z][A-Za-z0-9._-]*=\S+$/;

/** The API base, `<url>/api2/json`, whether or not the configured URL already ends with it. */
export function apiBase(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/api2/json') ? trimmed : `${trimmed}/api2/json`;
}
