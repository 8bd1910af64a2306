import pino from 'pino';
import type { Inventory } from '../../src/model/inventory.js';
import type { Change, SinkPlan } from '../../src/model/plan.js';
import type { Desired, Snapshot } from '../../src/model/resource.js';
import { planSink } from '../../src/reconcile/planner.js';
import type {
  Aligned,
  ApplyResult,
  RunContext,
  SecretRef,
  Sink,
  SinkDeps,
  SinkSettings,
} from '../../src/sinks/sink.js';
import { settings } from './resources.js';

/** A silent per-run context that is never cancelled. */
export function runContext(): RunContext {
  return { log: pino({ level: 'silent' }), signal: new AbortController().signal };
}

/** Resolves `{ env: NAME }` refs from `values`; any other ref fails the test. */
export function envSecrets(values: Readonly<Record<string, string>>): (ref: SecretRef) => string {
  return (ref) => {
    const value = 'env' in ref ? values[ref.env] : undefined;
    if (value === undefined) throw new Error('unexpected secret ref');
    return value;
  };
}

/**
 * What the composition root hands a sink factory, for tests: the shared settings with
 * `overrides`, the global fetch (so msw sees every request), a silent logger and no NetBox writes.
 */
export function sinkDeps(overrides: Partial<SinkSettings>, secret: (ref: SecretRef) => string): SinkDeps {
  return {
    settings: settings(overrides),
    secret,
    fetch: (input, init) => globalThis.fetch(input, init),
    log: pino({ level: 'silent' }),
    netbox: { setCustomFields: async () => undefined },
    baseDir: '.',
    dataDir: './data',
    sinkByName: () => undefined,
  };
}

/** A sink that joins desired and observed itself (the DHCP sinks). */
export interface AligningSink extends Sink {
  align(desired: Desired, observed: Snapshot): Aligned;
}

/** What the controller does: observe, desired, align, plan what align returns. */
export async function planAligned(sink: AligningSink, inventory: Inventory): Promise<SinkPlan> {
  const snapshot = await sink.observe(runContext());
  const { desired, observed } = sink.align(sink.desired(inventory), snapshot);
  return planSink(sink, desired, observed);
}

/** Applies `changes` one after the other, as the controller does. */
export async function applyAll(sink: Sink, changes: readonly Change[]): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for (const change of changes) results.push(await sink.apply(change, runContext()));
  return results;
}
