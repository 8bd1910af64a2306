import { z } from 'zod';
import { secretRefSchema } from '../../config/schema.js';
import { DEFAULT_DHCP_STATUSES } from '../../lib/dhcp.js';

/** The keys of a `technitium-dhcp` sink (DESIGN §5), without the shared ones. */
export const technitiumDhcpSchema = z.strictObject({
  url: z.url({ error: 'expected the Technitium web console URL, e.g. http://technitium.example.net:5380' }),
  token: secretRefSchema,
  /** Scope names; unset = every scope on the server. */
  scopes: z
    .array(z.string().trim().min(1, { error: 'a scope name cannot be empty' }))
    .min(1, { error: 'list at least one scope name, or leave scopes out to manage every scope' })
    .refine((scopes) => new Set(scopes).size === scopes.length, { error: 'a scope is listed twice' })
    .optional(),
  statuses: z
    .array(z.string().min(1))
    .min(1)
    .default([...DEFAULT_DHCP_STATUSES]),
  /** Free an address held by a dynamic lease of another MAC before reserving it (default: conflict). */
  releaseConflictingLeases: z.boolean().default(false),
});

export type TechnitiumDhcpConfig = z.infer<typeof technitiumDhcpSchema>;
