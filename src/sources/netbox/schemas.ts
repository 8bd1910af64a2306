// Strict runtime shapes of what nbsync reads from NetBox. Each object schema lists exactly the
// fields the mapper uses; its keys are also the `fields=` nbsync requests (NetBox 4.0+), so the
// query, the parse and the mapping cannot drift apart. Extra keys (newer NetBox, a server
// ignoring `fields`) are stripped; a missing or mistyped field fails the whole read.
import { z } from 'zod';
import type { components } from '../../../openapi/generated/netbox.js';

type Schemas = components['schemas'];

const id = z.int().nonnegative();
const idRef = z.object({ id });
const namedRef = z.object({ id, name: z.string(), slug: z.string() });
const choice = z.object({ value: z.string() });
const family = z.object({ value: z.union([z.literal(4), z.literal(6)]) });
const tags = z.array(z.object({ id, name: z.string(), slug: z.string() }));
const customFields = z.record(z.string(), z.unknown());
/** The notations NetBox accepts; it prints `AA:BB:CC:DD:EE:FF`. */
const mac = z
  .string()
  .regex(
    /^(?:[0-9A-Fa-f]{2}(?:[:-]?[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})$/,
    'not a MAC address',
  );

export const prefixSchema = z.object({
  id,
  prefix: z.string(),
  family,
  vrf: idRef.nullable(),
  status: choice,
  vlan: idRef.nullable(),
  tenant: namedRef.nullable(),
  is_pool: z.boolean(),
  tags,
  custom_fields: customFields,
}) satisfies z.ZodType<Schemas['Prefix']>;

export const ipAddressSchema = z.object({
  id,
  address: z.string(),
  family,
  vrf: idRef.nullable(),
  status: choice,
  role: choice.nullable(),
  dns_name: z.string(),
  assigned_object_type: z.enum(['dcim.interface', 'virtualization.vminterface', 'ipam.fhrpgroup']).nullable(),
  assigned_object_id: id.nullable(),
  tenant: namedRef.nullable(),
  description: z.string(),
  tags,
  custom_fields: customFields,
}) satisfies z.ZodType<Schemas['IPAddress']>;

export const vlanSchema = z.object({
  id,
  vid: z.int().min(1).max(4094),
  name: z.string(),
  group: idRef.nullable(),
  site: idRef.nullable(),
  status: choice,
}) satisfies z.ZodType<Schemas['VLAN']>;

export const vlanGroupSchema = z.object({
  id,
  name: z.string(),
  slug: z.string(),
}) satisfies z.ZodType<Schemas['VLANGroup']>;

const hostFields = {
  id,
  status: choice,
  site: namedRef.nullable(),
  tenant: namedRef.nullable(),
  role: namedRef.nullable(),
  platform: namedRef.nullable(),
  cluster: idRef.nullable(),
  primary_ip4: idRef.nullable(),
  primary_ip6: idRef.nullable(),
  description: z.string(),
  tags,
  custom_fields: customFields,
};

export const deviceSchema = z.object({
  ...hostFields,
  name: z.string().nullable(),
  device_type: z.object({ id, model: z.string(), slug: z.string() }),
}) satisfies z.ZodType<Schemas['Device']>;

export const virtualMachineSchema = z.object({
  ...hostFields,
  name: z.string(),
  vcpus: z.union([z.number().nonnegative(), z.string().regex(/^\d+(?:\.\d+)?$/, 'not a decimal')]).nullable(),
  memory: z.int().nonnegative().nullable(),
  disk: z.int().nonnegative().nullable(),
}) satisfies z.ZodType<Schemas['VirtualMachine']>;

const interfaceFields = {
  id,
  name: z.string(),
  enabled: z.boolean(),
  mode: choice.nullable(),
  untagged_vlan: idRef.nullable(),
  tagged_vlans: z.array(idRef),
};
/** Up to 4.1 the MAC is a plain field of the interface. */
const macField = { mac_address: mac.nullable() };
/** From 4.2 the MAC is an object; `mac_address` only mirrors the primary one. */
const macObjectField = { primary_mac_address: z.object({ id, mac_address: mac }).nullable() };

export const interfaceSchemas = {
  legacy: z.object({ ...interfaceFields, device: idRef, ...macField }) satisfies z.ZodType<
    Schemas['Interface']
  >,
  macObjects: z.object({ ...interfaceFields, device: idRef, ...macObjectField }) satisfies z.ZodType<
    Schemas['Interface']
  >,
};

export const vmInterfaceSchemas = {
  legacy: z.object({ ...interfaceFields, virtual_machine: idRef, ...macField }) satisfies z.ZodType<
    Schemas['VMInterface']
  >,
  macObjects: z.object({ ...interfaceFields, virtual_machine: idRef, ...macObjectField }) satisfies z.ZodType<
    Schemas['VMInterface']
  >,
};

export const virtualDiskSchema = z.object({
  id,
  virtual_machine: idRef,
  name: z.string(),
  size: z.int().nonnegative(),
}) satisfies z.ZodType<Schemas['VirtualDisk']>;

export const clusterSchema = z.object({
  id,
  name: z.string(),
  type: namedRef,
  group: namedRef.nullable(),
  status: choice,
}) satisfies z.ZodType<Schemas['Cluster']>;

export const tagSchema = z.object({ id, name: z.string(), slug: z.string() }) satisfies z.ZodType<
  Schemas['Tag']
>;

export const objectChangeSchema = z.object({
  id,
  time: z.string(),
  action: choice,
  changed_object_type: z.string(),
  changed_object_id: id,
  request_id: z.string(),
  user_name: z.string(),
}) satisfies z.ZodType<Schemas['ObjectChange']>;

export const journalEntrySchema = z.object({
  id,
  assigned_object_type: z.string(),
  assigned_object_id: id,
  kind: choice,
  comments: z.string(),
}) satisfies z.ZodType<Schemas['JournalEntry']>;

export const customFieldsResultSchema = z.object({ id, custom_fields: customFields }) satisfies z.ZodType<
  Schemas['CustomFieldsResult']
>;

export const statusSchema = z.object({
  'netbox-version': z.string(),
  'rq-workers-running': z.int().nullable().optional(),
}) satisfies z.ZodType<Schemas['Status']>;

/** The paginated envelope; items are parsed one by one afterwards to name the bad object. */
export const envelopeSchema = z.object({
  count: z.int().nonnegative().nullable(),
  next: z.string().nullable(),
  results: z.array(z.unknown()),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/** The `fields=` value that asks NetBox for exactly what `schema` reads. */
export function fieldsOf(schema: z.ZodObject): string {
  return Object.keys(schema.shape).join(',');
}
