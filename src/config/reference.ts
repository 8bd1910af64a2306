import { z } from 'zod';
import type { SinkFactory } from '../sinks/sink.js';
import { commonSinkSchema, netboxSchema, scheduleSchema, serverSchema, storeSchema } from './schema.js';

/** Sink pages that cover more than one type. */
const SINK_PAGES: Readonly<Record<string, string>> = {
  'step-ca': 'certificates.md',
  acme: 'certificates.md',
};

/** A JSON Schema node, as much of it as the reference reads. */
interface Node {
  type?: string | string[];
  properties?: Record<string, Node>;
  required?: string[];
  items?: Node;
  anyOf?: Node[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  additionalProperties?: Node | boolean;
  format?: string;
}

interface Row {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly default: unknown;
  readonly description: string;
}

function jsonSchema(schema: z.ZodType): Node {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Node;
}

function isSecretRef(node: Node): boolean {
  const keys = (node.anyOf ?? []).map((n) => Object.keys(n.properties ?? {}).join(','));
  return keys.length === 2 && keys.includes('env') && keys.includes('file');
}

function typeOf(node: Node): string {
  if (isSecretRef(node)) return 'secret ref';
  if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (node.anyOf) return node.anyOf.map(typeOf).join(' \\| ');
  if (node.type === 'array') return `list of ${node.items ? typeOf(node.items) : 'values'}`;
  if (node.type === 'object' && !node.properties) {
    const values =
      typeof node.additionalProperties === 'object' ? typeOf(node.additionalProperties) : 'values';
    return `map of ${values}`;
  }
  if (node.format === 'uri') return 'URL';
  return Array.isArray(node.type) ? node.type.join(' \\| ') : (node.type ?? 'any');
}

function rows(node: Node, prefix: string, out: Row[]): Row[] {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    const nested = child.type === 'object' && child.properties && !isSecretRef(child);
    out.push({
      path,
      type: nested ? 'object' : typeOf(child),
      required: (node.required ?? []).includes(key) && child.default === undefined,
      default: child.default,
      description: child.description ?? '',
    });
    if (nested) rows(child, path, out);
    if (child.type === 'array' && child.items?.properties && !isSecretRef(child.items))
      rows(child.items, `${path}[]`, out);
  }
  return out;
}

function table(list: readonly Row[]): string[] {
  const lines = ['| key | type | required | default | what it does |', '|---|---|---|---|---|'];
  for (const r of list) {
    const fallback = r.default === undefined ? '' : `\`${JSON.stringify(r.default)}\``;
    lines.push(
      `| \`${r.path}\` | ${r.type} | ${r.required ? 'yes' : ''} | ${fallback} | ${r.description.replace(/\|/g, '\\|')} |`,
    );
  }
  return lines;
}

/**
 * The configuration reference (docs/configuration.md), generated from the zod schemas so it
 * cannot drift from what the loader accepts. A test fails when the committed file is stale.
 */
export function renderConfigReference(factories: readonly SinkFactory[]): string {
  const out: string[] = [
    '# Configuration reference',
    '',
    '<!-- Generated from the zod schemas by `npm run gen:docs`; do not edit by hand. -->',
    '',
    'nbsync reads one YAML file: `--config PATH`, else `$NBSYNC_CONFIG`, else `./nbsync.yaml`.',
    'Unknown keys are errors. Secrets are never written inline: a *secret ref* is `{env: NAME}`',
    '(an environment variable) or `{file: PATH}` (a file, relative to the config file; one final',
    'newline is dropped). `nbsync check-config` validates the file and reaches every system.',
    '',
    '## Top level',
    '',
    ...table([
      {
        path: 'instance',
        type: 'string',
        required: true,
        default: undefined,
        description: 'owner id written in owner marks; one per nbsync deployment',
      },
      {
        path: 'sinks',
        type: 'map of sinks',
        required: true,
        default: undefined,
        description: 'the targets, by name (lower-case letters, digits, "-")',
      },
    ]),
    '',
  ];
  for (const [name, schema] of [
    ['netbox', netboxSchema],
    ['server', serverSchema],
    ['store', storeSchema],
    ['schedule', scheduleSchema],
  ] as const) {
    out.push(`## \`${name}\``, '', ...table(rows(jsonSchema(schema), name, [])), '');
  }
  out.push(
    '## Every sink',
    '',
    'Each entry of `sinks` has these keys, plus those of its type below.',
    '',
    ...table(rows(jsonSchema(commonSinkSchema), 'sinks.<name>', [])),
    '',
  );
  for (const factory of [...factories].sort((a, b) => a.type.localeCompare(b.type))) {
    const page = SINK_PAGES[factory.type] ?? `${factory.type}.md`;
    out.push(
      `## Sink type \`${factory.type}\``,
      '',
      `Mapping, permissions and quirks: [sinks/${page}](sinks/${page}).`,
      '',
      ...table(rows(jsonSchema(factory.schema), 'sinks.<name>', [])),
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}
