import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { SyncError } from '../model/errors.js';
import type { SinkFactory } from '../sinks/sink.js';
import { formatIssues, type ConfigProblem } from './issues.js';
import {
  COMMON_SINK_KEYS,
  commonSinkSchema,
  topSchema,
  type CommonSinkConfig,
  type NetBoxConfig,
  type ScheduleConfig,
  type ServerConfig,
  type StoreConfig,
} from './schema.js';

/** One configured sink: shared settings plus its type's own keys, validated. */
export interface SinkConfig {
  readonly name: string;
  readonly type: string;
  readonly common: CommonSinkConfig;
  readonly own: Record<string, unknown>;
  readonly factory: SinkFactory;
}

/** The validated configuration. Secrets are still references here; see secrets.ts. */
export interface Config {
  readonly instance: string;
  readonly netbox: NetBoxConfig;
  readonly server: ServerConfig;
  readonly store: StoreConfig;
  readonly schedule: ScheduleConfig;
  readonly sinks: readonly SinkConfig[];
  /** Directory of the config file; relative paths in the config resolve against it. */
  readonly baseDir: string;
}

/** Where the config is: `--config`, else `NBSYNC_CONFIG`, else `./nbsync.yaml`. */
export function configPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env.NBSYNC_CONFIG ?? 'nbsync.yaml');
}

/** Read and validate a config file. Throws CONFIG_NOT_FOUND or CONFIG_INVALID listing every problem. */
export function loadConfig(path: string, factories: readonly SinkFactory[]): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new SyncError(
      'CONFIG_NOT_FOUND',
      `cannot read the config file ${path}; pass --config PATH or set NBSYNC_CONFIG`,
    );
  }
  return parseConfig(text, factories, dirname(path));
}

/** Validate config text (YAML). Every problem is collected, each with its path and the fix. */
export function parseConfig(
  text: string,
  factories: readonly SinkFactory[],
  baseDir = process.cwd(),
): Config {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => ({
      path: '(yaml)',
      message: e.message.split('\n')[0] ?? e.message,
    }));
    throw invalid(problems);
  }
  const raw: unknown = doc.toJS();
  const problems: ConfigProblem[] = [];
  const top = topSchema.safeParse(raw ?? {});
  if (!top.success) problems.push(...formatIssues(top.error.issues, topSchema));

  const byType = new Map(factories.map((f) => [f.type, f]));
  const sinks: SinkConfig[] = [];
  const rawSinks = isRecord(raw) && isRecord(raw.sinks) ? raw.sinks : {};
  for (const [name, value] of Object.entries(rawSinks)) {
    const type = isRecord(value) ? value.type : undefined;
    const factory = typeof type === 'string' ? byType.get(type) : undefined;
    if (!factory) {
      const known = [...byType.keys()].sort().join(', ');
      const what = typeof type === 'string' ? `unknown sink type "${type}"` : 'missing sink type';
      problems.push({ path: `sinks.${name}.type`, message: `${what}; expected one of: ${known}` });
      continue;
    }
    const schema = commonSinkSchema.extend(factory.schema.shape);
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      problems.push(...formatIssues(parsed.error.issues, schema, ['sinks', name]));
      continue;
    }
    const data = parsed.data as Record<string, unknown>;
    const common = commonSinkSchema.parse(Object.fromEntries(COMMON_SINK_KEYS.map((k) => [k, data[k]])));
    const own = Object.fromEntries(Object.entries(data).filter(([k]) => !COMMON_SINK_KEYS.includes(k)));
    sinks.push({ name, type: factory.type, common, own, factory });
  }
  if (top.success && Object.keys(rawSinks).length === 0) {
    problems.push({
      path: 'sinks',
      message: 'no sink configured; add at least one, e.g. a technitium-dns sink',
    });
  }
  if (problems.length > 0 || !top.success) throw invalid(problems);
  const { instance, netbox, server, store, schedule } = top.data;
  return { instance, netbox, server, store, schedule, sinks, baseDir };
}

function invalid(problems: readonly ConfigProblem[]): SyncError {
  const list = problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n');
  return new SyncError('CONFIG_INVALID', `the configuration has ${problems.length} problem(s):\n${list}`, {
    details: { problems },
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
