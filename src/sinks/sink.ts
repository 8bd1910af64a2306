import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Inventory } from '../model/inventory.js';
import type { Change, SafetyThreshold, SinkMode, SinkPolicy } from '../model/plan.js';
import type { Desired, Resource, ResourceKind, Snapshot } from '../model/resource.js';

/** The identity of a resource (kind and key), without its spec. */
export type ResourceKey = Pick<Resource, 'kind' | 'key'>;

/** Per-run context handed to sinks. */
export interface RunContext {
  readonly log: Logger;
  /** Aborted when the run is cancelled (shutdown, timeout); adapters pass it to fetch. */
  readonly signal: AbortSignal;
}

/** Desired and observed, joined by {@link Sink.align}. */
export interface Aligned {
  readonly desired: Desired;
  readonly observed: Snapshot;
}

/** What applying one change did. Failures are thrown as SyncError, never returned. */
export interface ApplyResult {
  /** `noop` when the target was already in the wanted state (idempotent re-apply). */
  readonly outcome: 'applied' | 'noop';
  /** Extra facts worth recording in the run (e.g. an allocated VMID); never secrets. */
  readonly note?: string;
}

/**
 * One configured target instance. Adapters never diff and never read a dry-run flag: the
 * controller decides what to apply.
 *
 * Invariants:
 * - `desired` is pure: same inventory, same result, no I/O, no state kept for later calls.
 * - `observe` returns a complete snapshot of the managed kinds in scope, or throws. It never
 *   returns a partial list (fail closed: a missing object is never inferred from a failed read).
 * - `apply` performs exactly one change and touches nothing else; applying the same change
 *   twice leaves the target as after the first (second time: outcome `noop`).
 */
export interface Sink {
  readonly name: string;
  readonly type: string;
  /** Managed kinds, parents first: creates follow this order, deletes the reverse. */
  readonly manages: readonly ResourceKind[];
  readonly settings: SinkSettings;
  /**
   * True when, in mode `propose`, `apply` only proposes (the git sink opens or updates a pull
   * request that a person reviews in the forge). The daemon then runs it without an approval
   * in nbsync: the pull request is the approval.
   */
  readonly proposesItself?: boolean;
  desired(inventory: Inventory): Desired;
  observe(ctx: RunContext): Promise<Snapshot>;
  /**
   * Optional: a complete read of exactly these keys, for targeted plans (an event batch), instead
   * of the full {@link Sink.observe}. The controller passes the keys that `desired` gives for the
   * affected NetBox refs, in the inventory now and in the one before the change.
   *
   * Invariants:
   * - Each key is reported as it is on the target: present (with its owner mark) or absent
   *   (simply not in the snapshot). Absence is only ever concluded from a complete, successful
   *   read; any failed read throws, like `observe` (fail closed).
   * - Whatever else the target holds where these keys live and the planner must see is returned
   *   too, marked or not (DNS: every record of a managed type at each affected name, so an
   *   unmarked record there is still a conflict).
   * - Nothing beyond that is implied: objects not returned are not "absent" for the planner unless
   *   their key was asked for.
   */
  observeKeys?(keys: readonly ResourceKey[], ctx: RunContext): Promise<Snapshot>;
  apply(change: Change, ctx: RunContext): Promise<ApplyResult>;
  /**
   * Optional and pure: join the desired resources and the observed snapshot before planning —
   * for what only the target knows (which DHCP scope holds an address: the desired keys depend
   * on it), for an identity a key cannot carry (an unmarked VM holding a VMID that NetBox
   * assigns) or a comparison that is not equality (disks only grow). `observe` reads only the target
   * and `desired` sees only the inventory, so this is the one place that joins them. Returns what the planner compares.
   */
  align?(desired: Desired, observed: Snapshot): Aligned;
  /** Read-only reachability and permission check for `check-config`; returns problems found. */
  check(ctx: RunContext): Promise<readonly string[]>;
}

/** Settings every sink shares (DESIGN §5). */
export interface SinkSettings {
  readonly mode: SinkMode;
  readonly policy: SinkPolicy;
  readonly safety: SafetyThreshold;
  /** Take over unmarked objects that collide with desired ones instead of reporting conflicts. */
  readonly adopt: boolean;
  /** Owner id written in marks (`instance` of the config). */
  readonly instance: string;
}

/** Things a sink factory may use; passed in by the composition root. */
export interface SinkDeps {
  readonly settings: SinkSettings;
  /** Resolves a secret ref from the config to its value. */
  readonly secret: (ref: SecretRef) => string;
  readonly fetch: typeof fetch;
  readonly log: Logger;
  /** Writes back to NetBox (e.g. a VMID allocated by Proxmox). */
  readonly netbox: NetBoxWriter;
  /** Base directory for relative paths in the sink's config (the config file's directory). */
  readonly baseDir: string;
  /** Writable directory for the sink's own state: `<store dir>/<sink name>` (created on use). */
  readonly dataDir: string;
  /** Other sinks by name, for sinks that act through another (ACME DNS-01 through a DNS sink). */
  readonly sinkByName: (name: string) => Sink | undefined;
}

/** The narrow NetBox write access sinks get. Refs look like `virtualization.virtualmachine/7`. */
export interface NetBoxWriter {
  /** Merge custom field values into one object (PATCH; other fields keep their values). */
  setCustomFields(ref: string, fields: Readonly<Record<string, unknown>>, signal: AbortSignal): Promise<void>;
}

export type SecretRef = { readonly env: string } | { readonly file: string };

/** A sink type: its own config keys (zod, strict) and how to build it. One per folder. */
export interface SinkFactory<Schema extends z.ZodObject = z.ZodObject> {
  readonly type: string;
  /** Schema of the sink's own keys (without the shared ones); a strict object. */
  readonly schema: Schema;
  create(name: string, config: z.infer<Schema>, deps: SinkDeps): Sink;
}
