import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { SyncError } from '../../model/errors.js';

/** How nbsync authenticates to the remote. Secrets go through the environment, never the URL. */
export type RepoAuth =
  | { readonly type: 'none' }
  | { readonly type: 'token'; readonly username: string; readonly token: string }
  | { readonly type: 'ssh'; readonly keyFile: string };

export interface GitPerson {
  readonly name: string;
  readonly email: string;
}

export interface WorkingCloneOptions {
  readonly url: string;
  /** Local directory of the clone (a bare repository; nbsync never checks files out). */
  readonly dir: string;
  readonly auth: RepoAuth;
  readonly author: GitPerson;
  /** Kill a git command that prints nothing for this long (default 120 s). */
  readonly idleTimeoutMs?: number;
}

/** Remote-tracking refs live here, like a clone's `origin`. */
const TRACKING = 'refs/remotes/origin';

/**
 * The sink's local clone. Every read fetches first; commits are built with plumbing in a private
 * index (no work tree, nothing to clean up); pushes name the exact commit, never force a shared
 * branch, and a rejected non-fast-forward push becomes a retryable SyncError.
 */
export class WorkingClone {
  private ready = false;
  /** Fetches and pushes of one clone run one at a time (a plan may overlap an apply). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: WorkingCloneOptions) {}

  /** Create the clone if needed and fetch every branch (pruning deleted ones). */
  async fetch(signal: AbortSignal): Promise<void> {
    await this.exclusive(async () => {
      await this.ensure(signal);
      await this.run(
        ['fetch', '--prune', '--no-tags', '--quiet', this.options.url, `+refs/heads/*:${TRACKING}/*`],
        signal,
        'fetch',
      );
    });
  }

  /** The fetched commit of a remote branch, or `null` when the branch does not exist. */
  async head(branch: string, signal: AbortSignal): Promise<string | null> {
    const out = await this.run(
      ['for-each-ref', '--format=%(objectname)', `${TRACKING}/${branch}`],
      signal,
      'read',
    );
    return out.trim() || null;
  }

  /** Contents of the given paths at a commit; absent paths are missing from the map. */
  async readFiles(
    commit: string,
    paths: readonly string[],
    signal: AbortSignal,
  ): Promise<Map<string, string>> {
    const files = new Map<string, string>();
    if (paths.length === 0) return files;
    const listing = await this.run(['ls-tree', '-z', commit, '--', ...paths], signal, 'read');
    for (const entry of listing.split('\0')) {
      const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
      if (!match?.[1] || !match[2]) continue;
      files.set(match[2], await this.run(['cat-file', 'blob', match[1]], signal, 'read'));
    }
    return files;
  }

  /** Paths at a commit whose text contains `needle` (candidates for generated files). */
  async grep(commit: string, needle: string, signal: AbortSignal): Promise<string[]> {
    let out: string;
    try {
      out = await this.run(['grep', '-l', '-I', '-F', '-e', needle, commit, '--'], signal, 'read');
    } catch (err) {
      // git grep exits 1 when nothing matches.
      if (err instanceof SyncError && err.details?.exitCode === 1) return [];
      throw err;
    }
    const prefix = `${commit}:`;
    return out
      .split('\n')
      .filter((line) => line.startsWith(prefix))
      .map((line) => line.slice(prefix.length))
      .sort();
  }

  /** E-mail addresses of the authors of the commits in `head` that `base` lacks, newest first. */
  async authorsSince(
    base: string | null,
    head: string,
    signal: AbortSignal,
  ): Promise<Array<{ sha: string; email: string }>> {
    const range = base ? [`${base}..${head}`] : [head];
    const out = await this.run(['log', '--format=%H %ae', ...range, '--'], signal, 'read');
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const space = line.indexOf(' ');
        return { sha: line.slice(0, space), email: line.slice(space + 1) };
      });
  }

  /**
   * Commit `changes` (path → content, `null` deletes) on top of `parent` (`null`: a first
   * commit). Returns the new commit, or `null` when the tree would not change.
   */
  async commit(
    parent: string | null,
    changes: ReadonlyMap<string, string | null>,
    message: string,
    signal: AbortSignal,
  ): Promise<string | null> {
    const token = randomBytes(6).toString('hex');
    const index = join(this.options.dir, `nbsync-index-${token}`);
    const blobFile = join(this.options.dir, `nbsync-blob-${token}`);
    const env = { GIT_INDEX_FILE: index };
    try {
      await this.run(parent ? ['read-tree', parent] : ['read-tree', '--empty'], signal, 'commit', env);
      for (const [path, content] of changes) {
        if (content === null) {
          await this.run(['update-index', '--force-remove', '--', path], signal, 'commit', env);
          continue;
        }
        await writeFile(blobFile, content, 'utf8');
        const blob = (
          await this.run(['hash-object', '-w', '--no-filters', blobFile], signal, 'commit')
        ).trim();
        await this.run(
          ['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`],
          signal,
          'commit',
          env,
        );
      }
      const tree = (await this.run(['write-tree'], signal, 'commit', env)).trim();
      if (parent && (await this.run(['rev-parse', `${parent}^{tree}`], signal, 'commit')).trim() === tree)
        return null;
      const { name, email } = this.options.author;
      const people = {
        GIT_AUTHOR_NAME: name,
        GIT_AUTHOR_EMAIL: email,
        GIT_COMMITTER_NAME: name,
        GIT_COMMITTER_EMAIL: email,
      };
      const args = ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message];
      return (await this.run(args, signal, 'commit', people)).trim();
    } finally {
      await rm(index, { force: true });
      await rm(blobFile, { force: true });
    }
  }

  /**
   * Push `commit` to `branch`. Without `lease` the push must fast-forward; with `lease` the
   * branch may be replaced, but only while it still points at `lease.expected` (`null`: while it
   * does not exist). A push that lost a race throws a retryable SINK_REJECTED.
   */
  async push(
    commit: string,
    branch: string,
    signal: AbortSignal,
    lease?: { expected: string | null },
  ): Promise<void> {
    const ref = `refs/heads/${branch}`;
    const args = ['push', '--porcelain', '--no-verify'];
    if (lease) args.push(`--force-with-lease=${ref}:${lease.expected ?? ''}`);
    args.push(this.options.url, `${commit}:${ref}`);
    await this.exclusive(async () => {
      await this.run(args, signal, 'push');
      await this.run(['update-ref', `${TRACKING}/${branch}`, commit], signal, 'push');
    });
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async ensure(signal: AbortSignal): Promise<void> {
    if (this.ready) return;
    const exists = await stat(join(this.options.dir, 'HEAD')).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await mkdir(this.options.dir, { recursive: true });
      await this.run(['init', '--quiet', '--bare', this.options.dir], signal, 'init');
    }
    this.ready = true;
  }

  private git(signal: AbortSignal, extraEnv: Record<string, string> = {}): SimpleGit {
    const git = simpleGit({
      baseDir: this.options.dir,
      abort: signal,
      timeout: { block: this.options.idleTimeoutMs ?? 120_000 },
      // Only the settings nbsync itself puts in the environment (auth header count, ssh key).
      unsafe: { allowUnsafeConfigEnvCount: true, allowUnsafeSshCommand: true },
      config: ['commit.gpgsign=false'],
    });
    return git.env({ ...gitEnvironment(this.options.auth), ...extraEnv });
  }

  private async run(
    args: string[],
    signal: AbortSignal,
    step: GitStep,
    extraEnv: Record<string, string> = {},
  ): Promise<string> {
    try {
      return await this.git(signal, extraEnv).raw(args);
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      throw gitError(step, err, this.options, secretsOf(this.options.auth));
    }
  }
}

type GitStep = 'init' | 'fetch' | 'read' | 'commit' | 'push';

/** The environment every git command runs with: no prompts, stable messages, the credentials. */
export function gitEnvironment(auth: RepoAuth): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
  };
  if (auth.type === 'token') {
    // An extra header from the environment: the token is in neither the URL nor .git/config.
    const basic = Buffer.from(`${auth.username}:${auth.token}`, 'utf8').toString('base64');
    env.GIT_CONFIG_COUNT = '1';
    env.GIT_CONFIG_KEY_0 = 'http.extraHeader';
    env.GIT_CONFIG_VALUE_0 = `Authorization: Basic ${basic}`;
  }
  if (auth.type === 'ssh') {
    env.GIT_SSH_COMMAND = `ssh -i ${shellQuote(auth.keyFile)} -o IdentitiesOnly=yes -o BatchMode=yes`;
  }
  return env;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function secretsOf(auth: RepoAuth): string[] {
  if (auth.type !== 'token') return [];
  return [auth.token, Buffer.from(`${auth.username}:${auth.token}`, 'utf8').toString('base64')];
}

const AUTH_PATTERNS = [
  /returned error: 40[13]/,
  /Authentication failed/i,
  /could not read Username/i,
  /Permission denied/i,
  /terminal prompts disabled/i,
];
const UNREACHABLE_PATTERNS = [
  /Could not resolve host/i,
  /Failed to connect/i,
  /Connection refused/i,
  /Connection timed out/i,
  /timed out/i,
  /returned error: 5\d\d/,
  /Could not read from remote repository/i,
  /unable to access/i,
];
const RACE_PATTERNS = [
  /\(fetch first\)/,
  /\(non-fast-forward\)/,
  /\(stale info\)/,
  /cannot lock ref/,
  /failed to update ref/,
  /\(already exists\)/,
];

function gitError(step: GitStep, err: unknown, options: WorkingCloneOptions, secrets: string[]): SyncError {
  let text = err instanceof Error ? err.message : String(err);
  for (const secret of secrets) text = text.split(secret).join('***');
  const detail = text.replace(/\s+/g, ' ').trim().slice(0, 300);
  const exitCode = (err as { exitCode?: unknown } | null)?.exitCode;
  const where = `git ${step} ${redactUrl(options.url)}`;
  const details = { step, ...(typeof exitCode === 'number' ? { exitCode } : {}) };
  if (step === 'push' && RACE_PATTERNS.some((p) => p.test(text))) {
    return new SyncError(
      'SINK_REJECTED',
      `${where}: the branch moved on the remote while nbsync pushed (someone else pushed); nothing was forced, the next plan re-reads it (${detail})`,
      { retryable: true, cause: err, details: { ...details, race: true } },
    );
  }
  if (AUTH_PATTERNS.some((p) => p.test(text))) {
    return new SyncError(
      'SINK_AUTH',
      `${where}: the remote refused the credentials or the ${step === 'push' ? 'push' : 'read'}; check repo.token (write access to the repository) or repo.sshKeyFile (${detail})`,
      { cause: err, details },
    );
  }
  if (UNREACHABLE_PATTERNS.some((p) => p.test(text))) {
    return new SyncError('SINK_UNREACHABLE', `${where}: ${detail}; check repo.url and the network`, {
      retryable: true,
      cause: err,
      details,
    });
  }
  return new SyncError(step === 'push' ? 'SINK_REJECTED' : 'SINK_HTTP', `${where}: ${detail}`, {
    cause: err,
    details,
  });
}

/** A URL for messages: user info dropped. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/^[^@/]+@/, '');
  }
}
