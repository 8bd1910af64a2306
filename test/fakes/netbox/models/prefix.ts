import { containsNetwork, formatNetwork, networkOf, parseInterface } from '../ip.js';
import { CHOICES, field, type ModelDef, type RenderContext, type SpecialFilter } from '../schema.js';
import { familyOf, scope, siteFromScope, TAIL } from './common.js';
import {
  byAddress,
  checkDuplicates,
  familyFilter,
  intFilter,
  ipFilter,
  maskFilter,
  parsedOf,
} from './ipam.js';

function prefixDepths(ctx: RenderContext): Map<number, { depth: number; children: number }> {
  return ctx.store.memo('prefix-tree', () => {
    const all = ctx.store.byId('ipam.prefix');
    const result = new Map<number, { depth: number; children: number }>();
    for (const prefix of all) result.set(prefix.id, { depth: 0, children: 0 });
    for (const outer of all) {
      const po = parsedOf(outer);
      if (!po) continue;
      for (const inner of all) {
        const pi = parsedOf(inner);
        if (inner === outer || !pi || (outer['vrf'] ?? null) !== (inner['vrf'] ?? null)) continue;
        if (containsNetwork(po, pi, false)) {
          result.get(outer.id)!.children++;
          result.get(inner.id)!.depth++;
        }
      }
    }
    return result;
  });
}

const within = (orEqual: boolean): SpecialFilter =>
  ipFilter((value, record) => {
    const parsed = parsedOf(record);
    return parsed !== null && containsNetwork({ ...value, value: networkOf(value) }, parsed, orEqual);
  });

export const prefix: ModelDef = {
  type: 'ipam.prefix',
  className: 'Prefix',
  path: 'ipam/prefixes',
  fields: {
    prefix: field.str({ required: true }),
    vrf: field.fk('ipam.vrf', { onDelete: 'protect' }),
    scope_type: {
      kind: 'generic-type',
      allowed: ['dcim.site'],
      idField: 'scope_id',
      onDelete: 'set-null',
    },
    scope_id: { kind: 'generic-id' },
    tenant: field.fk('tenancy.tenant', { onDelete: 'set-null' }),
    vlan: field.fk('ipam.vlan', { onDelete: 'set-null' }),
    status: field.choice(CHOICES.prefixStatus, { default: 'active' }),
    role: field.fk('ipam.role', { onDelete: 'set-null' }),
    is_pool: field.bool(false),
    mark_utilized: field.bool(false),
    description: field.str({ default: '' }),
    comments: field.str({ default: '' }),
  },
  layout: [
    'id',
    'url',
    'display_url',
    'display',
    'family',
    'prefix',
    'vrf',
    'scope_type',
    'scope_id',
    'scope',
    'site',
    'tenant',
    'vlan',
    'status',
    'role',
    'is_pool',
    'mark_utilized',
    'description',
    ...TAIL,
    'children',
    '_depth',
  ],
  keySince: { scope_type: '4.2', scope_id: '4.2', scope: '4.2' },
  keyUntil: { site: '4.2' },
  computed: {
    family: familyOf('prefix'),
    scope,
    site: siteFromScope,
    children: (record, ctx) => prefixDepths(ctx).get(record.id)?.children ?? 0,
    _depth: (record, ctx) => prefixDepths(ctx).get(record.id)?.depth ?? 0,
  },
  brief: ['id', 'url', 'display', 'family', 'prefix', 'description', '_depth'],
  display: (record) => String(record['prefix']),
  tags: true,
  customFields: true,
  search: ['prefix', 'description'],
  compare: (a, b) =>
    ((a['vrf'] as number | null) ?? 0) - ((b['vrf'] as number | null) ?? 0) || byAddress(a, b),
  filters: {
    prefix: ipFilter(
      (value, record) =>
        parsedOf(record)?.value === networkOf(value) && parsedOf(record)?.length === value.length,
    ),
    within: within(false),
    within_include: within(true),
    contains: ipFilter((value, record) => {
      const parsed = parsedOf(record);
      return parsed !== null && containsNetwork(parsed, value, true);
    }),
    family: familyFilter,
    mask_length: maskFilter,
    site_id: intFilter((id, record) => record['scope_type'] === 'dcim.site' && record['scope_id'] === id),
    site: {
      build: (values, ctx) => (record) =>
        record['scope_type'] === 'dcim.site' &&
        values.includes(String(ctx.store.get('dcim.site', record['scope_id'] as number)?.['slug'])),
    },
    vlan_vid: intFilter(
      (vid, record, ctx) => ctx.store.get('ipam.vlan', record['vlan'] as number)?.['vid'] === vid,
    ),
  },
  fromWire(body, ctx) {
    if (ctx.version.minor >= 2 || !('site' in body)) return body;
    const { site, ...rest } = body;
    return { ...rest, scope_type: site === null ? null : 'dcim.site', scope_id: site };
  },
  clean(candidate, _previous, ctx) {
    const parsed = parseInterface(String(candidate['prefix']));
    if (!parsed || !String(candidate['prefix']).includes('/')) {
      return { prefix: ['Enter a valid IPv4 or IPv6 prefix and mask in CIDR notation.'] };
    }
    if (networkOf(parsed) !== parsed.value) {
      return {
        prefix: [`${parsed.canonical} is not a valid prefix. Did you mean ${formatNetwork(parsed)}?`],
      };
    }
    candidate['prefix'] = parsed.canonical;
    return checkDuplicates(
      candidate,
      'prefix',
      ctx,
      (a, b) => a.family === b.family && a.value === b.value && a.length === b.length,
    );
  },
};
