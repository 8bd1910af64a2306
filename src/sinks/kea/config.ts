import { z } from 'zod';
import { secretRefSchema } from '../../config/schema.js';
import { DEFAULT_DHCP_STATUSES, normalizeCidr } from '../../lib/dhcp.js';

const subnet = z
  .string()
  .trim()
  .refine((cidr) => normalizeCidr(cidr) === cidr, {
    error: 'expected an IPv4 subnet as Kea writes it, with the network address, e.g. 10.10.20.0/24',
  });

/** The keys of a `kea` sink (DESIGN §5), without the shared ones. */
export const keaSchema = z.strictObject({
  url: z.url({ error: 'expected the Kea Control Agent URL, e.g. http://127.0.0.1:8000/' }),
  /** HTTP basic authentication of the control agent (`authentication` in its config). */
  auth: z.strictObject({ username: z.string().min(1), password: secretRefSchema }).optional(),
  /** Managed `subnet4` entries by CIDR; unset = every IPv4 subnet of the server. */
  subnets: z
    .array(subnet)
    .min(1, { error: 'list at least one subnet, or leave subnets out to manage every subnet' })
    .refine((list) => new Set(list).size === list.length, { error: 'a subnet is listed twice' })
    .optional(),
  statuses: z
    .array(z.string().min(1))
    .min(1)
    .default([...DEFAULT_DHCP_STATUSES]),
});

export type KeaConfig = z.infer<typeof keaSchema>;
