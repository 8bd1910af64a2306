import type { Logger } from 'pino';
import type { Daemon } from './daemon.js';

/**
 * SIGTERM / SIGINT: drain the daemon (503 on webhooks and /readyz, the run in flight finishes,
 * the store closes), then exit 0. A second signal exits at once with 1. Returns a function that
 * removes the handlers.
 */
export function exitOnSignals(
  daemon: Pick<Daemon, 'close'>,
  log: Logger,
  exit: (code: number) => void = (code) => process.exit(code),
): () => void {
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
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
