import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createForge, type ForgeType } from '../../src/forges/index.js';
import { SyncError } from '../../src/model/errors.js';
import { FakeForge, forgeApi, forgeUrl } from '../fakes/forge/index.js';
import type { FakeApi } from '../fakes/http.js';
import { mswHandlers } from '../fakes/http.js';

const ORIGIN = 'http://forge.test';
const TOKEN = 'forge-token-7c1e';
const signal = new AbortController().signal;
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const spec = {
  head: 'nbsync/inventory',
  base: 'main',
  title: 'nbsync: update inventory',
  body: 'first body',
  labels: ['nbsync'],
};

function setup(
  type: ForgeType,
  options: { token?: string; wrap?: (api: FakeApi, fake: FakeForge) => FakeApi } = {},
) {
  const fake = new FakeForge(TOKEN);
  const repo = fake.addRepo('lab', 'infra');
  const api = forgeApi(fake, type);
  server.use(...mswHandlers(ORIGIN, options.wrap ? options.wrap(api, fake) : api));
  const forge = createForge(type, {
    url: forgeUrl(ORIGIN, type),
    token: options.token ?? TOKEN,
    owner: 'lab',
    name: 'infra',
  });
  return { fake, repo, forge };
}

const TYPES: ForgeType[] = ['gitea', 'forgejo', 'github', 'gitlab'];

describe.each(TYPES)('forge %s', (type) => {
  it('creates one pull request with labels, then leaves it alone', async () => {
    const { repo, forge } = setup(type);

    const first = await forge.ensurePullRequest(spec, signal);
    const second = await forge.ensurePullRequest(spec, signal);

    expect(first.action).toBe('created');
    expect(second.action).toBe('unchanged');
    expect(second.pullRequest.number).toBe(first.pullRequest.number);
    expect(repo.pulls).toHaveLength(1);
    expect(repo.pulls[0]).toMatchObject({ title: spec.title, body: 'first body', labels: ['nbsync'] });
  });

  it('updates the body of the same pull request when it changed', async () => {
    const { repo, forge } = setup(type);
    await forge.ensurePullRequest(spec, signal);

    const result = await forge.ensurePullRequest({ ...spec, body: 'second body' }, signal);

    expect(result.action).toBe('updated');
    expect(repo.pulls).toHaveLength(1);
    expect(repo.pulls[0]?.body).toBe('second body');
  });

  it('recovers from a duplicate error by finding the pull request another run opened', async () => {
    let raced = false;
    const { repo, forge } = setup(type, {
      wrap: (api, fake) => ({
        async handle(request) {
          if (
            request.method === 'POST' &&
            /\/(pulls|merge_requests)$/.test(new URL(request.url).pathname) &&
            !raced
          ) {
            raced = true;
            await fake.createPull(fake.repo('lab', 'infra')!, {
              ...spec,
              body: 'other run',
              labels: [],
              author: 'bot',
            });
          }
          return api.handle(request);
        },
      }),
    });

    const result = await forge.ensurePullRequest(spec, signal);

    expect(raced).toBe(true);
    expect(repo.pulls).toHaveLength(1);
    expect(result.pullRequest.number).toBe(repo.pulls[0]?.number);
    expect(repo.pulls[0]?.body).toBe('first body');
  });

  it('reports the newest pull request in any state, merged told apart from closed', async () => {
    const { fake, repo, forge } = setup(type);
    const opened = await forge.ensurePullRequest(spec, signal);
    fake.close(repo, opened.pullRequest.number);
    const again = await forge.ensurePullRequest(spec, signal);
    await fake.merge(repo, again.pullRequest.number);

    const latest = await forge.latestPullRequest(spec.head, spec.base, signal);

    expect(again.pullRequest.number).not.toBe(opened.pullRequest.number);
    expect(latest).toMatchObject({ number: again.pullRequest.number, state: 'merged' });
    expect((await forge.listPullRequests(spec.head, spec.base, 'all', signal)).map((p) => p.state)).toEqual([
      'merged',
      'closed',
    ]);
  });

  it('comments once per marker', async () => {
    const { repo, forge } = setup(type);
    const { pullRequest } = await forge.ensurePullRequest(spec, signal);

    const first = await forge.commentOnce(pullRequest.number, '<!-- nbsync:foreign -->', 'stopped', signal);
    const second = await forge.commentOnce(pullRequest.number, '<!-- nbsync:foreign -->', 'stopped', signal);

    expect([first, second]).toEqual([true, false]);
    expect(repo.pulls[0]?.comments.map((c) => c.body)).toEqual(['stopped\n\n<!-- nbsync:foreign -->']);
  });

  it('fails with SINK_AUTH on a bad token and never quotes it', async () => {
    const { forge } = setup(type, { token: 'wrong-token-55aa' });

    const error = await forge.latestPullRequest('x', 'main', signal).catch((err: unknown) => err);

    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).code).toBe('SINK_AUTH');
    expect((error as SyncError).message).not.toContain('wrong-token-55aa');
  });

  it('checks the repository exists', async () => {
    const { fake, forge } = setup(type);
    fake.repos.clear();

    const problems = await forge.check(signal);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/not found/);
  });
});

describe('gitea paging', () => {
  it('finds the pull request on a later page (server caps limit at 50)', async () => {
    const { fake, repo, forge } = setup('gitea');
    await fake.createPull(repo, { ...spec, labels: [], author: 'nbsync' });
    for (let i = 0; i < 60; i++) {
      await fake.createPull(repo, {
        head: `feature/${i}`,
        base: 'main',
        title: 't',
        body: '',
        labels: [],
        author: 'p',
      });
    }

    const found = await forge.listPullRequests(spec.head, spec.base, 'open', signal);

    expect(found.map((p) => p.number)).toEqual([1]);
    expect(fake.calls.filter((c) => c.path.endsWith('/pulls')).length).toBe(2);
  });
});
