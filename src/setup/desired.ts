// What nbsync needs in NetBox (DESIGN §6): the custom fields its mappers read, the tags, and a
// webhook + event rule that send every change of the objects nbsync loads to `serve`.
// Pure: everything comes in through SetupOptions.
import type {
  DesiredCustomField,
  DesiredEventRule,
  DesiredSetup,
  DesiredTag,
  DesiredWebhook,
  EventType,
  SetupConflict,
} from './types.js';

export interface SetupOptions {
  /** Config `instance`. */
  readonly instance: string;
  /** NetBox `major.minor`: the event rule's shape and the object types depend on it. */
  readonly version: { readonly major: number; readonly minor: number };
  /** Where NetBox posts events: nbsync's public URL + `/webhooks/netbox`. */
  readonly payloadUrl: string;
  /** `netbox.webhookSecret`; undefined when the config has none. */
  readonly webhookSecret: string | undefined;
  /** `server.webhookSignatures`: with `disabled`, an unsigned webhook is acceptable. */
  readonly signaturesRequired: boolean;
  /** Tags the certificate sinks select on (`tag`, default `tls`). */
  readonly certificateTags: readonly string[];
}

/** The stamp in the description of everything netbox-setup creates. */
export function setupMarker(instance: string): string {
  return `Managed by nbsync (${instance})`;
}

const MARKER = /Managed by nbsync \(([a-z0-9][a-z0-9_.-]{0,62})\)/;

/** The instance named by a marker in `description`, or null when there is none. */
export function markerInstance(description: string): string | null {
  return MARKER.exec(description)?.[1] ?? null;
}

/** Name of the webhook and of the event rule of an instance. */
export function setupObjectName(instance: string): string {
  return `nbsync-${instance}`;
}

/** NetBox tag slugs allow letters, digits, `_` and `-` only; instance ids may also hold dots. */
export function tagSlug(name: string): string {
  return name.replace(/[^-\w]/g, '-');
}

const VM = 'virtualization.virtualmachine';
const IP = 'ipam.ipaddress';

/** The object types whose changes nbsync reacts to (what the source loads). */
export function eventObjectTypes(version: SetupOptions['version']): string[] {
  const macObjects = version.major > 4 || version.minor >= 2;
  return [
    'dcim.device',
    'dcim.interface',
    ...(macObjects ? ['dcim.macaddress'] : []),
    IP,
    'ipam.prefix',
    'ipam.vlan',
    'virtualization.virtualdisk',
    VM,
    'virtualization.vminterface',
  ];
}

export const EVENT_TYPES: readonly EventType[] = ['object_created', 'object_updated', 'object_deleted'];

function customFields(marker: string): DesiredCustomField[] {
  const field = (
    name: string,
    type: DesiredCustomField['type'],
    objectType: string,
    label: string,
    help: string,
    validation: { min?: number; max?: number; regex?: string } = {},
  ): DesiredCustomField => ({
    kind: 'extras.customfield',
    name,
    type,
    objectTypes: [objectType],
    label,
    groupName: 'nbsync',
    description: `${help} ${marker}.`,
    validationMinimum: validation.min ?? null,
    validationMaximum: validation.max ?? null,
    validationRegex: validation.regex ?? '',
  });
  return [
    field('proxmox_vmid', 'integer', VM, 'Proxmox VMID', 'VMID in Proxmox VE; empty: nbsync allocates one.', {
      min: 100,
      max: 999_999_999,
    }),
    field('proxmox_node', 'text', VM, 'Proxmox node', 'Proxmox VE node; empty: the sink’s defaultNode.', {
      regex: '^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$',
    }),
    field(
      'proxmox_template',
      'text',
      VM,
      'Proxmox template',
      'Template to clone (VMID or name); empty: the sink’s template.',
      { regex: '^[A-Za-z0-9][A-Za-z0-9.-]*$' },
    ),
    field('dns_aliases', 'text', IP, 'DNS aliases', 'Names (comma-separated) that get a CNAME to dns_name.', {
      regex: '^[A-Za-z0-9_.*,\\s-]*$',
    }),
    field('dns_ttl', 'integer', IP, 'DNS TTL', 'TTL in seconds of this address’s DNS records.', {
      min: 0,
      max: 2_147_483_647,
    }),
    field(
      'gateway',
      'text',
      'ipam.prefix',
      'Gateway',
      'Gateway address of this network (for VM cloud-init).',
      {
        regex: '^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$',
      },
    ),
  ];
}

function tags(options: SetupOptions, marker: string): DesiredTag[] {
  const certificate = [...new Set(['tls', ...options.certificateTags])].sort();
  const owner = setupObjectName(options.instance);
  return [
    ...certificate.map((name) => ({
      kind: 'extras.tag' as const,
      name,
      slug: tagSlug(name),
      color: '4caf50',
      description: `Needs a TLS certificate (nbsync certificate sinks). ${marker}.`,
    })),
    {
      kind: 'extras.tag',
      name: owner,
      slug: tagSlug(owner),
      color: '607d8b',
      description: `Owner tag nbsync puts on what it manages elsewhere (e.g. Proxmox VMs). ${marker}.`,
    },
  ];
}

/** Everything nbsync wants in NetBox, for one instance and NetBox version. */
export function desiredSetup(options: SetupOptions): DesiredSetup {
  const marker = setupMarker(options.instance);
  const name = setupObjectName(options.instance);
  const conflicts: SetupConflict[] = [];
  let webhook: DesiredWebhook | undefined;
  let eventRule: DesiredEventRule | undefined;
  if (options.webhookSecret === undefined && options.signaturesRequired) {
    conflicts.push({
      kind: 'extras.webhook',
      key: name,
      reason:
        'netbox.webhookSecret is not set, and nbsync refuses unsigned webhooks: set netbox.webhookSecret ({env: NAME} or {file: PATH}) and run netbox-setup again',
    });
  } else {
    webhook = {
      kind: 'extras.webhook',
      name,
      description: marker,
      payloadUrl: options.payloadUrl,
      httpMethod: 'POST',
      httpContentType: 'application/json',
      bodyTemplate: '',
      secret: options.webhookSecret ?? '',
    };
    eventRule = {
      kind: 'extras.eventrule',
      name,
      description: marker,
      objectTypes: eventObjectTypes(options.version),
      eventTypes: EVENT_TYPES,
      webhookName: name,
    };
  }
  return { customFields: customFields(marker), tags: tags(options, marker), webhook, eventRule, conflicts };
}
