import { dirname, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config/load.js';
import type { SecretResolver } from './config/secrets.js';
import { SyncError, toSyncError } from './model/errors.js';
import { Controller } from './reconcile/controller.js';
import type { SecretRef, Sink } from './sinks/sink.js';
import { createNetBoxSource, type NetBoxSource } from './sources/netbox/index.js';
import type { NetBoxWrite } from './sources/netbox/types.js';

/** Everything a command needs, wired once: the composition root. */
export interface App {
  readonly config: Config;
  readonly secrets: SecretResolver;
  readonly log: Logger;
  readonly source: NetBoxSource;
  readonly sinks: readonly Sink[];
  readonly controller: Controller;
}

export interface AppOptions {
  readonly log: Logger;
  readonly secrets: SecretResolver;
  readonly fetch?: typeof fetch;
  /** Told of every write nbsync makes to NetBox (with NetBox's request id, for echo suppression). */
  readonly onNetBoxWrite?: (write: NetBoxWrite) => void;
}

/**
 * config → secrets → source → sinks → controller. Every secret that cannot be resolved is
 * reported at once (CONFIG_INVALID listing them), not one per run.
 */
export function buildApp(config: Config, options: AppOptions): App {
  const { log, secrets } = options;
  const fetchImpl = options.fetch ?? fetch;
  const problems: string[] = [];
  const secret = (where: string) => (ref: SecretRef) => secrets.resolve(ref, where);

  let source: NetBoxSource | undefined;
  try {
    source = createNetBoxSource({
      url: config.netbox.url,
      token: secret('netbox.token')(config.netbox.token),
      fetch: fetchImpl,
      filters: config.netbox.filters,
      concurrency: config.netbox.concurrency,
      timeoutMs: config.netbox.timeoutMs,
      ...(options.onNetBoxWrite ? { onWrite: options.onNetBoxWrite } : {}),
      log: log.child({ component: 'netbox' }),
      ...(config.netbox.caFile ? { caFile: config.netbox.caFile } : {}),
    });
  } catch (err) {
    problems.push(toSyncError(err).message);
  }

  const sinks: Sink[] = [];
  const netbox = {
    setCustomFields: (ref: string, fields: Readonly<Record<string, unknown>>, signal: AbortSignal) => {
      if (!source) throw new SyncError('CONFIG_INVALID', 'NetBox is not configured');
      return source.setCustomFields(ref, fields, signal);
    },
  };
  for (const sinkConfig of config.sinks) {
    try {
      sinks.push(
        sinkConfig.factory.create(sinkConfig.name, sinkConfig.own, {
          settings: { ...sinkConfig.common, instance: config.instance },
          secret: secret(`sinks.${sinkConfig.name}`),
          fetch: fetchImpl,
          log: log.child({ sink: sinkConfig.name }),
          netbox,
          baseDir: config.baseDir,
          dataDir: join(dirname(resolve(config.baseDir, config.store.path)), sinkConfig.name),
          sinkByName: (name) => sinks.find((s) => s.name === name),
        }),
      );
    } catch (err) {
      problems.push(toSyncError(err).message);
    }
  }

  if (problems.length > 0 || !source) {
    const list = problems.map((p) => `  - ${p}`).join('\n');
    throw new SyncError('CONFIG_INVALID', `the configuration has ${problems.length} problem(s):\n${list}`, {
      details: { problems: problems.map((message) => ({ path: '', message })) },
    });
  }
  const controller = new Controller({ source, sinks, log });
  return { config, secrets, log, source, sinks, controller };
}
