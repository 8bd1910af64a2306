import { buildApp, type App, type AppOptions } from '../app.js';
import { configPath, loadConfig, type Config } from '../config/load.js';
import { SecretResolver } from '../config/secrets.js';
import { createLogger } from '../lib/logger.js';
import { toSyncError } from '../model/errors.js';
import { planIsEmpty } from '../model/plan.js';
import type { ApplyReport, ChangeOutcome } from '../reconcile/controller.js';
import { planToJson } from '../reconcile/plan-json.js';
import { renderPlan } from '../reconcile/render.js';
import { SINK_FACTORIES } from '../sinks/registry.js';
import type { CliArgs } from './args.js';

/** Where a command writes; injectable for tests. */
export interface Io {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

export function readConfig(args: CliArgs, io: Io): Config {
  return loadConfig(configPath(args.config, io.env), SINK_FACTORIES);
}

export function openApp(
  args: CliArgs,
  io: Io,
  defaultLevel: string,
  options: Pick<AppOptions, 'onNetBoxWrite'> = {},
): App {
  const config = readConfig(args, io);
  const secrets = new SecretResolver(config.baseDir, io.env);
  const log = createLogger({
    level: args.logLevel ?? io.env.NBSYNC_LOG_LEVEL ?? defaultLevel,
    secrets: () => secrets.values(),
  });
  return buildApp(config, { log, secrets, ...options });
}

/** `nbsync plan`: 0 no changes, 2 changes pending, 1 error. */
export async function planCommand(args: CliArgs, io: Io): Promise<number> {
  const app = openApp(args, io, 'warn');
  const plan = await app.controller.plan({ sinks: args.sinks });
  io.stdout.write(renderPlan(plan, args.format, { color: Boolean(io.stdout.isTTY) && !io.env.NO_COLOR }));
  if (plan.sinks.some((s) => s.status === 'error')) return 1;
  return planIsEmpty(plan) ? 0 : 2;
}

/** `nbsync apply`: 0 applied or nothing to do, 1 error, refused or a failed change. */
export async function applyCommand(args: CliArgs, io: Io): Promise<number> {
  const app = openApp(args, io, 'warn');
  const progress = io.stderr.isTTY && args.format !== 'json' ? progressPrinter(io) : undefined;
  let report: ApplyReport;
  try {
    report = await app.controller.apply({
      sinks: args.sinks,
      force: args.force,
      ...(args.checksum ? { checksum: args.checksum } : {}),
      ...(progress ? { onOutcome: progress } : {}),
    });
  } catch (err) {
    const error = toSyncError(err);
    if (error.code === 'PLAN_STALE' && args.format === 'json') {
      io.stdout.write(`${JSON.stringify({ error: { code: error.code, message: error.message } })}\n`);
    }
    throw error;
  }
  if (progress) io.stderr.write('\n');
  if (args.format === 'json') {
    io.stdout.write(`${JSON.stringify({ plan: planToJson(report.plan), results: report.sinks }, null, 2)}\n`);
  } else {
    io.stdout.write(renderApplyText(report));
  }
  return report.ok ? 0 : 1;
}

function progressPrinter(io: Io): (o: ChangeOutcome) => void {
  let done = 0;
  return (o) => {
    done += 1;
    io.stderr.write(`\r  ${o.sink}: ${done} change(s) processed`);
  };
}

/** One line per sink, then a line per failed or skipped change. */
export function renderApplyText(report: ApplyReport): string {
  const lines: string[] = [];
  for (const sink of report.sinks) {
    const count = (what: ChangeOutcome['outcome']) => sink.outcomes.filter((o) => o.outcome === what).length;
    switch (sink.status) {
      case 'applied':
      case 'partial':
        lines.push(
          `sink ${sink.sink}: ${count('applied')} applied, ${count('noop')} already in place, ${count('failed')} failed, ${count('skipped')} skipped`,
        );
        break;
      case 'nothing-to-do':
        lines.push(`sink ${sink.sink}: nothing to do`);
        break;
      default:
        lines.push(`sink ${sink.sink}: ${sink.status}${sink.reason ? `: ${sink.reason}` : ''}`);
    }
    for (const o of sink.outcomes) {
      if (o.outcome === 'failed')
        lines.push(`  failed ${o.op} ${o.kind} ${o.key}: ${o.errorCode ?? ''} ${o.reason ?? ''}`.trimEnd());
      if (o.outcome === 'skipped') lines.push(`  skipped ${o.op} ${o.kind} ${o.key}: ${o.reason ?? ''}`);
    }
  }
  lines.push(report.ok ? 'Apply complete.' : 'Apply finished with problems (exit 1).');
  return `${lines.join('\n')}\n`;
}

/** `nbsync check-config`: validate, then reach NetBox and every sink read-only. */
export async function checkConfigCommand(args: CliArgs, io: Io): Promise<number> {
  const app = openApp(args, io, 'error');
  const signal = AbortSignal.timeout(60_000);
  const problems: string[] = [];
  const lines: string[] = [`config ${configPath(args.config, io.env)}: valid (${app.sinks.length} sink(s))`];
  const netbox = await app.source.check(signal).catch((err: unknown) => [toSyncError(err).message]);
  lines.push(netbox.length === 0 ? 'netbox: ok' : `netbox: ${netbox.length} problem(s)`);
  problems.push(...netbox.map((p) => `netbox: ${p}`));
  for (const sink of app.sinks) {
    const found = await sink
      .check({ log: app.log.child({ sink: sink.name }), signal })
      .catch((err: unknown) => [toSyncError(err).message]);
    lines.push(
      found.length === 0
        ? `sink ${sink.name} (${sink.type}): ok`
        : `sink ${sink.name} (${sink.type}): ${found.length} problem(s)`,
    );
    problems.push(...found.map((p) => `sink ${sink.name}: ${p}`));
  }
  io.stdout.write(`${lines.join('\n')}\n`);
  if (problems.length === 0) return 0;
  io.stderr.write(`${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  return 1;
}
