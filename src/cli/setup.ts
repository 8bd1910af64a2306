import { SecretResolver } from '../config/secrets.js';
import { SyncError } from '../model/errors.js';
import {
  applySetup,
  createSetupClient,
  planNetBoxSetup,
  renderSetupPlan,
  renderSetupResult,
  setupToJson,
  webhookUrl,
  type SetupResult,
} from '../setup/index.js';
import type { CliArgs } from './args.js';
import { readConfig, type Io } from './commands.js';

/** Certificate sinks select objects by a tag (`tag`, default `tls`); netbox-setup creates it. */
const CERTIFICATE_SINKS = new Set(['step-ca', 'acme']);

/**
 * `nbsync netbox-setup [--apply] [--url URL]`. Without --apply: 0 nothing to do, 2 changes
 * pending, 1 conflicts. With --apply: 0 everything in place, 1 a conflict or a refused change.
 */
export async function netboxSetupCommand(args: CliArgs, io: Io): Promise<number> {
  if (args.format === 'markdown')
    throw new SyncError('BAD_REQUEST', 'netbox-setup prints text or json (--format text|json)');
  const config = readConfig(args, io);
  const secrets = new SecretResolver(config.baseDir, io.env);
  const token = secrets.resolve(config.netbox.token, 'netbox.token');
  const webhookSecret = config.netbox.webhookSecret
    ? secrets.resolve(config.netbox.webhookSecret, 'netbox.webhookSecret')
    : undefined;
  const payloadUrl = webhookUrl(args.url, config.server.listen);
  const client = createSetupClient({
    url: config.netbox.url,
    token,
    timeoutMs: config.netbox.timeoutMs,
    ...(config.netbox.caFile ? { caFile: config.netbox.caFile } : {}),
  });
  const certificateTags = config.sinks
    .filter((sink) => CERTIFICATE_SINKS.has(sink.type) && typeof sink.own['tag'] === 'string')
    .map((sink) => String(sink.own['tag']));
  const signal = new AbortController().signal;

  const plan = await planNetBoxSetup(
    client,
    {
      instance: config.instance,
      payloadUrl,
      webhookSecret,
      signaturesRequired: config.server.webhookSignatures === 'required',
      certificateTags,
    },
    signal,
  );
  const json = args.format === 'json';
  const color = Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
  if (!args.apply) {
    io.stdout.write(
      json ? `${JSON.stringify(setupToJson(plan), null, 2)}\n` : renderSetupPlan(plan, { color }),
    );
    if (plan.conflicts.length > 0) return 1;
    return plan.changes.length > 0 ? 2 : 0;
  }

  if (!json) io.stdout.write(renderSetupPlan(plan, { color, apply: true }));
  const results: SetupResult[] = await applySetup(client, plan, signal, (result) => {
    if (!json) io.stdout.write(renderSetupResult(result));
  });
  const failed = results.filter((r) => r.outcome !== 'applied').length;
  if (json) {
    io.stdout.write(`${JSON.stringify(setupToJson(plan, results), null, 2)}\n`);
  } else if (failed === 0 && plan.conflicts.length === 0) {
    io.stdout.write(plan.changes.length === 0 ? 'Nothing to do.\n' : 'NetBox setup complete.\n');
  } else {
    const problems = [
      failed > 0 ? `${failed} change(s) not made` : '',
      plan.conflicts.length > 0 ? `${plan.conflicts.length} conflict(s) to resolve in NetBox` : '',
    ].filter((p) => p !== '');
    io.stdout.write(`NetBox setup finished with problems: ${problems.join(', ')} (exit 1).\n`);
  }
  return failed === 0 && plan.conflicts.length === 0 ? 0 : 1;
}
