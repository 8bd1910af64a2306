import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForgeType } from '../../src/forges/forge.js';
import { SyncError } from '../../src/model/errors.js';
import type { Inventory } from '../../src/model/inventory.js';
import type { SinkMode } from '../../src/model/plan.js';
import { planSink } from '../../src/reconcile/planner.js';
import { gitInventoryFactory, PROPOSAL_BRANCH } from '../../src/sinks/git-inventory/index.js';
import type { ApplyResult, RunContext, Sink, SinkDeps } from '../../src/sinks/sink.js';
import { FakeForge, forgeApi, forgeUrl, type FakeRepo } from '../fakes/forge/index.js';
import { sampleInventory, withVm } from '../fakes/forge/inventory.js';
import { GitRemote } from '../fakes/git-remote.js';
import { settings } from '../helpers/resources.js';

const GIT_TOKEN = 'git-token-0b7d';
const FORGE_TOKEN = 'forge-token-41c2';
const ALICE = { name: 'Alice', email: 'alice@lavaduck.net' };
const ANSIBLE = 'ansible/inventory/netbox.yml';
const TERRAFORM = 'terraform/netbox_vms.auto.tfvars.json';
const ctx = (): RunContext => ({ log: pino({ level: 'silent' }), signal: new AbortController().signal });

let work: string;
let counter = 0;
const remotes: GitRemote[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'nbsync-git-sink-'));
});

afterAll(async () => {
  await Promise.all(remotes.map((r) => r.stop()));
  await rm(work, { recursive: true, force: true });
});

interface World {
  remote: GitRemote;
  forge: FakeForge;
  repo: FakeRepo;
  sink: Sink;
}

/** A real git remote with the fake forge's API in front of it, and a sink pointed at both. */
async function world(mode: SinkMode, type: ForgeType = 'gitea'): Promise<World> {
  counter += 1;
  const holder: { remote?: GitRemote } = {};
  const forge = new FakeForge(FORGE_TOKEN, {
    branchExists: async (repo, branch) => (await holder.remote?.head(repo, branch)) != null,
    merge: async (repo, base, head) => (holder.remote ? holder.remote.merge(repo, base, head) : ''),
  });
  const repo = forge.addRepo('lab', 'infra');
  const remote = await GitRemote.start({ token: GIT_TOKEN, api: forgeApi(forge, type) });
  holder.remote = remote;
  remotes.push(remote);
  await remote.createRepo('lab/infra', {
    files: { 'README.md': '# infra\n', 'ansible/site.yml': '- hosts: all\n', 'terraform/main.tf': '# vms\n' },
  });
  const deps: SinkDeps = {
    settings: settings({ mode }),
    secret: (ref) => ('env' in ref && ref.env === 'FORGE_TOKEN' ? FORGE_TOKEN : GIT_TOKEN),
    fetch: globalThis.fetch,
    log: pino({ level: 'silent' }),
    netbox: { setCustomFields: async () => undefined },
    baseDir: join(work, `w${counter}`),
    dataDir: join(work, `w${counter}`, 'data'),
    sinkByName: () => undefined,
  };
  const config = gitInventoryFactory.schema.parse({
    repo: { url: remote.repoUrl('lab/infra'), branch: 'main', token: { env: 'GIT_TOKEN' } },
    forge: {
      type,
      url: forgeUrl(remote.url, type),
      token: { env: 'FORGE_TOKEN' },
      owner: 'lab',
      name: 'infra',
    },
    author: { name: 'nbsync', email: 'nbsync@lavaduck.net' },
  });
  return { remote, forge, repo, sink: gitInventoryFactory.create('inventory', config, deps) };
}

async function plan(sink: Sink, inventory: Inventory) {
  return planSink(sink, sink.desired(inventory), await sink.observe(ctx()));
}

async function run(sink: Sink, inventory: Inventory): Promise<ApplyResult[]> {
  const { changes } = await plan(sink, inventory);
  const results: ApplyResult[] = [];
  for (const change of changes) results.push(await sink.apply(change, ctx()));
  return results;
}

describe('git-inventory in mode propose (Gitea fake forge, real git remote)', () => {
  it('opens one pull request with both files and leaves the base branch alone', async () => {
    const { remote, repo, sink } = await world('propose');
    const mainBefore = await remote.head('lab/infra', 'main');

    const results = await run(sink, sampleInventory());
    const next = await plan(sink, sampleInventory());

    expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied']);
    expect(repo.pulls).toHaveLength(1);
    expect(repo.pulls[0]).toMatchObject({
      state: 'open',
      head: PROPOSAL_BRANCH,
      base: 'main',
      labels: ['nbsync'],
    });
    expect(repo.pulls[0]?.body).toContain(`| \`${ANSIBLE}\` | create |`);
    expect(repo.pulls[0]?.body).toContain(`| \`${TERRAFORM}\` | create |`);
    expect(await remote.readFile('lab/infra', PROPOSAL_BRANCH, ANSIBLE)).toContain('nbsync:homelab');
    expect(await remote.head('lab/infra', 'main')).toBe(mainBefore);
    expect(next.changes).toEqual([]);
  });

  it('updates the same pull request when NetBox changes, and commits nothing when nothing changed', async () => {
    const { remote, repo, sink } = await world('propose');
    await run(sink, sampleInventory());
    const changed = withVm(sampleInventory(), 'web1', { memoryMb: 4096 });

    const results = await run(sink, changed);
    const headAfterUpdate = await remote.head('lab/infra', PROPOSAL_BRANCH);
    const again = await run(sink, changed);

    expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied']);
    expect(repo.pulls).toHaveLength(1);
    expect(repo.pulls[0]?.body).toContain('`web1`');
    expect(again).toEqual([]);
    expect(await remote.head('lab/infra', PROPOSAL_BRANCH)).toBe(headAfterUpdate);
    expect(
      JSON.parse((await remote.readFile('lab/infra', PROPOSAL_BRANCH, TERRAFORM)) ?? '{}'),
    ).toMatchObject({
      vms: { web1: { memory: 4096 } },
    });
  });

  it('re-applying the same changes is a no-op', async () => {
    const { remote, sink } = await world('propose');
    const { changes } = await plan(sink, sampleInventory());
    for (const change of changes) await sink.apply(change, ctx());
    const head = await remote.head('lab/infra', PROPOSAL_BRANCH);

    const outcomes = [];
    for (const change of changes) outcomes.push((await sink.apply(change, ctx())).outcome);

    expect(outcomes).toEqual(['noop', 'noop']);
    expect(await remote.head('lab/infra', PROPOSAL_BRANCH)).toBe(head);
  });

  it('plans nothing once the pull request is merged, and proposes afresh on the next change', async () => {
    const { remote, forge, repo, sink } = await world('propose');
    await run(sink, sampleInventory());
    await forge.merge(repo, 1);

    const afterMerge = await plan(sink, sampleInventory());
    const results = await run(sink, withVm(sampleInventory(), 'db1', { vcpus: 8 }));

    expect(afterMerge.changes).toEqual([]);
    expect(await remote.readFile('lab/infra', 'main', ANSIBLE)).toContain('nbsync:homelab');
    expect(results.every((r) => r.outcome === 'applied')).toBe(true);
    expect(repo.pulls.map((p) => [p.number, p.state, p.merged])).toEqual([
      [1, 'closed', true],
      [2, 'open', false],
    ]);
    expect(repo.pulls[1]?.body).toContain('changed `db1`');
  });

  it('stops updating once a person pushed to the branch, and says so once in a comment', async () => {
    const { remote, repo, sink } = await world('propose');
    await run(sink, sampleInventory());
    await remote.commit('lab/infra', PROPOSAL_BRANCH, { 'ansible/extra.yml': 'x: 1\n' }, { author: ALICE });
    const head = await remote.head('lab/infra', PROPOSAL_BRANCH);
    const changed = withVm(sampleInventory(), 'web1', { memoryMb: 1024 });
    const { changes } = await plan(sink, changed);

    const first = await sink.apply(changes[0]!, ctx()).catch((err: unknown) => err);
    const second = await sink.apply(changes[0]!, ctx()).catch((err: unknown) => err);

    expect(first).toBeInstanceOf(SyncError);
    expect((first as SyncError).code).toBe('SINK_REJECTED');
    expect((first as SyncError).message).toContain(ALICE.email);
    expect(second).toBeInstanceOf(SyncError);
    expect(await remote.head('lab/infra', PROPOSAL_BRANCH)).toBe(head);
    expect(repo.pulls[0]?.comments).toHaveLength(1);
    expect(repo.pulls[0]?.comments[0]?.body).toContain(ALICE.email);
  });

  it('keeps a pull request closed by a person closed until the content changes', async () => {
    const { forge, repo, sink } = await world('propose');
    await run(sink, sampleInventory());
    forge.close(repo, 1);

    const sameContent = await run(sink, sampleInventory());
    const pullsAfterSame = repo.pulls.map((p) => [p.number, p.state]);
    const newContent = await run(sink, withVm(sampleInventory(), 'web1', { vcpus: 6 }));

    expect(sameContent.map((r) => r.outcome)).toEqual(['noop', 'noop']);
    expect(pullsAfterSame).toEqual([[1, 'closed']]);
    expect(newContent.map((r) => r.outcome)).toEqual(['applied', 'applied']);
    expect(repo.pulls.map((p) => [p.number, p.state])).toEqual([
      [1, 'closed'],
      [2, 'open'],
    ]);
  });
});

describe('git-inventory in mode apply', () => {
  it('commits to the base branch, opens no pull request, leaves other files alone', async () => {
    const { remote, repo, sink } = await world('apply');

    await run(sink, sampleInventory());
    const next = await plan(sink, sampleInventory());

    expect(next.changes).toEqual([]);
    expect(repo.pulls).toEqual([]);
    expect(await remote.listFiles('lab/infra', 'main')).toEqual([
      'README.md',
      ANSIBLE,
      'ansible/site.yml',
      'terraform/main.tf',
      TERRAFORM,
    ]);
    expect(await remote.readFile('lab/infra', 'main', 'ansible/site.yml')).toBe('- hosts: all\n');
    expect((await remote.log('lab/infra', 'main'))[0]?.email).toBe('nbsync@lavaduck.net');
  });

  it('re-plans after losing a push race instead of forcing', async () => {
    const { remote, sink } = await world('apply');
    const { changes } = await plan(sink, sampleInventory());
    remote.beforeNextPush(async () => {
      await remote.commit('lab/infra', 'main', { 'NOTES.md': 'by alice\n' }, { author: ALICE });
    });

    const lost = await sink.apply(changes[0]!, ctx()).catch((err: unknown) => err);
    const retried = await run(sink, sampleInventory());

    expect(lost).toBeInstanceOf(SyncError);
    expect(lost).toMatchObject({ code: 'SINK_REJECTED', retryable: true });
    expect(retried.map((r) => r.outcome)).toEqual(['applied', 'applied']);
    expect(await remote.readFile('lab/infra', 'main', 'NOTES.md')).toBe('by alice\n');
  });

  it('never overwrites a hand-written file at the configured path', async () => {
    const { remote, sink } = await world('apply');
    await remote.commit('lab/infra', 'main', { [ANSIBLE]: '[all]\nlegacy\n' }, { author: ALICE });

    const result = await plan(sink, sampleInventory());
    for (const change of result.changes) await sink.apply(change, ctx());

    expect(result.conflicts.map((c) => c.key)).toEqual([ANSIBLE]);
    expect(await remote.readFile('lab/infra', 'main', ANSIBLE)).toBe('[all]\nlegacy\n');
  });
});

describe.each<ForgeType>(['forgejo', 'github', 'gitlab'])('mode propose on %s', (type) => {
  it('opens one pull request, then updates it', async () => {
    const { remote, repo, sink } = await world('propose', type);

    await run(sink, sampleInventory());
    const second = await run(sink, withVm(sampleInventory(), 'builder', { status: 'active' }));

    expect(second.map((r) => r.outcome)).toEqual(['applied', 'applied']);
    expect(repo.pulls).toHaveLength(1);
    expect(repo.pulls[0]).toMatchObject({ state: 'open', labels: ['nbsync'] });
    expect(repo.pulls[0]?.body).toContain('added `builder`, `db1`, `web1`');
    expect(
      JSON.parse((await remote.readFile('lab/infra', PROPOSAL_BRANCH, TERRAFORM)) ?? '{}'),
    ).toMatchObject({
      vms: { builder: { status: 'active' } },
    });
  });
});
