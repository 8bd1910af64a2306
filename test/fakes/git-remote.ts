import { execFile, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeApi } from './http.js';

/** A commit author or committer. */
export interface GitPerson {
  readonly name: string;
  readonly email: string;
}

export interface GitRemoteOptions {
  /** When set, every request needs HTTP basic auth with this token as the password. */
  readonly token?: string;
  /** Serves every path that is not a Git path (a forge API in front of the same repos). */
  readonly api?: FakeApi;
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorized: boolean;
}

const GIT_PATH = /^\/(.+?\.git)(\/(?:info\/refs|git-upload-pack|git-receive-pack|HEAD|objects\/.+))$/;
const PERSON: GitPerson = { name: 'Remote Fixture', email: 'fixture@example.test' };

/**
 * A real Git remote for tests: bare repositories served by `git http-backend` (CGI, from the
 * git package) behind a small node HTTP server on 127.0.0.1 (free port). Clone, fetch and push
 * work over smart HTTP with basic auth. Helpers act on the bare repositories directly (commits
 * by "a person", merges, reads) and inject failures for the next request or push.
 */
export class GitRemote {
  readonly requests: LoggedRequest[] = [];
  private failNext: number | null = null;
  private rejectPush = false;
  private beforePush: (() => Promise<void>) | null = null;

  private constructor(
    readonly url: string,
    readonly root: string,
    private readonly server: Server,
    private readonly options: GitRemoteOptions,
  ) {}

  /** Start on a free port. Fails with a clear message when git or git http-backend is missing. */
  static async start(options: GitRemoteOptions = {}): Promise<GitRemote> {
    await run(['--version'], {}).catch((err: unknown) => {
      throw new Error(`git is not installed (Debian package "git"): ${String(err)}`);
    });
    const execPath = (await run(['--exec-path'], {})).trim();
    await access(join(execPath, 'git-http-backend'), constants.X_OK).catch(() => {
      throw new Error(`git http-backend not found in ${execPath} (Debian package "git")`);
    });
    const root = await mkdtemp(join(tmpdir(), 'nbsync-git-remote-'));
    const holder: { remote?: GitRemote } = {};
    const server = createServer((req, res) => {
      void holder.remote?.serve(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`git remote failed: ${err instanceof Error ? err.message : String(err)}`);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const remote = new GitRemote(`http://127.0.0.1:${port}`, root, server, options);
    holder.remote = remote;
    return remote;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
    await rm(this.root, { recursive: true, force: true });
  }

  /** Clone URL of a repository, e.g. `repoUrl('lab/infra')` → `http://127.0.0.1:1234/lab/infra.git`. */
  repoUrl(repo: string): string {
    return `${this.url}/${repo}.git`;
  }

  /** Create a bare repository; with `files`, its branch gets a first commit holding them. */
  async createRepo(
    repo: string,
    options: { branch?: string; files?: Record<string, string> } = {},
  ): Promise<void> {
    const branch = options.branch ?? 'main';
    await run(['init', '--quiet', '--bare', `--initial-branch=${branch}`, this.dir(repo)], {});
    await run(['config', 'http.receivepack', 'true'], { cwd: this.dir(repo) });
    if (options.files) await this.commit(repo, branch, options.files, { message: 'Initial commit' });
  }

  /**
   * Commit straight into the bare repository (as "a person" by default): `null` deletes a file.
   * Returns the new commit id.
   */
  async commit(
    repo: string,
    branch: string,
    files: Record<string, string | null>,
    options: { author?: GitPerson; message?: string; from?: string } = {},
  ): Promise<string> {
    const cwd = this.dir(repo);
    const author = options.author ?? PERSON;
    const index = join(this.root, `index-${process.pid}-${Date.now()}-${Math.random()}`);
    const env = { GIT_INDEX_FILE: index };
    const parent = options.from ?? (await this.head(repo, branch));
    try {
      if (parent) await run(['read-tree', parent], { cwd, env });
      else await run(['read-tree', '--empty'], { cwd, env });
      for (const [path, content] of Object.entries(files)) {
        if (content === null) {
          await run(['update-index', '--force-remove', path], { cwd, env });
          continue;
        }
        const blob = (await run(['hash-object', '-w', '--stdin'], { cwd, input: content })).trim();
        await run(['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], { cwd, env });
      }
      const tree = (await run(['write-tree'], { cwd, env })).trim();
      const commit = (
        await run(
          ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', options.message ?? 'Edit files'],
          {
            cwd,
            env: personEnv(author),
          },
        )
      ).trim();
      await run(['update-ref', `refs/heads/${branch}`, commit], { cwd });
      return commit;
    } finally {
      await rm(index, { force: true });
    }
  }

  /** The commit a branch points at, or `null` when the branch does not exist. */
  async head(repo: string, branch: string): Promise<string | null> {
    try {
      return (
        await run(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`], {
          cwd: this.dir(repo),
        })
      ).trim();
    } catch {
      return null;
    }
  }

  /** A file on a branch, or `null` when absent. */
  async readFile(repo: string, branch: string, path: string): Promise<string | null> {
    try {
      return await run(['show', `refs/heads/${branch}:${path}`], { cwd: this.dir(repo) });
    } catch {
      return null;
    }
  }

  /** Paths of every file on a branch, sorted. */
  async listFiles(repo: string, branch: string): Promise<string[]> {
    const out = await run(['ls-tree', '-r', '--name-only', `refs/heads/${branch}`], { cwd: this.dir(repo) });
    return out.split('\n').filter(Boolean).sort();
  }

  /** Commits on a branch, newest first: id, author e-mail and subject. */
  async log(repo: string, branch: string): Promise<Array<{ sha: string; email: string; subject: string }>> {
    const out = await run(['log', '--format=%H%x00%ae%x00%s', `refs/heads/${branch}`], {
      cwd: this.dir(repo),
    });
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [sha = '', email = '', subject = ''] = line.split('\0');
        return { sha, email, subject };
      });
  }

  /** True when `ancestor` is reachable from `descendant`. */
  async isAncestor(repo: string, ancestor: string, descendant: string): Promise<boolean> {
    try {
      await run(['merge-base', '--is-ancestor', ancestor, descendant], { cwd: this.dir(repo) });
      return true;
    } catch {
      return false;
    }
  }

  /** Merge `head` into `base` (fast-forward when possible); returns the new base commit. */
  async merge(repo: string, base: string, head: string, merger: GitPerson = PERSON): Promise<string> {
    const cwd = this.dir(repo);
    const baseSha = await this.head(repo, base);
    const headSha = await this.head(repo, head);
    if (!baseSha || !headSha) throw new Error(`cannot merge ${head} into ${base}: a branch is missing`);
    if (await this.isAncestor(repo, baseSha, headSha)) {
      await run(['update-ref', `refs/heads/${base}`, headSha, baseSha], { cwd });
      return headSha;
    }
    const tree =
      (await run(['merge-tree', '--write-tree', baseSha, headSha], { cwd })).split('\n')[0]?.trim() ?? '';
    const commit = (
      await run(['commit-tree', tree, '-p', baseSha, '-p', headSha, '-m', `Merge branch '${head}'`], {
        cwd,
        env: personEnv(merger),
      })
    ).trim();
    await run(['update-ref', `refs/heads/${base}`, commit, baseSha], { cwd });
    return commit;
  }

  async deleteBranch(repo: string, branch: string): Promise<void> {
    await run(['update-ref', '-d', `refs/heads/${branch}`], { cwd: this.dir(repo) });
  }

  /** The next Git request answers this status (default 500) without reaching git. */
  failNextRequest(status = 500): void {
    this.failNext = status;
  }

  /** The next push (receive-pack) is refused with 403. */
  rejectNextPush(): void {
    this.rejectPush = true;
  }

  /** Run `action` (e.g. a commit by someone else) right before the next push reads the refs. */
  beforeNextPush(action: () => Promise<void>): void {
    this.beforePush = action;
  }

  private dir(repo: string): string {
    return join(this.root, `${repo}.git`);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const match = GIT_PATH.exec(url.pathname);
    if (!match) return this.serveApi(req, res);
    const authorized = this.authorized(req.headers.authorization);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, authorized });
    const body = await readBody(req);
    if (this.failNext !== null) {
      const status = this.failNext;
      this.failNext = null;
      res.writeHead(status, { 'content-type': 'text/plain' });
      return void res.end('injected failure');
    }
    if (!authorized) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="git"', 'content-type': 'text/plain' });
      return void res.end('authentication required');
    }
    const pushing =
      url.searchParams.get('service') === 'git-receive-pack' || match[2] === '/git-receive-pack';
    if (pushing && this.beforePush && url.searchParams.get('service') === 'git-receive-pack') {
      const action = this.beforePush;
      this.beforePush = null;
      await action();
    }
    if (pushing && this.rejectPush) {
      this.rejectPush = false;
      res.writeHead(403, { 'content-type': 'text/plain' });
      return void res.end('push refused by the remote');
    }
    await this.cgi(req, res, match[1] ?? '', match[2] ?? '', url.search.slice(1), body);
  }

  private authorized(header: string | undefined): boolean {
    if (this.options.token === undefined) return true;
    if (!header?.startsWith('Basic ')) return false;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1) === this.options.token;
  }

  private async cgi(
    req: IncomingMessage,
    res: ServerResponse,
    repo: string,
    rest: string,
    query: string,
    body: Buffer,
  ): Promise<void> {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      GIT_PROJECT_ROOT: this.root,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: `/${repo}${rest}`,
      QUERY_STRING: query,
      REQUEST_METHOD: req.method ?? 'GET',
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      CONTENT_LENGTH: String(body.length),
      REMOTE_USER: 'nbsync-test',
      REMOTE_ADDR: '127.0.0.1',
    };
    if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = String(req.headers['content-encoding']);
    if (req.headers['git-protocol']) env.GIT_PROTOCOL = String(req.headers['git-protocol']);
    const output = await new Promise<Buffer>((resolve, reject) => {
      const child = spawn('git', ['http-backend'], { env });
      const chunks: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.on('error', reject);
      // http-backend may exit before reading a body it does not need.
      child.stdin.on('error', () => undefined);
      child.on('close', () => resolve(Buffer.concat(chunks)));
      child.stdin.end(body);
    });
    let split = output.indexOf('\r\n\r\n');
    let gap = 4;
    if (split === -1) {
      split = output.indexOf('\n\n');
      gap = 2;
    }
    const head = split === -1 ? '' : output.subarray(0, split).toString('latin1');
    const payload = split === -1 ? output : output.subarray(split + gap);
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of head.split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon === -1) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'status') status = Number.parseInt(value, 10) || 500;
      else headers[name] = value;
    }
    res.writeHead(status, headers);
    res.end(payload);
  }

  private async serveApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.options.api) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return void res.end('not a git path');
    }
    const body = await readBody(req);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
      else if (value !== undefined) headers.set(name, value);
    }
    const method = req.method ?? 'GET';
    const response = await this.options.api.handle(
      new Request(new URL(req.url ?? '/', this.url), {
        method,
        headers,
        body: method === 'GET' || method === 'HEAD' || body.length === 0 ? undefined : body,
      }),
    );
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      out[name] = value;
    });
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function personEnv(person: GitPerson): Record<string, string> {
  return {
    GIT_AUTHOR_NAME: person.name,
    GIT_AUTHOR_EMAIL: person.email,
    GIT_COMMITTER_NAME: person.name,
    GIT_COMMITTER_EMAIL: person.email,
  };
}

function run(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      {
        cwd: options.cwd,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...options.env },
        maxBuffer: 64 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`git ${args[0] ?? ''} failed: ${stderr || err.message}`));
        else resolve(stdout);
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
