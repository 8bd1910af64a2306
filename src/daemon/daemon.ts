import type { FastifyInstance } from 'fastify';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Config } from '../config/load.js';
import { SecretResolver } from '../config/secrets.js';
import { SyncError } from '../model/errors.js';
import type { Controller } from '../reconcile/controller.js';
import { buildApp } from '../server/app.js';
import { Metrics } from '../server/metrics.js';
import type { RateLimitOptions } from '../server/rate-limit.js';
import type { Sink } from '../sinks/sink.js';
import type { StoredEvent } from '../store/events.js';
import type { Store } from '../store/store.js';
import { CertificateWatch } from './certificates.js';
import { Debouncer } from './debounce.js';
import { EchoFilter } from './echo.js';
import { Intake } from './intake.js';
import { pollChanges } from './poll.js';
import type { DaemonNetBox } from './ports.js';
import { RunQueue } from './queue.js';
import { Reconciler } from './reconciler.js';

export interface DaemonOptions {
  readonly config: Config;
  readonly controller: Controller;
  readonly store: Store;
  readonly log: Logger;
  /** The NetBox source; without it the controller loads NetBox itself and every event runs a full reconcile. */
  readonly netbox?: DaemonNetBox;
  /** Resolves `server.apiTokens` and `netbox.webhookSecret`; default: from the environment and files. */
  readonly secrets?: SecretResolver;
  readonly metrics?: Metrics;
  /** The controller's sinks: certificate sinks among them feed the expiry gauge and `/v1/status`. */
  readonly sinks?: readonly Sink[];
  /** Overrides `server.listen` (e.g. `127.0.0.1:0` for a free port). */
  readonly listen?: string;
  readonly rateLimit?: RateLimitOptions;
  readonly now?: () => Date;
}

export interface Daemon {
  readonly app: FastifyInstance;
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly address: string;
  /** Recognises echoes of nbsync's own NetBox writes: give it the `X-Request-ID` of each write. */
  readonly echo: EchoFilter;
  /** Queue a full reconcile now (trigger `manual`); resolves when it ran. */
  syncNow(): Promise<void>;
  /** Process the events collected so far without waiting for the debounce, and wait for all runs. */
  settle(): Promise<void>;
  /** Drain: stop intake (503), finish the run in flight, close HTTP and the store. Idempotent. */
  close(): Promise<void>;
}

function splitListen(listen: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(listen);
  if (!match) throw new SyncError('CONFIG_INVALID', `server.listen: expected host:port, got ${listen}`);
  return { host: match[1] ?? match[2] ?? '127.0.0.1', port: Number(match[3]) };
}

/**
 * `nbsync serve`: HTTP API and webhooks, durable event intake, debounced targeted reconciles,
 * a full reconcile at start and on `schedule.fullSync`, optional change-log polling.
 */
export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const { config, controller, store, netbox } = options;
  for (const [key, expression] of [
    ['schedule.fullSync', config.schedule.fullSync],
    ['schedule.pollChanges', config.schedule.pollChanges],
  ] as const) {
    if (expression !== undefined && !cron.validate(expression)) {
      throw new SyncError(
        'CONFIG_INVALID',
        `${key}: "${expression}" is not a cron expression, e.g. "*/15 * * * *"`,
      );
    }
  }
  const log = options.log.child({ component: 'daemon' });
  const now = options.now ?? (() => new Date());
  const secrets = options.secrets ?? new SecretResolver(config.baseDir);
  const apiTokens = config.server.apiTokens.map((ref, i) => secrets.resolve(ref, `server.apiTokens[${i}]`));
  const webhookSecret = config.netbox.webhookSecret
    ? secrets.resolve(config.netbox.webhookSecret, 'netbox.webhookSecret')
    : null;
  const metrics = options.metrics ?? new Metrics({ defaultMetrics: true });
  const abort = new AbortController();
  const state = { draining: false, started: false };

  const interrupted = store.runs.interruptStale(now().toISOString());
  if (interrupted > 0) log.warn({ runs: interrupted }, 'runs interrupted by the previous stop marked');
  const echo = new EchoFilter(store, netbox?.username ?? null, now);
  const certificates = new CertificateWatch({ sinks: options.sinks ?? [], metrics, log, now });
  const reconciler = new Reconciler({
    controller,
    store,
    metrics,
    log,
    now,
    echo,
    instance: config.instance,
    sinkNames: controller.sinkNames,
    ...(netbox ? { netbox } : {}),
    journal: config.netbox.writeBack === 'journal',
    retentionDays: config.store.retentionDays,
    signal: abort.signal,
    ...(certificates.watching ? { afterRun: () => certificates.refresh() } : {}),
  });
  const queue = new RunQueue(reconciler, log);
  const debounceMs = config.schedule.debounceMs;
  const debouncer = new Debouncer<StoredEvent>({
    delayMs: debounceMs,
    maxWaitMs: Math.max(debounceMs * 10, 5_000),
    onFlush: (batch) => queue.events(batch),
  });
  const intake = new Intake(store, debouncer, metrics, log);

  const app = await buildApp({
    instance: config.instance,
    log: options.log,
    bodyLimit: config.server.bodyLimit,
    webhookSignatures: config.server.webhookSignatures,
    webhookSecret,
    apiTokens,
    sinks: config.sinks.map((s) => ({ name: s.name, type: s.type, mode: s.common.mode })),
    store,
    metrics,
    intake,
    operations: reconciler,
    lifecycle: {
      get draining() {
        return state.draining;
      },
      ready: () => state.started && !state.draining && store.isOpen,
    },
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    certificates,
    now,
  });
  const { host, port } = splitListen(options.listen ?? config.server.listen);
  await app.listen({ host, port });
  const bound = app.server.address();
  const actualPort = typeof bound === 'object' && bound ? bound.port : port;
  const address = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;

  intake.reloadPending();
  const cronLog = log.child({ component: 'cron' });
  const logger = {
    info: (message: string) => cronLog.debug(message),
    warn: (message: string) => cronLog.warn(message),
    error: (message: string | Error) => cronLog.error({ err: message }, 'scheduler error'),
    debug: (message: string | Error) => cronLog.debug({ detail: String(message) }, 'scheduler'),
  };
  const tasks: ScheduledTask[] = [];
  tasks.push(
    cron.schedule(config.schedule.fullSync, () => queue.full('full'), {
      name: 'full-sync',
      noOverlap: true,
      logger,
    }),
  );
  const feed = netbox?.objectChanges ? { objectChanges: netbox.objectChanges.bind(netbox) } : undefined;
  if (config.schedule.pollChanges && feed) {
    const poll = (): Promise<unknown> =>
      pollChanges({ feed, store, accept: (e) => intake.accept(e), log, now }, abort.signal).catch(
        (err: unknown) => log.warn({ err }, 'change log poll failed'),
      );
    tasks.push(
      cron.schedule(config.schedule.pollChanges, poll, { name: 'poll-changes', noOverlap: true, logger }),
    );
  } else if (config.schedule.pollChanges) {
    log.warn('schedule.pollChanges is set but the NetBox source cannot read the change log; polling is off');
  }
  state.started = true;
  void queue.full('full');
  log.info({ address, sinks: controller.sinkNames, fullSync: config.schedule.fullSync }, 'nbsync serving');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      state.draining = true;
      log.info('draining: intake stopped, finishing the run in flight');
      for (const task of tasks) await task.destroy();
      debouncer.stop();
      queue.stop();
      await queue.idle();
      await reconciler.settled();
      await app.close();
      store.close();
      log.info('stopped');
    })();
    return closing;
  };

  return {
    app,
    address,
    echo,
    syncNow: () => queue.full('manual'),
    settle: async () => {
      debouncer.flush();
      await queue.idle();
      await reconciler.settled();
    },
    close,
  };
}
