// Shapes of `nbsync netbox-setup`: what nbsync wants in NetBox (desired), what NetBox has
// (observed), and the plan between them. Only `extras` objects: custom fields, tags, the
// webhook and the event rule that sends NetBox's changes to nbsync.

/** The NetBox object types netbox-setup manages (`app_label.model`). */
export type SetupKind = 'extras.customfield' | 'extras.tag' | 'extras.webhook' | 'extras.eventrule';

/** The events nbsync listens to (4.1+ names; NetBox 4.0 spells them `type_create`…). */
export type EventType = 'object_created' | 'object_updated' | 'object_deleted';

export interface DesiredCustomField {
  readonly kind: 'extras.customfield';
  readonly name: string;
  readonly type: 'text' | 'integer';
  readonly objectTypes: readonly string[];
  readonly label: string;
  readonly groupName: string;
  readonly description: string;
  readonly validationMinimum: number | null;
  readonly validationMaximum: number | null;
  readonly validationRegex: string;
}

export interface DesiredTag {
  readonly kind: 'extras.tag';
  readonly name: string;
  readonly slug: string;
  readonly color: string;
  readonly description: string;
}

export interface DesiredWebhook {
  readonly kind: 'extras.webhook';
  readonly name: string;
  readonly description: string;
  readonly payloadUrl: string;
  readonly httpMethod: 'POST';
  readonly httpContentType: 'application/json';
  /** Empty: NetBox sends its default JSON body, the one nbsync parses. */
  readonly bodyTemplate: '';
  /** The value of `netbox.webhookSecret` ('' when signatures are disabled). Never printed. */
  readonly secret: string;
}

export interface DesiredEventRule {
  readonly kind: 'extras.eventrule';
  readonly name: string;
  readonly description: string;
  readonly objectTypes: readonly string[];
  readonly eventTypes: readonly EventType[];
  /** Name of the webhook the rule calls (its id is known only once it exists). */
  readonly webhookName: string;
}

/** Something netbox-setup cannot do and will not force; the person fixes it in NetBox. */
export interface SetupConflict {
  readonly kind: SetupKind;
  readonly key: string;
  readonly reason: string;
}

export interface DesiredSetup {
  readonly customFields: readonly DesiredCustomField[];
  readonly tags: readonly DesiredTag[];
  /** Absent when it cannot be set up (see `conflicts`). */
  readonly webhook: DesiredWebhook | undefined;
  readonly eventRule: DesiredEventRule | undefined;
  /** Problems found before NetBox is read (e.g. no webhook secret). */
  readonly conflicts: readonly SetupConflict[];
}

export interface ObservedCustomField {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly objectTypes: readonly string[];
  readonly label: string;
  readonly groupName: string;
  readonly description: string;
  readonly validationMinimum: number | null;
  readonly validationMaximum: number | null;
  readonly validationRegex: string;
}

export interface ObservedTag {
  readonly id: number;
  readonly name: string;
  readonly slug: string;
  readonly color: string;
  readonly description: string;
}

export interface ObservedWebhook {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly payloadUrl: string;
  readonly httpMethod: string;
  readonly httpContentType: string;
  readonly bodyTemplate: string;
  readonly secret: string;
}

export interface ObservedEventRule {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly enabled: boolean;
  readonly objectTypes: readonly string[];
  /** 4.1+ names, also on NetBox 4.0 (read from its `type_*` flags). */
  readonly eventTypes: readonly string[];
  readonly actionType: string;
  readonly actionObjectType: string;
  readonly actionObjectId: number | null;
}

/** What NetBox has under the names nbsync uses. */
export interface ObservedSetup {
  readonly customFields: readonly ObservedCustomField[];
  /** Tags whose slug or name is one nbsync wants. */
  readonly tags: readonly ObservedTag[];
  /** Webhooks named as nbsync's, or sending to its payload URL. */
  readonly webhooks: readonly ObservedWebhook[];
  readonly eventRules: readonly ObservedEventRule[];
}

/** One field that differs, as shown to a person (secrets masked). */
export interface SetupFieldDiff {
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** The write a change makes; `webhook` in an event rule body is resolved to its id at apply. */
export type SetupWrite = Readonly<Record<string, unknown>>;

export interface SetupChange {
  readonly op: 'create' | 'update';
  readonly kind: SetupKind;
  readonly key: string;
  /** The object's id, for updates. */
  readonly id: number | undefined;
  /** The created object as shown (secrets masked); null for updates. */
  readonly after: Readonly<Record<string, unknown>> | null;
  readonly diff: readonly SetupFieldDiff[];
  /** The request body. May hold the webhook secret: never rendered. */
  readonly write: SetupWrite;
}

/** The whole netbox-setup plan, in apply order (custom fields, tags, webhook, event rule). */
export interface SetupPlan {
  readonly instance: string;
  readonly netboxUrl: string;
  readonly netboxVersion: string;
  readonly changes: readonly SetupChange[];
  readonly conflicts: readonly SetupConflict[];
  /** Objects already as nbsync needs them: `kind key`, with a note when not created by nbsync. */
  readonly inPlace: readonly { kind: SetupKind; key: string; note: string }[];
  /** Advice that does not block (e.g. a second webhook sending to the same URL). */
  readonly notes: readonly string[];
}

export type SetupOutcome = 'applied' | 'failed' | 'skipped';

export interface SetupResult {
  readonly kind: SetupKind;
  readonly key: string;
  readonly op: 'create' | 'update';
  readonly outcome: SetupOutcome;
  readonly id?: number;
  readonly errorCode?: string;
  readonly reason?: string;
}
