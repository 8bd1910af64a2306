import { parseArgs } from 'node:util';
import { SyncError } from '../model/errors.js';
import type { PlanFormat } from '../reconcile/render.js';

export const COMMANDS = ['plan', 'apply', 'check-config', 'netbox-setup', 'serve', 'demo'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliArgs {
  readonly command: Command | 'help' | 'version';
  readonly config: string | undefined;
  readonly sinks: readonly string[];
  readonly format: PlanFormat;
  readonly checksum: string | undefined;
  readonly force: boolean;
  readonly logLevel: string | undefined;
  readonly port: number | undefined;
  /** netbox-setup: make the changes (default: only show them). */
  readonly apply?: boolean;
  /** netbox-setup: nbsync's URL as NetBox sees it (the webhook target). */
  readonly url?: string | undefined;
}

export const HELP = `nbsync — make your infrastructure follow NetBox

Usage: nbsync <command> [options]

Commands:
  plan           Show what would change in every sink (dry run, writes nothing).
                 Exit 0: nothing to do; 2: changes pending; 1: error.
  apply          Plan, then apply (every sink except mode "observe").
                 Exit 0: applied or nothing to do; 1: error, refused or a change failed.
  check-config   Validate the config and reach NetBox and every sink read-only.
                 Exit 0: ok; 1: every problem listed.
  netbox-setup   Show (or, with --apply, create) the custom fields, tags, webhook and
                 event rule nbsync uses in NetBox; never changes what it did not create.
                 Exit 0: nothing to do or applied; 2: changes pending (without --apply);
                 1: error, conflict or a refused change.
  serve          Run the daemon: HTTP API, NetBox webhooks, scheduled reconciles.
  demo           Start built-in simulators with a sample homelab and serve against them.

Options:
  --config PATH           Config file (default: $NBSYNC_CONFIG, else ./nbsync.yaml)
  --sink NAME             Only this sink; repeat for several (plan, apply)
  --format FORMAT         text (default), json or markdown (plan, apply); text or json
                          (netbox-setup)
  --checksum SHA          apply: refuse unless the fresh plan has this checksum
  --force                 apply: also apply refused sinks and forced changes
  --port N                demo: port of nbsync's HTTP server (default 8080)
  --apply                 netbox-setup: make the changes shown
  --url URL               netbox-setup: nbsync's URL as NetBox reaches it (default:
                          http://<server.listen>); the webhook posts to URL/webhooks/netbox
  --log-level LEVEL       trace, debug, info, warn (default for plan/apply), error
  -h, --help              Show this help
  --version               Print the version

Examples:
  nbsync check-config --config /etc/nbsync/nbsync.yaml
  nbsync netbox-setup --url https://nbsync.example.net --apply
  nbsync plan --sink dns --format markdown
  nbsync apply --checksum sha256:4f0c…   # apply exactly the plan you reviewed
`;

/** Parse argv (without node and script). Unknown options and commands are errors with a hint. */
export function parseCli(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string' },
        sink: { type: 'string', multiple: true },
        format: { type: 'string' },
        checksum: { type: 'string' },
        force: { type: 'boolean' },
        port: { type: 'string' },
        apply: { type: 'boolean' },
        url: { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new SyncError(
      'BAD_REQUEST',
      `${err instanceof Error ? err.message : String(err)}; see nbsync --help`,
    );
  }
  const { values, positionals } = parsed;
  const name = positionals[0];
  if (positionals.length > 1)
    throw new SyncError('BAD_REQUEST', `unexpected argument "${positionals[1]}"; see nbsync --help`);
  let command: CliArgs['command'];
  if (values.help || name === 'help') command = 'help';
  else if (values.version) command = 'version';
  else if (name === undefined) command = 'help';
  else if ((COMMANDS as readonly string[]).includes(name)) command = name as Command;
  else
    throw new SyncError(
      'BAD_REQUEST',
      `unknown command "${name}"; commands: ${COMMANDS.join(', ')} (see nbsync --help)`,
    );

  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'markdown') {
    throw new SyncError('BAD_REQUEST', `--format must be text, json or markdown, not "${format}"`);
  }
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new SyncError('BAD_REQUEST', `--port must be 0–65535, not "${values.port}"`);
  }
  if (values.checksum !== undefined && !/^sha256:[0-9a-f]{64}$/.test(values.checksum)) {
    throw new SyncError(
      'BAD_REQUEST',
      '--checksum must look like sha256:<64 hex digits>, as printed by nbsync plan',
    );
  }
  return {
    command,
    config: values.config,
    sinks: values.sink ?? [],
    format,
    checksum: values.checksum,
    force: values.force ?? false,
    logLevel: values['log-level'],
    port,
    apply: values.apply ?? false,
    url: values.url,
  };
}
