import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SyncError } from '../model/errors.js';
import type { CliArgs } from './args.js';
import type { Io } from './commands.js';
import { demoHelp, syncSummary, type RunSinkLine } from './demo/help.js';
import { API_TOKEN, startDemoWorld } from './demo/world.js';
import { startServing } from './serve.js';

export { startDemoWorld, type DemoWorld } from './demo/world.js';

/**
 * `nbsync demo`: simulators (NetBox, Technitium, two Proxmox clusters, Step-CA, a Git remote
 * with a Gitea API) + the sample homelab + `serve`; prints what to try, then one line when the
 * first full sync is done. SIGINT/SIGTERM drain the daemon and exit; the demo's files go with the process.
 */
export async function demoCommand(args: CliArgs, io: Io): Promise<number> {
  const dir = join(tmpdir(), `nbsync-demo-${process.pid}`);
  const world = await startDemoWorld(dir);
  const port = args.port ?? 8080;
  let daemon;
  try {
    daemon = await startServing({ ...args, config: world.configPath }, io, `127.0.0.1:${port}`);
  } catch (err) {
    await world.close();
    if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') {
      throw new SyncError(
        'BAD_REQUEST',
        `port ${port} is in use; run the demo with --port N (0 picks a free port)`,
      );
    }
    throw err;
  }
  // The signal handlers of `serve` drain the daemon and exit: the simulators (servers in this
  // process) end with it, and the files (store, certificates, Git clones) go here.
  process.once('exit', () => world.removeFilesSync());
  world.forwardWebhooksTo(`${daemon.address}/webhooks/netbox`);
  io.stdout.write(demoHelp(world, daemon.address));
  await daemon.settle();
  io.stdout.write(syncSummary(await firstFullRun(daemon.app)));
  return new Promise<number>(() => {});
}

/** The per-sink summary of the oldest full run (the first sync), read through the API. */
async function firstFullRun(app: FastifyInstance): Promise<RunSinkLine[]> {
  const response = await app.inject({
    method: 'GET',
    url: '/v1/runs?limit=500',
    headers: { authorization: `Bearer ${API_TOKEN}` },
  });
  const { runs } = response.json<{ runs: { trigger: string; summary: { sinks?: RunSinkLine[] } }[] }>();
  return runs.filter((run) => run.trigger === 'full').at(-1)?.summary.sinks ?? [];
}
