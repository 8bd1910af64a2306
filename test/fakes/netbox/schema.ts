import type { Store } from './store.js';
import type { FieldErrors, JsonObject, ObjectType, StoredRecord } from './types.js';
import type { NetBoxVersion } from './version.js';

/** A choice set: value → label. */
export type ChoiceSet = Readonly<Record<string, string>>;

/** What a stored foreign key does when its target is deleted. */
export type OnDelete = 'cascade' | 'protect' | 'set-null';

/** One writable field of a model. */
export type FieldSpec =
  | { kind: 'string'; required?: boolean; nullable?: boolean; default?: string | null }
  | {
      kind: 'int';
      required?: boolean;
      nullable?: boolean;
      min?: number;
      max?: number;
      default?: number | null;
    }
  | { kind: 'decimal'; nullable?: boolean; min?: number }
  | { kind: 'bool'; default: boolean }
  | { kind: 'json'; default: unknown }
  | { kind: 'choice'; choices: ChoiceSet; required?: boolean; nullable?: boolean; default?: string | null }
  | { kind: 'fk'; target: ObjectType; required?: boolean; onDelete?: OnDelete; nested?: readonly string[] }
  | { kind: 'm2m'; target: ObjectType }
  | {
      kind: 'generic-type';
      allowed: readonly ObjectType[];
      idField: string;
      required?: boolean;
      onDelete?: OnDelete;
    }
  | { kind: 'generic-id'; required?: boolean };

/** Everything the serializers and validators need about one request. */
export interface RenderContext {
  readonly store: Store;
  readonly version: NetBoxVersion;
  /** `scheme://host[:port]` of the request; URLs in bodies are built from it. */
  readonly base: string;
}

/** A filter the generic filter engine does not derive from the fields. */
export interface SpecialFilter {
  /** Checks the values; returns an error message list when one is not acceptable. */
  validate?(values: string[], ctx: RenderContext): string[] | undefined;
  /** Builds a predicate for the values (OR between values unless the filter says otherwise). */
  build(values: string[], ctx: RenderContext): (record: StoredRecord) => boolean;
}

/** A model (one REST endpoint). */
export interface ModelDef {
  readonly type: ObjectType;
  /** Model class name, for 404 texts ("No IPAddress matches the given query."). */
  readonly className: string;
  /** API path below `/api/`, e.g. `ipam/ip-addresses`. */
  readonly path: string;
  /** First version that has this endpoint. */
  readonly since?: string;
  /** The endpoint lives at another path before some version. */
  readonly pathBefore?: { readonly version: string; readonly path: string };
  /** Read-only endpoint (e.g. the change log). */
  readonly readOnly?: boolean;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** Output keys in order; keys not in `fields` are `computed`. */
  readonly layout: readonly string[];
  readonly computed?: Readonly<Record<string, (record: StoredRecord, ctx: RenderContext) => unknown>>;
  /** Output keys (and writable fields) that only exist from a version on. */
  readonly keySince?: Readonly<Record<string, string>>;
  /** Output keys (and writable fields) that only exist before a version. */
  readonly keyUntil?: Readonly<Record<string, string>>;
  readonly brief: readonly string[];
  /** Related-object counts: left out of nested representations. */
  readonly counts?: readonly string[];
  readonly display: (record: StoredRecord, ctx: RenderContext) => string;
  readonly tags?: boolean;
  readonly customFields?: boolean;
  /** Field used by `?<fk>=<value>` filters on other models (`slug` or `name`). */
  readonly lookupField?: 'slug' | 'name' | 'rd' | 'username';
  /** Fields searched by `q` (case-insensitive contains). */
  readonly search: readonly string[];
  /** Default ordering; default by id. `newest-first` is the change log's `-time`. */
  readonly compare?: (a: StoredRecord, b: StoredRecord) => number;
  readonly filters?: Readonly<Record<string, SpecialFilter>>;
  /** Turns an older version's wire input into the stored (4.6) form, before validation. */
  readonly fromWire?: (body: JsonObject, ctx: RenderContext) => JsonObject;
  /** Model-level validation and normalisation on the candidate record (after field checks). */
  readonly clean?: (
    candidate: StoredRecord,
    previous: StoredRecord | undefined,
    ctx: RenderContext,
  ) => FieldErrors | undefined;
}

/** Choice sets used by several models. */
export const CHOICES = {
  ipStatus: {
    active: 'Active',
    reserved: 'Reserved',
    deprecated: 'Deprecated',
    dhcp: 'DHCP',
    slaac: 'SLAAC',
  },
  ipRole: {
    loopback: 'Loopback',
    secondary: 'Secondary',
    anycast: 'Anycast',
    vip: 'VIP',
    vrrp: 'VRRP',
    hsrp: 'HSRP',
    glbp: 'GLBP',
    carp: 'CARP',
  },
  prefixStatus: { container: 'Container', active: 'Active', reserved: 'Reserved', deprecated: 'Deprecated' },
  vlanStatus: { active: 'Active', reserved: 'Reserved', deprecated: 'Deprecated' },
  qinqRole: { svlan: 'Service', cvlan: 'Customer' },
  deviceStatus: {
    offline: 'Offline',
    active: 'Active',
    planned: 'Planned',
    staged: 'Staged',
    failed: 'Failed',
    inventory: 'Inventory',
    decommissioning: 'Decommissioning',
  },
  vmStatus: {
    offline: 'Offline',
    active: 'Active',
    planned: 'Planned',
    staged: 'Staged',
    failed: 'Failed',
    decommissioning: 'Decommissioning',
    paused: 'Paused',
  },
  startOnBoot: { on: 'On', off: 'Off', laststate: 'Last State' },
  clusterStatus: {
    planned: 'Planned',
    staging: 'Staging',
    active: 'Active',
    decommissioning: 'Decommissioning',
    offline: 'Offline',
  },
  siteStatus: {
    planned: 'Planned',
    staging: 'Staging',
    active: 'Active',
    decommissioning: 'Decommissioning',
    retired: 'Retired',
  },
  interfaceMode: {
    access: 'Access',
    tagged: 'Tagged',
    'tagged-all': 'Tagged (All)',
    'q-in-q': 'Q-in-Q (802.1ad)',
  },
  interfaceType: {
    virtual: 'Virtual',
    bridge: 'Bridge',
    lag: 'Link Aggregation Group (LAG)',
    '1000base-t': '1000BASE-T (1GE)',
    '2.5gbase-t': '2.5GBASE-T (2.5GE)',
    '10gbase-t': '10GBASE-T (10GE)',
    '10gbase-x-sfpp': 'SFP+ (10GE)',
    other: 'Other',
  },
  journalKind: { info: 'Info', success: 'Success', warning: 'Warning', danger: 'Danger' },
  changeAction: { create: 'Created', update: 'Updated', delete: 'Deleted' },
  customFieldType: {
    text: 'Text',
    longtext: 'Text (long)',
    integer: 'Integer',
    decimal: 'Decimal',
    boolean: 'Boolean (true/false)',
    date: 'Date',
    datetime: 'Date & time',
    url: 'URL',
    json: 'JSON',
    select: 'Selection',
    multiselect: 'Multiple selection',
    object: 'Object',
    multiobject: 'Multiple objects',
  },
  eventType: {
    object_created: 'Object created',
    object_updated: 'Object updated',
    object_deleted: 'Object deleted',
    job_started: 'Job started',
    job_completed: 'Job completed',
    job_failed: 'Job failed',
    job_errored: 'Job errored',
  },
  httpMethod: { GET: 'GET', POST: 'POST', PUT: 'PUT', PATCH: 'PATCH', DELETE: 'DELETE' },
  actionType: { webhook: 'Webhook', script: 'Script', notification: 'Notification' },
} as const satisfies Record<string, ChoiceSet>;

/** Field spec shorthands, to keep model files readable. */
export const field = {
  str: (o: { required?: boolean; nullable?: boolean; default?: string | null } = {}): FieldSpec => ({
    kind: 'string',
    ...o,
  }),
  int: (
    o: { required?: boolean; nullable?: boolean; min?: number; max?: number; default?: number | null } = {},
  ): FieldSpec => ({
    kind: 'int',
    ...o,
  }),
  decimal: (o: { nullable?: boolean; min?: number } = {}): FieldSpec => ({ kind: 'decimal', ...o }),
  bool: (value = false): FieldSpec => ({ kind: 'bool', default: value }),
  json: (value: unknown = null): FieldSpec => ({ kind: 'json', default: value }),
  choice: (
    choices: ChoiceSet,
    o: { required?: boolean; nullable?: boolean; default?: string | null } = {},
  ): FieldSpec => ({
    kind: 'choice',
    choices,
    ...o,
  }),
  fk: (
    target: ObjectType,
    o: { required?: boolean; onDelete?: OnDelete; nested?: readonly string[] } = {},
  ): FieldSpec => ({
    kind: 'fk',
    target,
    ...o,
  }),
  m2m: (target: ObjectType): FieldSpec => ({ kind: 'm2m', target }),
} as const;

/** The fields every "organisational" model has (site, tenant, role, platform…). */
export const NAME_SLUG = {
  name: field.str({ required: true }),
  slug: field.str({ required: true }),
  description: field.str({ default: '' }),
} as const;
