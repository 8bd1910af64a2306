import type { FakeApi } from '../http.js';
import { json, pageOf, readJson, segments, type FakeForge, type FakePull } from './state.js';

/**
 * GitLab REST v4 subset under `/api/v4`: `PRIVATE-TOKEN` or Bearer auth, projects addressed by
 * URL-encoded path, merge requests by `iid`, states `opened/closed/merged`, a duplicate create is
 * 409 with `message: ["Another open merge request already exists for this source branch: !<iid>"]`,
 * labels as comma lists (`labels`, `add_labels`), `state_event: close|reopen`.
 */
export function gitlabApi(forge: FakeForge): FakeApi {
  return {
    async handle(request) {
      const url = new URL(request.url);
      const failure = forge.takeFailure(request.method, url.pathname);
      if (failure !== undefined) return json(failure, { message: 'injected failure' });
      const token =
        request.headers.get('private-token') ?? request.headers.get('authorization')?.replace(/^Bearer /, '');
      if (token !== forge.token) return json(401, { message: '401 Unauthorized' });
      const parts = segments(url.pathname);
      if (parts[0] !== 'api' || parts[1] !== 'v4' || parts[2] !== 'projects')
        return json(404, { error: '404 Not Found' });
      const [owner = '', ...nameParts] = (parts[3] ?? '').split('/');
      const repo = forge.repo(owner, nameParts.join('/'));
      if (!repo) return json(404, { message: '404 Project Not Found' });
      const rest = parts.slice(4);
      const method = request.method;
      const web = `${url.origin}/${repo.owner}/${repo.name}`;

      if (rest.length === 0 && method === 'GET') {
        return json(200, { id: 1, path_with_namespace: `${repo.owner}/${repo.name}`, archived: false });
      }
      if (rest[0] === 'merge_requests' && rest.length === 1 && method === 'GET') {
        const state = url.searchParams.get('state') ?? 'all';
        const source = url.searchParams.get('source_branch');
        const target = url.searchParams.get('target_branch');
        const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 20) || 20);
        const matching = [...repo.pulls]
          .filter((p) => state === 'all' || stateOf(p) === state)
          .filter((p) => !source || p.head === source)
          .filter((p) => !target || p.base === target)
          .sort((a, b) => b.number - a.number);
        const page = Number(url.searchParams.get('page') ?? 1) || 1;
        return json(
          200,
          pageOf(matching, page, perPage).map((p) => mrJson(p, web)),
          {
            'x-total': String(matching.length),
          },
        );
      }
      if (rest[0] === 'merge_requests' && rest.length === 1 && method === 'POST') {
        const body = await readJson(request);
        const labels = splitLabels(body.labels);
        labels.forEach((name) => forge.label(repo, name, true));
        const outcome = await forge.createPull(repo, {
          head: String(body.source_branch ?? ''),
          base: String(body.target_branch ?? ''),
          title: String(body.title ?? ''),
          body: String(body.description ?? ''),
          labels,
          author: 'nbsync-bot',
        });
        if (outcome.ok) return json(201, mrJson(outcome.pull, web));
        if (outcome.reason === 'duplicate') {
          return json(409, {
            message: [
              `Another open merge request already exists for this source branch: !${outcome.existing.number}`,
            ],
          });
        }
        return json(422, {
          message: [
            outcome.reason === 'same-branch'
              ? 'You can\u2019t use same project/branch for source and target'
              : 'Source branch does not exist',
          ],
        });
      }
      const iid = Number(rest[1]);
      const pull = repo.pulls.find((p) => p.number === iid);
      if (rest[0] !== 'merge_requests' || !pull) return json(404, { message: '404 Not found' });
      if (rest.length === 2 && method === 'PUT') {
        const body = await readJson(request);
        if (Object.keys(body).length === 0)
          return json(400, { error: 'at least one parameter must be provided' });
        if (typeof body.title === 'string') pull.title = body.title;
        if (typeof body.description === 'string') pull.body = body.description;
        if (body.labels !== undefined) pull.labels = splitLabels(body.labels);
        for (const name of splitLabels(body.add_labels)) {
          forge.label(repo, name, true);
          if (!pull.labels.includes(name)) pull.labels.push(name);
        }
        if (body.state_event === 'close' && !pull.merged) pull.state = 'closed';
        if (body.state_event === 'reopen' && !pull.merged) pull.state = 'open';
        return json(200, mrJson(pull, web));
      }
      if (rest[2] === 'merge' && method === 'PUT') {
        return (await forge.merge(repo, iid))
          ? json(200, mrJson(pull, web))
          : json(405, { message: '405 Method Not Allowed' });
      }
      if (rest[2] === 'notes') {
        if (method === 'GET') {
          const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 20) || 20);
          const page = Number(url.searchParams.get('page') ?? 1) || 1;
          return json(
            200,
            pageOf(pull.comments, page, perPage).map((c) => ({ id: c.id, body: c.body, system: false })),
          );
        }
        if (method === 'POST') {
          const body = await readJson(request);
          const note = forge.comment(repo, iid, String(body.body ?? ''), 'nbsync-bot');
          return json(201, { id: note.id, body: note.body, system: false });
        }
      }
      return json(404, { message: `no route ${method} ${url.pathname}` });
    },
  };
}

function stateOf(pull: FakePull): 'opened' | 'closed' | 'merged' {
  return pull.merged ? 'merged' : pull.state === 'open' ? 'opened' : 'closed';
}

function splitLabels(value: unknown): string[] {
  return typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

function mrJson(pull: FakePull, web: string): unknown {
  return {
    id: 1000 + pull.number,
    iid: pull.number,
    state: stateOf(pull),
    title: pull.title,
    description: pull.body,
    source_branch: pull.head,
    target_branch: pull.base,
    labels: pull.labels,
    web_url: `${web}/-/merge_requests/${pull.number}`,
  };
}
