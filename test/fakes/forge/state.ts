/** What the fake forge needs from the Git side (the real remote in tests; absent in unit tests). */
export interface ForgeGit {
  branchExists(repo: string, branch: string): Promise<boolean>;
  /** Merge `head` into `base`; returns the new base commit. */
  merge(repo: string, base: string, head: string): Promise<string>;
}

export interface FakeComment {
  readonly id: number;
  readonly body: string;
  readonly author: string;
}

export interface FakePull {
  readonly number: number;
  title: string;
  body: string;
  readonly head: string;
  readonly base: string;
  state: 'open' | 'closed';
  merged: boolean;
  labels: string[];
  readonly author: string;
  readonly comments: FakeComment[];
}

export interface FakeLabel {
  readonly id: number;
  readonly name: string;
  readonly color: string;
}

export interface FakeRepo {
  readonly owner: string;
  readonly name: string;
  readonly pulls: FakePull[];
  readonly labels: FakeLabel[];
  nextNumber: number;
}

export type CreateOutcome =
  | { readonly ok: true; readonly pull: FakePull }
  | { readonly ok: false; readonly reason: 'duplicate'; readonly existing: FakePull }
  | { readonly ok: false; readonly reason: 'same-branch' | 'missing-branch' };

/**
 * The state behind every forge dialect: repositories, pull requests (number space shared with
 * issues, as on the real forges), labels and comments. It enforces the rules the references name:
 * one open pull request per head/base, head ≠ base, the head branch must exist, closed or
 * merged pull requests cannot be merged.
 */
export class FakeForge {
  readonly repos = new Map<string, FakeRepo>();
  readonly calls: Array<{ method: string; path: string }> = [];
  private nextId = 1;
  private failures: number[] = [];

  constructor(
    readonly token: string,
    private readonly git?: ForgeGit,
  ) {}

  addRepo(owner: string, name: string): FakeRepo {
    const repo: FakeRepo = { owner, name, pulls: [], labels: [], nextNumber: 1 };
    this.repos.set(`${owner}/${name}`, repo);
    return repo;
  }

  repo(owner: string, name: string): FakeRepo | undefined {
    return this.repos.get(`${owner}/${name}`);
  }

  /** The next API request answers this status (default 500). */
  failNextRequest(status = 500): void {
    this.failures.push(status);
  }

  /** Called by each dialect first: records the call and returns an injected failure, if any. */
  takeFailure(method: string, path: string): number | undefined {
    this.calls.push({ method, path });
    return this.failures.shift();
  }

  newId(): number {
    return this.nextId++;
  }

  async createPull(
    repo: FakeRepo,
    input: { head: string; base: string; title: string; body: string; labels: string[]; author: string },
  ): Promise<CreateOutcome> {
    if (input.head === input.base) return { ok: false, reason: 'same-branch' };
    const existing = repo.pulls.find(
      (p) => p.state === 'open' && p.head === input.head && p.base === input.base,
    );
    if (existing) return { ok: false, reason: 'duplicate', existing };
    const full = `${repo.owner}/${repo.name}`;
    if (this.git && !(await this.git.branchExists(full, input.head)))
      return { ok: false, reason: 'missing-branch' };
    if (this.git && !(await this.git.branchExists(full, input.base)))
      return { ok: false, reason: 'missing-branch' };
    const pull: FakePull = {
      number: repo.nextNumber++,
      title: input.title,
      body: input.body,
      head: input.head,
      base: input.base,
      state: 'open',
      merged: false,
      labels: [...input.labels],
      author: input.author,
      comments: [],
    };
    repo.pulls.push(pull);
    return { ok: true, pull };
  }

  /** A person closes a pull request without merging. */
  close(repo: FakeRepo, number: number): void {
    const pull = this.pull(repo, number);
    pull.state = 'closed';
  }

  /** Merge through the Git side; refused (false) when the pull request is not open. */
  async merge(repo: FakeRepo, number: number): Promise<boolean> {
    const pull = this.pull(repo, number);
    if (pull.state !== 'open') return false;
    if (this.git) await this.git.merge(`${repo.owner}/${repo.name}`, pull.base, pull.head);
    pull.state = 'closed';
    pull.merged = true;
    return true;
  }

  comment(repo: FakeRepo, number: number, body: string, author: string): FakeComment {
    const comment: FakeComment = { id: this.newId(), body, author };
    this.pull(repo, number).comments.push(comment);
    return comment;
  }

  /** A label by id or name, created on demand when `create` is set. */
  label(repo: FakeRepo, key: string | number, create = false): FakeLabel | undefined {
    const found = repo.labels.find((l) => l.id === key || l.name === key);
    if (found || !create || typeof key !== 'string') return found;
    const label: FakeLabel = { id: this.newId(), name: key, color: '#ededed' };
    repo.labels.push(label);
    return label;
  }

  pull(repo: FakeRepo, number: number): FakePull {
    const pull = repo.pulls.find((p) => p.number === number);
    if (!pull) throw new Error(`no pull request #${number}`);
    return pull;
  }
}

/** JSON response helper for the dialects. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** Path segments, each decoded once (GitLab project ids are URL-encoded paths). */
export function segments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
}

/** A page of a list: 1-based `page`, `size` items. */
export function pageOf<T>(items: readonly T[], page: number, size: number): T[] {
  const start = (Math.max(1, page) - 1) * size;
  return items.slice(start, start + size);
}

export async function readJson(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if (!text) return {};
  const parsed = JSON.parse(text) as unknown;
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}
