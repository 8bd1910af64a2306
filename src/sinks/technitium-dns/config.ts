import { z } from 'zod';
import { secretRefSchema } from '../../config/schema.js';
import { findZone, isReverseName, isValidDnsName, normalizeName } from '../../lib/dns-names.js';
import { SyncError } from '../../model/errors.js';

/** IP statuses that count by default (DESIGN §6). */
export const DEFAULT_STATUSES = ['active', 'dhcp', 'slaac'] as const;

const zoneName = z
  .string()
  .transform(normalizeName)
  .refine(isValidDnsName, { error: 'expected a zone name such as int.example.net or 10.10.10.in-addr.arpa' });

/** The keys of a `technitium-dns` sink (DESIGN §5), without the shared ones. */
export const technitiumDnsSchema = z.strictObject({
  url: z
    .url({ error: 'expected the Technitium web console URL, e.g. http://technitium.example.net:5380' })
    .describe('Technitium web console URL'),
  token: secretRefSchema.describe('non-expiring API token (see the sink page for permissions)'),
  zones: z
    .array(zoneName)
    .min(1, { error: 'list at least one zone, e.g. [int.example.net, 10.10.10.in-addr.arpa]' })
    .refine((zones) => new Set(zones).size === zones.length, { error: 'a zone is listed twice' })
    .describe('managed zones, forward and reverse (e.g. 10.10.10.in-addr.arpa)'),
  ttl: z
    .number()
    .int()
    .min(0)
    .max(2_147_483_647)
    .default(300)
    .describe('record TTL; custom field dns_ttl overrides it per IP'),
  statuses: z
    .array(z.string().min(1))
    .min(1)
    .default([...DEFAULT_STATUSES])
    .describe('IP statuses that get records'),
  defaultZone: zoneName
    .optional()
    .describe('a VM or device whose primary IP has no dns_name gets <name>.<defaultZone>'),
  createZones: z.boolean().default(false).describe('create missing managed zones instead of failing'),
});

export type TechnitiumDnsConfig = z.infer<typeof technitiumDnsSchema>;

/**
 * Checks across keys that the loader cannot see (it merges the schema's shape only). Throws
 * CONFIG_INVALID naming the path and the fix.
 */
export function checkTechnitiumDnsConfig(sink: string, config: TechnitiumDnsConfig): void {
  const problems: string[] = [];
  const forward = config.zones.filter((z) => !isReverseName(z));
  if (forward.length === 0) {
    problems.push(`sinks.${sink}.zones: no forward zone listed; add the zone your dns_names live in`);
  }
  if (config.defaultZone !== undefined && findZone(config.defaultZone, forward) === null) {
    problems.push(
      `sinks.${sink}.defaultZone: ${config.defaultZone} is not inside any zone of sinks.${sink}.zones; ` +
        'add it there or pick a zone that is',
    );
  }
  if (problems.length > 0) {
    throw new SyncError(
      'CONFIG_INVALID',
      `the configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      { details: { problems: problems.map((message) => ({ path: `sinks.${sink}`, message })) } },
    );
  }
}
