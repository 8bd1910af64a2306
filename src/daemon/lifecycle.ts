import type { Logger } from 'pino';
import type { Daemon } from './daemon.js';

/** Where signals come from (the process; an EventEmitter in tests). */
export interface SignalSource {
  on(signal: 'SIGTERM' | 'SIGINT', listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: 'SIGTERM' | 'SIGINT', listener: (signal: NodeJS.Signals) => void): unknown;
}

export interface SignalOptions {
  readonly exit?: (code: number) => void;
  readonly source?: SignalSource;
}

/**
 * SIGTERM / SIGINT: drain the daemon (503 on webhooks and /readyz, the run in flight finishes,
 * the store closes), then exit 0. A second signal exits at once with 1. Returns a function that
 * removes the handlers.
 */
export function exitOnSignals(
  daemon: Pick<Daemon, 'close'>,
  log: Logger,
  options: SignalOptions = {},
): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const source: SignalSource = options.source ?? process;
  let received = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      exit(1);
      return;
    }
    received = true;
    log.info({ signal }, 'signal received: draining');
    daemon.close().then(
      () => exit(0),
      (err: unknown) => {
        log.error({ err }, 'drain failed');
        exit(1);
      },
    );
  };
  source.on('SIGTERM', onSignal);
  source.on('SIGINT', onSignal);
  return () => {
    source.off('SIGTERM', onSignal);
    source.off('SIGINT', onSignal);
  };
}
