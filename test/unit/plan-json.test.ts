import { describe, expect, it } from 'vitest';
import type { SinkPlan } from '../../src/model/plan.js';
import { canonicalJson, sha256Of } from '../../src/reconcile/canonical.js';
import { assemblePlan, newId, planChecksum, planToJson } from '../../src/reconcile/plan-json.js';
import { renderPlan } from '../../src/reconcile/render.js';
import { have, want } from '../helpers/resources.js';

function sinkPlan(name: string, overrides: Partial<SinkPlan> = {}): SinkPlan {
  return {
    sink: name,
    type: 'technitium-dns',
    mode: 'apply',
    status: 'ok',
    reason: '',
    counts: { create: 1, update: 1, delete: 1, conflict: 1 },
    changes: [
      { op: 'delete', before: have('z.int/A/10.0.0.9'), forced: false },
      { op: 'create', after: want('a.int/A/10.0.0.1'), forced: false },
      {
        op: 'update',
        before: have('b.int/A/10.0.0.2'),
        after: want('b.int/A/10.0.0.2', { ttl: 600 }),
        diff: [{ field: 'ttl', from: 300, to: 600 }],
        forced: false,
      },
    ],
    conflicts: [{ kind: 'dns.record', key: 'c.int/A/10.0.0.3', reason: 'exists without owner mark' }],
    skipped: [],
    unmanaged: [],
    owned: 2,
    ...overrides,
  };
}

describe('canonical JSON and checksum', () => {
  it.each([
    [{ b: 1, a: { d: [3, { f: 1, e: 2 }], c: null } }, '{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":1}'],
    [{ x: undefined, y: 'v' }, '{"y":"v"}'],
    [[2, 1], '[2,1]'],
  ])('canonicalJson(%j)', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('hashes equal values equally whatever the key order', () => {
    expect(sha256Of({ a: 1, b: 2 })).toBe(sha256Of({ b: 2, a: 1 }));
    expect(sha256Of({ a: 1 })).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('covers changes only: ids, times, statuses and conflicts do not move it', () => {
    const a = assemblePlan([sinkPlan('dns')], new Date('2026-11-25T10:00:00Z'));
    const b = assemblePlan(
      [sinkPlan('dns', { status: 'refused', reason: 'x', conflicts: [] })],
      new Date('2027-01-01T00:00:00Z'),
    );

    expect(a.checksum).toBe(b.checksum);
    expect(a.id).not.toBe(b.id);
  });

  it('moves when a change differs, and does not depend on sink order', () => {
    const base = planChecksum([sinkPlan('dns'), sinkPlan('dns2')]);

    expect(planChecksum([sinkPlan('dns2'), sinkPlan('dns')])).toBe(base);
    expect(planChecksum([sinkPlan('dns', { changes: [] }), sinkPlan('dns2')])).not.toBe(base);
  });

  it('makes sortable ULID-shaped ids', () => {
    const early = newId('pln', new Date('2026-01-01T00:00:00Z'));
    const late = newId('pln', new Date('2026-06-01T00:00:00Z'));

    expect(early).toMatch(/^pln_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(early < late).toBe(true);
  });
});

describe('plan JSON and renderers', () => {
  const plan = assemblePlan([sinkPlan('dns')], new Date('2026-11-25T10:00:00Z'));

  it('follows the DESIGN §3 shape', () => {
    const json = planToJson(plan);

    expect(json).toMatchObject({ checksum: plan.checksum, createdAt: '2026-11-25T10:00:00.000Z' });
    expect(json.sinks[0]).toMatchObject({ sink: 'dns', type: 'technitium-dns', mode: 'apply', status: 'ok' });
    expect(json.sinks[0]?.changes[2]).toEqual({
      op: 'update',
      kind: 'dns.record',
      key: 'b.int/A/10.0.0.2',
      before: { ttl: 300 },
      after: { ttl: 600 },
      diff: [{ field: 'ttl', from: 300, to: 600 }],
      source: 'ipam.ipaddress/b.int/A/10.0.0.2',
      forced: false,
    });
    expect(json.sinks[0]?.changes[0]).toMatchObject({
      op: 'delete',
      after: null,
      source: 'ipam.ipaddress/z.int/A/10.0.0.9',
    });
  });

  it('renders text like terraform plan, without colour unless asked', () => {
    const text = renderPlan(plan, 'text');

    expect(text).toContain(
      'sink dns (technitium-dns, mode apply): 1 to create, 1 to update, 1 to delete, 1 conflict',
    );
    expect(text).toContain('  + dns.record a.int/A/10.0.0.1  ttl=300');
    expect(text).toContain('  ~ dns.record b.int/A/10.0.0.2  ttl: 300 → 600');
    expect(text).toContain('  - dns.record z.int/A/10.0.0.9');
    expect(text).toContain('  ! dns.record c.int/A/10.0.0.3: exists without owner mark');
    expect(text).not.toContain('\u001b[');
    expect(renderPlan(plan, 'text', { color: true })).toContain('\u001b[32m');
  });

  it('renders an empty plan as nothing to do', () => {
    const empty = assemblePlan([
      sinkPlan('dns', {
        changes: [],
        conflicts: [],
        counts: { create: 0, update: 0, delete: 0, conflict: 0 },
      }),
    ]);

    expect(renderPlan(empty, 'text')).toContain('No changes. Every sink follows NetBox.');
  });

  it('renders Markdown tables with escaped cells and the refusal', () => {
    const md = renderPlan(
      assemblePlan([sinkPlan('dns', { status: 'refused', reason: 'too | many' })]),
      'markdown',
    );

    expect(md).toContain('| op | kind | key | details | source |');
    expect(md).toContain('| update | dns.record | `b.int/A/10.0.0.2` | ttl: 300 → 600 |');
    expect(md).toContain('> **Refused:** too \\| many');
  });

  it('renders an error sink with its code', () => {
    const text = renderPlan(
      assemblePlan([
        sinkPlan('dns', { status: 'error', reason: 'boom', errorCode: 'SINK_HTTP', changes: [] }),
      ]),
      'text',
    );

    expect(text).toContain('error SINK_HTTP: boom');
  });
});
