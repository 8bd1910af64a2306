import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dump, runCli, startWorld, type World } from './cli-harness.js';

// The built CLI, as a separate process, against the NetBox and Technitium fakes over HTTP.
describe('nbsync CLI against NetBox and Technitium (end to end)', () => {
  let world: World;
  const cli = (...args: string[]) => runCli([...args, '--config', world.config], world.env);

  beforeEach(async () => {
    world = await startWorld({ maxPageSize: 10 });
  });

  afterEach(async () => {
    await world.close();
  });

  it('plans creates on empty zones, applies them with owner marks, then plans nothing', async () => {
    const first = await cli('plan');
    const apply = await cli('apply');
    const second = await cli('plan');

    expect(first.code).toBe(2);
    expect(first.stdout).toContain('+ dns.record int.lavaduck.net/netbox.int.lavaduck.net/A/10.10.10.20');
    expect(first.stdout).toContain(
      '+ dns.record 10.10.10.in-addr.arpa/20.10.10.10.in-addr.arpa/PTR/netbox.int.lavaduck.net',
    );
    expect(first.stdout).toContain(
      '+ dns.record int.lavaduck.net/nb.int.lavaduck.net/CNAME/netbox.int.lavaduck.net',
    );
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain('Apply complete.');
    const records = dump(world.technitium);
    expect(records.length).toBeGreaterThan(20);
    expect(
      records.every((r) =>
        / nbsync:homelab (ipam\.ipaddress|virtualization\.virtualmachine|dcim\.device)\/\d+$/.test(r),
      ),
    ).toBe(true);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes.');
  });

  it('never changes records without our mark or with another instance’s mark: they are conflicts', async () => {
    world.technitium.addRecord('int.lavaduck.net', {
      name: 'netbox.int.lavaduck.net',
      type: 'A',
      rData: { ipAddress: '10.10.10.20' },
      ttl: 60,
      comments: 'by hand',
    });
    world.technitium.addRecord('int.lavaduck.net', {
      name: 'step-ca.int.lavaduck.net',
      type: 'A',
      rData: { ipAddress: '10.10.10.21' },
      ttl: 60,
      comments: 'nbsync:lab2 ipam.ipaddress/1',
    });
    world.technitium.addRecord('int.lavaduck.net', {
      name: 'old.int.lavaduck.net',
      type: 'A',
      rData: { ipAddress: '10.10.10.99' },
      comments: 'nbsync:lab2 ipam.ipaddress/2',
    });

    const plan = await cli('plan', '--format', 'json');
    await cli('apply');

    const json = JSON.parse(plan.stdout) as { sinks: { conflicts: { key: string; reason: string }[] }[] };
    expect(json.sinks[0]?.conflicts).toEqual(
      expect.arrayContaining([
        {
          kind: 'dns.record',
          key: 'int.lavaduck.net/netbox.int.lavaduck.net/A/10.10.10.20',
          reason: 'exists without owner mark',
          source: expect.any(String),
        },
        expect.objectContaining({
          key: 'int.lavaduck.net/step-ca.int.lavaduck.net/A/10.10.10.21',
          reason: expect.stringContaining('another nbsync instance'),
        }),
      ]),
    );
    const records = dump(world.technitium);
    expect(records).toContain('netbox.int.lavaduck.net A 10.10.10.20 by hand');
    expect(records).toContain('step-ca.int.lavaduck.net A 10.10.10.21 nbsync:lab2 ipam.ipaddress/1');
    expect(records).toContain('old.int.lavaduck.net A 10.10.10.99 nbsync:lab2 ipam.ipaddress/2');
    expect(
      world.technitium
        .records('int.lavaduck.net')
        .find((r) => r.name === 'netbox.int.lavaduck.net' && r.type === 'A')?.ttl,
    ).toBe(60);
  });

  it('moves the A and PTR when an IP’s dns_name changes, and removes exactly a deleted IP’s records', async () => {
    await cli('apply');
    const master = world.homelab.ips['10.10.10.101'] as number;
    const worker = world.homelab.ips['10.10.10.111'] as number;
    const before = dump(world.technitium);

    world.netbox.update('ipam.ipaddress', master, { dns_name: 'k8s-cp-1.int.lavaduck.net' });
    world.netbox.remove('ipam.ipaddress', worker);
    const plan = await cli('plan');
    const apply = await cli('apply');

    expect(plan.code).toBe(2);
    expect(apply.code).toBe(0);
    const after = dump(world.technitium);
    const gone = before.filter((r) => !after.includes(r));
    const added = after.filter((r) => !before.includes(r));
    expect(gone.map((r) => r.split(' ').slice(0, 3).join(' ')).sort()).toEqual([
      '101.10.10.10.in-addr.arpa PTR valaskjalf-master-1.int.lavaduck.net',
      '111.10.10.10.in-addr.arpa PTR valaskjalf-worker-1.int.lavaduck.net',
      'valaskjalf-master-1.int.lavaduck.net A 10.10.10.101',
      'valaskjalf-worker-1.int.lavaduck.net A 10.10.10.111',
    ]);
    expect(added.map((r) => r.split(' ').slice(0, 3).join(' ')).sort()).toEqual([
      '101.10.10.10.in-addr.arpa PTR k8s-cp-1.int.lavaduck.net',
      'k8s-cp-1.int.lavaduck.net A 10.10.10.101',
    ]);
    expect((await cli('plan')).code).toBe(0);
  });

  it('fails closed: a NetBox 500 on the third page gives exit 1 and deletes nothing', async () => {
    await cli('apply');
    const before = dump(world.technitium);
    world.netbox.failOn({ path: '/api/ipam/ip-addresses/', status: 500, after: 2 });

    const plan = await cli('plan');
    const apply = await cli('apply', '--force');

    expect(plan.code).toBe(1);
    expect(plan.stdout).toContain('ERROR');
    expect(apply.code).toBe(1);
    expect(dump(world.technitium)).toEqual(before);
    const pages = world.netbox.requests.filter((r) => r.url.includes('/api/ipam/ip-addresses/'));
    expect(pages.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a sink when NetBox suddenly returns 90 % fewer IPs, and --force applies it', async () => {
    await cli('apply');
    const ids = Object.values(world.homelab.ips);
    for (const id of ids.slice(0, Math.ceil(ids.length * 0.9))) world.netbox.remove('ipam.ipaddress', id);

    const refused = await cli('apply');
    const countAfterRefusal = dump(world.technitium).length;
    const forced = await cli('apply', '--force');

    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/sink dns: refused: would update or delete \d+ of \d+ owned objects/);
    expect(countAfterRefusal).toBeGreaterThan(20);
    expect(forced.code).toBe(0);
    expect(dump(world.technitium).length).toBeLessThan(countAfterRefusal / 3);
  });

  it('refuses --checksum of a stale plan and applies a fresh one', async () => {
    const reviewed = JSON.parse((await cli('plan', '--format', 'json')).stdout) as { checksum: string };
    world.netbox.update('ipam.ipaddress', world.homelab.ips['10.10.10.101'] as number, {
      dns_name: 'changed.int.lavaduck.net',
    });

    const stale = await cli('apply', '--checksum', reviewed.checksum);
    const afterStale = dump(world.technitium);
    const fresh = JSON.parse((await cli('plan', '--format', 'json')).stdout) as { checksum: string };
    const ok = await cli('apply', '--checksum', fresh.checksum);

    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('error PLAN_STALE: the plan changed since it was reviewed');
    expect(afterStale).toEqual([]);
    expect(ok.code).toBe(0);
    expect(dump(world.technitium).length).toBeGreaterThan(20);
  });

  it('prints only JSON on stdout with --format json, and Markdown with --format markdown', async () => {
    const json = await cli('plan', '--format', 'json');
    const markdown = await cli('plan', '--format', 'markdown', '--sink', 'dns');

    expect(() => JSON.parse(json.stdout)).not.toThrow();
    expect(JSON.parse(json.stdout)).toMatchObject({
      checksum: expect.stringMatching(/^sha256:/),
      sinks: [{ sink: 'dns', status: 'ok' }],
    });
    expect(markdown.stdout).toContain('### dns (`technitium-dns`, mode apply)');
  });

  it('lists every problem of a broken config and exits 1', async () => {
    const broken = join(world.dir, 'broken.yaml');
    writeFileSync(
      broken,
      'instance: Bad Name\nnetbox:\n  url: nope\n  token: plain-text-token\nsinks:\n  dns:\n    type: technitium-dns\n    zone: [x]\n',
    );

    const result = await runCli(['check-config', '--config', broken], world.env);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error CONFIG_INVALID');
    expect(result.stderr).toContain('  - instance: expected a short id');
    expect(result.stderr).toContain('  - netbox.url: expected the NetBox base URL');
    expect(result.stderr).toContain('  - netbox.token: expected a secret reference');
    expect(result.stderr).toContain('  - sinks.dns.zone: unknown key (did you mean "zones"?)');
    expect(result.stderr).not.toContain('plain-text-token');
  });

  it('check-config reaches NetBox and the sink read-only', async () => {
    const ok = await cli('check-config');
    const badToken = await runCli(['check-config', '--config', world.config], {
      ...world.env,
      TECHNITIUM_TOKEN: 'f'.repeat(64),
    });

    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('netbox: ok');
    expect(ok.stdout).toContain('sink dns (technitium-dns): ok');
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toMatch(/sink dns: .*token/i);
    expect(badToken.stderr + badToken.stdout).not.toContain('f'.repeat(64));
    expect(dump(world.technitium)).toEqual([]);
  });
});
