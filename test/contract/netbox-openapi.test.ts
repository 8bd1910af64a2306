// Contract: every path, parameter and field nbsync declares in openapi/netbox.yaml must exist,
// with a compatible type, in NetBox's own schema (4.2.2, ../shared/specs/netbox/). Names NetBox
// added after 4.2 (or honours without declaring) are accepted only through the allow-lists below.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

type Node = Record<string, unknown>;
interface Doc {
  paths: Record<string, Record<string, Node>>;
  components?: Record<string, Record<string, Node>>;
}
type Direction = 'request' | 'response';

const repo = new URL('../../', import.meta.url);
const specs = new URL('../shared/specs/netbox/', repo);
const mine = parse(readFileSync(new URL('openapi/netbox.yaml', repo), 'utf8')) as Doc;
const subset = JSON.parse(readFileSync(new URL('openapi-netbox-4.2.2.subset.json', specs), 'utf8')) as Doc;
// The subset leaves out the change log and journal endpoints; for those two paths the full
// 4.2.2 schema it was cut from (same NetBox release) is read instead, once.
let full: Doc | undefined;
function theirsFor(path: string): Doc {
  if (subset.paths[path]) return subset;
  full ??= parse(readFileSync(new URL('openapi-netbox-4.2.2.go-netbox.yaml', specs), 'utf8')) as Doc;
  return full;
}

/** Query parameters NetBox honours although its 4.2.2 schema does not declare them. */
const ALLOWED_PARAMETERS: readonly { name: string; paths: readonly string[] | '*'; why: string }[] = [
  // NETBOX-API.md "Shaping responses": `fields` works since 4.0 (#15087) but was missing from
  // the generated schema until 4.6 (#22303).
  { name: 'fields', paths: '*', why: '4.0+, declared only since 4.6' },
  // `omit` arrived in 4.5.2 (#21244); nbsync does not send it, the type documents it.
  { name: 'omit', paths: '*', why: '4.5.2+' },
  // Cursor pagination `start` (4.6): id >= start, count null.
  { name: 'start', paths: '*', why: '4.6+' },
  // `brief` is handled by every list view (BriefModeMixin) and never appeared in the schema.
  { name: 'brief', paths: '*', why: 'honoured, never declared' },
  // `exclude=config_context` is read by the device and VM views only.
  {
    name: 'exclude',
    paths: ['/api/dcim/devices/', '/api/virtualization/virtual-machines/'],
    why: 'honoured by the config-context views, never declared',
  },
];

/** Object fields added in 4.3–4.6, or gone after 4.0 (NETBOX-MODELS.md / NETBOX-API.md). */
const ALLOWED_FIELDS: readonly { name: string; paths: readonly string[] | '*'; why: string }[] = [
  { name: 'owner', paths: '*', why: '4.5: owner on most models' },
  { name: 'virtual_machine_type', paths: ['/api/virtualization/virtual-machines/'], why: '4.6' },
  { name: 'start_on_boot', paths: ['/api/virtualization/virtual-machines/'], why: '4.5' },
  { name: 'tenant', paths: ['/api/ipam/vlan-groups/'], why: '4.3: VLAN groups gained a tenant' },
  { name: 'total_vlan_ids', paths: ['/api/ipam/vlan-groups/'], why: '4.6, read-only' },
  // NETBOX-WEBHOOKS.md: before 4.1 an event rule had one boolean per event instead of
  // `event_types`; netbox-setup reads and writes them on NetBox 4.0 only.
  ...(['type_create', 'type_update', 'type_delete'] as const).map((name) => ({
    name,
    paths: ['/api/extras/event-rules/', '/api/extras/event-rules/{id}/'],
    why: '4.0 only: replaced by event_types in 4.1',
  })),
];

function allowed(
  list: readonly { name: string; paths: readonly string[] | '*' }[],
  name: string,
  path: string,
): boolean {
  return list.some((a) => a.name === name && (a.paths === '*' || a.paths.includes(path)));
}

function deref(doc: Doc, node: Node): Node {
  let current = node;
  for (let hops = 0; typeof current.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`$ref loop at ${String(current.$ref)}`);
    const parts = current.$ref.replace(/^#\//, '').split('/');
    let target: unknown = doc;
    for (const part of parts) target = (target as Node)[part];
    if (target === undefined) throw new Error(`unresolved $ref ${String(current.$ref)}`);
    current = target as Node;
  }
  return current;
}

/** Resolve $ref and merge allOf members; `nullable` of the wrapper is kept. */
function flatten(doc: Doc, node: Node): Node {
  const resolved = deref(doc, node);
  if (!Array.isArray(resolved.allOf)) return resolved;
  const merged: Node = { ...resolved, properties: {}, required: [] };
  delete merged.allOf;
  for (const member of resolved.allOf as Node[]) {
    const m = flatten(doc, member);
    Object.assign(merged, { ...m, properties: merged.properties, required: merged.required });
    Object.assign(merged.properties as Node, m.properties ?? {});
    (merged.required as string[]).push(...((m.required as string[] | undefined) ?? []));
  }
  if (resolved.nullable === true) merged.nullable = true;
  if (Object.keys(merged.properties as Node).length === 0 && !('type' in merged)) delete merged.properties;
  return merged;
}

function typeOf(s: Node): string {
  if (typeof s.type === 'string') return s.type;
  if (s.properties || s.additionalProperties) return 'object';
  if (s.items) return 'array';
  return 'any';
}

/** A value of type `from` is always a valid value of type `to`. */
function fits(from: string, to: string): boolean {
  return from === to || to === 'any' || (from === 'integer' && to === 'number');
}

/** A schema node together with the document its $refs resolve in. */
interface Schema {
  doc: Doc;
  node: Node;
}

interface Ctx {
  /** API path, for the allow-lists. */
  path: string;
  errors: string[];
}

function flat(s: Schema): Schema {
  return { doc: s.doc, node: flatten(s.doc, s.node) };
}

/** The alternatives of a oneOf/anyOf (nullability is checked once, on the wrapper). */
function variants(s: Schema): Schema[] {
  const list = (s.node.oneOf ?? s.node.anyOf) as Node[] | undefined;
  if (!list) return [{ doc: s.doc, node: { ...s.node, nullable: false } }];
  return list.map((v) => ({ doc: s.doc, node: { ...flatten(s.doc, v), nullable: false } }));
}

/**
 * `response`: every value NetBox may send (theirs) must be accepted by nbsync's schema (mine).
 * `request`: every value nbsync may send (mine) must be accepted by NetBox (theirs).
 */
function compare(ctx: Ctx, mine: Schema, theirs: Schema, at: string, dir: Direction): void {
  const a = flat(mine);
  const b = flat(theirs);
  if (typeOf(b.node) === 'any' && !b.node.oneOf && !b.node.anyOf) return; // NetBox leaves it untyped
  const [wide, narrow] = dir === 'response' ? [a, b] : [b, a];
  if (narrow.node.nullable === true && wide.node.nullable !== true) {
    ctx.errors.push(
      `${at}: ${dir === 'response' ? 'NetBox' : 'nbsync'} may send null, the other side refuses it`,
    );
  }
  for (const n of variants(narrow)) {
    const attempts = variants(wide).map((w) => {
      const sub: Ctx = { path: ctx.path, errors: [] };
      shape(sub, n, w, at, dir);
      return sub.errors;
    });
    if (!attempts.some((e) => e.length === 0)) ctx.errors.push(...(attempts[0] ?? []));
  }
}

/** Compare two schemas without unions: every `narrow` value must be a valid `wide` value. */
function shape(ctx: Ctx, narrow: Schema, wide: Schema, at: string, dir: Direction): void {
  const nt = typeOf(narrow.node);
  const wt = typeOf(wide.node);
  const [mine, theirs] = dir === 'response' ? [wide, narrow] : [narrow, wide];
  if (!fits(nt, wt)) {
    ctx.errors.push(`${at}: type NetBox ${typeOf(theirs.node)} vs nbsync ${typeOf(mine.node)}`);
    return;
  }
  const wideEnum = wide.node.enum as unknown[] | undefined;
  const narrowEnum = narrow.node.enum as unknown[] | undefined;
  if (wideEnum) {
    // NetBox lists "" for blank choices; it is never a value nbsync must handle as a name.
    const missing = narrowEnum?.filter((v) => v !== '' && !wideEnum.includes(v));
    if (!narrowEnum) ctx.errors.push(`${at}: restricted to ${JSON.stringify(wideEnum)} on one side only`);
    else if (missing && missing.length > 0)
      ctx.errors.push(`${at}: values ${JSON.stringify(missing)} not accepted`);
  }
  if (nt === 'array') {
    const items = (s: Schema): Schema => ({ doc: s.doc, node: s.node.items as Node });
    compare(ctx, items(mine), items(theirs), `${at}[]`, dir);
    return;
  }
  if (nt !== 'object') return;
  const myProps = (mine.node.properties ?? {}) as Record<string, Node>;
  const theirProps = theirs.node.properties as Record<string, Node> | undefined;
  const theirExtra = theirs.node.additionalProperties;
  for (const [name, prop] of Object.entries(myProps)) {
    const theirProp = theirProps?.[name];
    if (theirProp)
      compare(ctx, { doc: mine.doc, node: prop }, { doc: theirs.doc, node: theirProp }, `${at}.${name}`, dir);
    // A free-form object (e.g. /api/status/) declares no keys; any key nbsync reads is allowed.
    else if (!theirProps && theirExtra !== undefined && theirExtra !== false) continue;
    else if (!allowed(ALLOWED_FIELDS, name, ctx.path))
      ctx.errors.push(`${at}.${name}: not in the NetBox 4.2.2 schema`);
  }
  const myExtra = mine.node.additionalProperties;
  if (myExtra && typeof myExtra === 'object' && theirExtra && typeof theirExtra === 'object') {
    compare(
      ctx,
      { doc: mine.doc, node: myExtra as Node },
      { doc: theirs.doc, node: theirExtra as Node },
      `${at}.*`,
      dir,
    );
  }
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const operations = Object.entries(mine.paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] as Node })),
);

function parametersOf(doc: Doc, op: Node): Map<string, Node> {
  const list = ((op.parameters ?? []) as Node[]).map((p) => deref(doc, p));
  return new Map(list.map((p) => [`${String(p.in)}:${String(p.name)}`, p]));
}

function jsonSchema(doc: Doc, holder: Node | undefined): Node | undefined {
  const content = holder ? (deref(doc, holder).content as Record<string, Node> | undefined) : undefined;
  return content?.['application/json']?.schema as Node | undefined;
}

describe('openapi/netbox.yaml against the NetBox 4.2.2 schema', () => {
  it('declares operations', () => {
    expect(operations.length).toBeGreaterThan(10);
  });

  it.each(operations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))(
    '%s exists with compatible parameters, body and responses',
    (_name, { path, method, op }) => {
      const theirs = theirsFor(path);
      const theirOp = theirs.paths[path]?.[method];
      const ctx: Ctx = { path, errors: [] };
      const my = (node: Node): Schema => ({ doc: mine, node });
      const their = (node: Node): Schema => ({ doc: theirs, node });

      if (!theirOp) ctx.errors.push(`${method.toUpperCase()} ${path}: not in the NetBox schema`);
      else {
        const theirParams = parametersOf(theirs, theirOp);
        for (const [key, param] of parametersOf(mine, op)) {
          const theirParam = theirParams.get(key);
          if (!theirParam) {
            if (!allowed(ALLOWED_PARAMETERS, String(param.name), path))
              ctx.errors.push(`parameter ${key}: not declared by NetBox`);
            continue;
          }
          compare(
            ctx,
            my(param.schema as Node),
            their(theirParam.schema as Node),
            `parameter ${key}`,
            'request',
          );
          const explode = (p: Node): boolean => p.explode !== false;
          if (explode(param) !== explode(theirParam)) ctx.errors.push(`parameter ${key}: explode differs`);
        }
        const myBody = jsonSchema(mine, op.requestBody as Node | undefined);
        const theirBody = jsonSchema(theirs, theirOp.requestBody as Node | undefined);
        if (myBody && !theirBody) ctx.errors.push('request body: NetBox takes none');
        if (myBody && theirBody) compare(ctx, my(myBody), their(theirBody), 'body', 'request');
        for (const [status, response] of Object.entries(op.responses as Record<string, Node>)) {
          const theirResponse = (theirOp.responses as Record<string, Node>)[status];
          const myResult = jsonSchema(mine, response);
          const theirResult = jsonSchema(theirs, theirResponse);
          if (!theirResponse) ctx.errors.push(`response ${status}: not declared by NetBox`);
          else if (myResult && theirResult)
            compare(ctx, my(myResult), their(theirResult), `response ${status}`, 'response');
        }
      }

      expect(ctx.errors).toEqual([]);
    },
  );

  it.each(ALLOWED_PARAMETERS.map((a) => [a.name, a] as const))(
    'allow-listed parameter %s really is missing from the 4.2.2 schema',
    (name, entry) => {
      const paths =
        entry.paths === '*' ? operations.filter((o) => o.method === 'get').map((o) => o.path) : entry.paths;

      const declaredBy = paths.filter((p) => {
        const op = theirsFor(p).paths[p]?.get;
        return op ? parametersOf(theirsFor(p), op).has(`query:${name}`) : false;
      });

      expect(declaredBy).toEqual([]);
    },
  );

  it.each(ALLOWED_FIELDS.map((a) => [a.name, a] as const))(
    'allow-listed field %s really is missing from the 4.2.2 list results',
    (name, entry) => {
      const paths =
        entry.paths === '*' ? Object.keys(subset.paths).filter((p) => !p.includes('{')) : entry.paths;

      const declaredBy = paths.filter((p) => {
        const envelope = jsonSchema(
          subset,
          (subset.paths[p]?.get?.responses as Record<string, Node> | undefined)?.['200'],
        );
        if (!envelope) return false;
        const results = flatten(subset, envelope).properties as Record<string, Node> | undefined;
        const item = results?.results ? flatten(subset, results.results.items as Node) : undefined;
        return Boolean((item?.properties as Node | undefined)?.[name]);
      });

      expect(declaredBy).toEqual([]);
    },
  );

  it('detects an incompatible field (the checker itself can fail)', () => {
    const broken = structuredClone(mine);
    const ip = broken.components?.schemas?.IPAddress as { properties: Record<string, Node> };
    ip.properties.address = { type: 'integer' };
    ip.properties.not_a_netbox_field = { type: 'string' };
    const path = '/api/ipam/ip-addresses/';
    const ctx: Ctx = { path, errors: [] };
    const myResult = jsonSchema(
      broken,
      ((broken.paths[path]?.get as Node).responses as Record<string, Node>)['200'],
    );
    const theirResult = jsonSchema(
      subset,
      ((subset.paths[path]?.get as Node).responses as Record<string, Node>)['200'],
    );

    compare(
      ctx,
      { doc: broken, node: myResult as Node },
      { doc: subset, node: theirResult as Node },
      'response 200',
      'response',
    );

    expect(ctx.errors).toEqual([
      'response 200.results[].address: type NetBox string vs nbsync integer',
      'response 200.results[].not_a_netbox_field: not in the NetBox 4.2.2 schema',
    ]);
  });
});

describe('openapi/generated/netbox.ts', () => {
  it('is what `npm run gen:api` produces from openapi/netbox.yaml', async () => {
    const committed = readFileSync(new URL('openapi/generated/netbox.ts', repo), 'utf8');

    const ast = await openapiTS(new URL('openapi/netbox.yaml', repo));
    const fresh = `// Generated from openapi/netbox.yaml by \`npm run gen:api\`. Do not edit.\n\n${astToString(ast)}`;

    expect(committed, `regenerate with npm run gen:api (${fileURLToPath(repo)})`).toBe(fresh);
  });
});
