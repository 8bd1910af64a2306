import { startDaemon, type Daemon } from '../daemon/daemon.js';
import { exitOnSignals } from '../daemon/lifecycle.js';
import { daemonNetBox } from '../daemon/netbox-adapter.js';
import { openStore } from '../store/store.js';
import type { CliArgs } from './args.js';
import { openApp, type Io } from './commands.js';

/** Start the daemon for a loaded app; used by `serve` and `demo`. */
export async function startServing(args: CliArgs, io: Io, listen?: string): Promise<Daemon> {
  // NetBox answers each of nbsync's writes with a request id; its webhook echo is then dropped.
  const started: { daemon?: Daemon } = {};
  const app = openApp(args, io, 'info', {
    onNetBoxWrite: (write) => started.daemon?.echo.remember(write.requestId),
  });
  const store = openStore(app.config);
  const daemon = await startDaemon({
    config: app.config,
    controller: app.controller,
    sinks: app.sinks,
    store,
    log: app.log,
    netbox: daemonNetBox(app.source),
    secrets: app.secrets,
    ...(listen ? { listen } : {}),
  });
  started.daemon = daemon;
  exitOnSignals(daemon, app.log);
  return daemon;
}

/** `nbsync serve`: runs until SIGTERM/SIGINT, which drain and exit. */
export async function serveCommand(args: CliArgs, io: Io): Promise<number> {
  const daemon = await startServing(args, io);
  io.stderr.write(
    `nbsync is serving on ${daemon.address} (API: ${daemon.address}/docs); SIGTERM drains and stops\n`,
  );
  return new Promise<number>(() => {});
}
