import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { signBody } from '../../src/server/auth.js';
import { BIN, dump, startWorld, type World } from './cli-harness.js';

const WEBHOOK_SECRET = 'e2e-webhook-secret';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Start the built CLI; resolves once stdout or stderr contains `ready`. */
function start(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in time:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready:\n${output}`));
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('nbsync as a process', () => {
  const children: ChildProcess[] = [];
  let world: World | undefined;

  afterEach(async () => {
    for (const child of children.splice(0))
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await world?.close();
    world = undefined;
  });

  it('demo: the printed command edits NetBox and the DNS record follows; SIGTERM exits 0', async () => {
    const demo = await start(['demo', '--port', '0'], {}, /Ctrl-C stops everything/);
    children.push(demo.child);
    const text = demo.output();
    const patch = /curl -s -X PATCH (\S+) \\\n\s+-H 'Authorization: (Token \w+)'/.exec(text);
    const technitium = /curl -s '(http:\/\/127\.0\.0\.1:\d+\/api\/zones\/records\/get\?[^']+)'/.exec(text);
    expect(patch).not.toBeNull();
    expect(technitium).not.toBeNull();

    const response = await fetch(patch?.[1] ?? '', {
      method: 'PATCH',
      headers: { authorization: patch?.[2] ?? '', 'content-type': 'application/json' },
      body: JSON.stringify({ dns_name: 'k8s-cp-1.int.lavaduck.net' }),
    });
    const record = await waitFor('the moved record', async () => {
      const body = (await (await fetch(technitium?.[1] ?? '')).json()) as {
        status: string;
        response?: { records: { type: string; rData: { ipAddress?: string } }[] };
      };
      return body.response?.records.find((r) => r.type === 'A');
    });
    demo.child.kill('SIGTERM');

    expect(response.status).toBe(200);
    expect(record.rData.ipAddress).toBe('10.10.10.101');
    expect(await exited(demo.child)).toBe(0);
  });

  it('serve: a webhook answered 202 survives kill -9 and is processed after the restart', async () => {
    world = await startWorld();
    const w = world;
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const storePath = join(w.dir, 'state.sqlite');
    const configure = (debounceMs: number) =>
      w.writeConfig({
        netbox: ['webhookSecret: {env: WEBHOOK_SECRET}'],
        top: [
          `server: {listen: "127.0.0.1:${port}"}`,
          `store: {path: ${storePath}}`,
          `schedule: {fullSync: "0 0 1 1 *", debounceMs: ${debounceMs}}`,
        ],
      });
    const env = { ...w.env, WEBHOOK_SECRET, NBSYNC_LOG_LEVEL: 'info' };
    configure(600_000);
    const first = await start(['serve', '--config', w.config], env, /is serving on/);
    children.push(first.child);
    await waitFor('the first full sync', () => (dump(w.technitium).length > 20 ? true : undefined));
    const ipId = w.homelab.ips['10.10.10.101'] as number;
    w.netbox.update('ipam.ipaddress', ipId, { dns_name: 'k8s-cp-1.int.lavaduck.net' });
    const body = JSON.stringify({
      event: 'updated',
      timestamp: new Date().toISOString(),
      object_type: 'ipam.ipaddress',
      username: 'alice',
      request_id: '1b5e5e1e-0000-4000-8000-000000000001',
      data: w.netbox.get('ipam.ipaddress', ipId),
      snapshots: { prechange: null, postchange: null },
    });

    const accepted = await fetch(`${base}/webhooks/netbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hook-signature': signBody(WEBHOOK_SECRET, body) },
      body,
    });
    first.child.kill('SIGKILL');
    await exited(first.child);
    const db = new Database(storePath, { readonly: true });
    const pending = db
      .prepare("SELECT object_type, object_id, status FROM events WHERE status = 'pending'")
      .all();
    db.close();
    configure(50);
    const second = await start(['serve', '--config', w.config], env, /is serving on/);
    children.push(second.child);
    const moved = await waitFor('the record to move', () =>
      dump(w.technitium).find((r) => r.startsWith('k8s-cp-1.int.lavaduck.net A 10.10.10.101')),
    );
    const processed = await waitFor('the event to be processed', () => {
      const check = new Database(storePath, { readonly: true });
      const row = check.prepare('SELECT status FROM events WHERE object_id = ?').get(ipId) as
        { status: string } | undefined;
      check.close();
      return row && row.status !== 'pending' ? row.status : undefined;
    });
    second.child.kill('SIGTERM');

    expect(accepted.status).toBe(202);
    expect(pending).toEqual([{ object_type: 'ipam.ipaddress', object_id: ipId, status: 'pending' }]);
    expect(moved).toContain('nbsync:homelab ipam.ipaddress/');
    expect(processed).toBe('processed');
    expect(await exited(second.child)).toBe(0);
  });
});
