import { SyncError } from '../model/errors.js';

/** The forges nbsync can open pull requests on; one folder each under src/forges/. */
export type ForgeType = 'gitea' | 'forgejo' | 'github' | 'gitlab';

export const FORGE_TYPES = ['gitea', 'forgejo', 'github', 'gitlab'] as const satisfies readonly ForgeType[];

/** A pull request (GitLab: merge request, addressed by its `iid`) in nbsync's words. */
export interface PullRequest {
  readonly number: number;
  readonly state: 'open' | 'closed' | 'merged';
  readonly title: string;
  readonly body: string;
  readonly head: string;
  readonly base: string;
  readonly labels: readonly string[];
  readonly url: string;
}

/** What a pull request should look like. */
export interface PullRequestSpec {
  readonly head: string;
  readonly base: string;
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
}

export interface ForgeComment {
  readonly id: number;
  readonly body: string;
}

/**
 * The calls one forge adapter implements (its REST API, nothing more). Lookups are by head and
 * base branch of the same repository; lists are complete (every page) or the call throws.
 */
export interface ForgeClient {
  readonly type: ForgeType;
  /** Pull requests from `head` into `base`, newest (highest number) first. */
  listPullRequests(
    head: string,
    base: string,
    state: 'open' | 'all',
    signal: AbortSignal,
  ): Promise<PullRequest[]>;
  /** Throws a SyncError with `details.duplicate = true` when an open one already exists. */
  createPullRequest(spec: PullRequestSpec, signal: AbortSignal): Promise<PullRequest>;
  updatePullRequest(
    number: number,
    patch: { title: string; body: string },
    signal: AbortSignal,
  ): Promise<PullRequest>;
  /** Add labels (creating them in the repository when the forge needs that); keeps others. */
  addLabels(number: number, labels: readonly string[], signal: AbortSignal): Promise<void>;
  listComments(number: number, signal: AbortSignal): Promise<ForgeComment[]>;
  addComment(number: number, body: string, signal: AbortSignal): Promise<void>;
  /** Read-only check of reachability and permissions; returns the problems found. */
  check(signal: AbortSignal): Promise<string[]>;
}

export interface EnsureResult {
  readonly pullRequest: PullRequest;
  readonly action: 'created' | 'updated' | 'unchanged';
}

/** A forge with the pull request lifecycle on top (Renovate's `ensurePr` manners). */
export interface Forge extends ForgeClient {
  /**
   * Exactly one open pull request from `spec.head` to `spec.base`, with this title, body and at
   * least these labels: created when missing (a duplicate error from a race is recovered by
   * finding the existing one), updated only when title or body differ.
   */
  ensurePullRequest(spec: PullRequestSpec, signal: AbortSignal): Promise<EnsureResult>;
  /** The newest pull request from `head` to `base` in any state, or `null`. */
  latestPullRequest(head: string, base: string, signal: AbortSignal): Promise<PullRequest | null>;
  /** Comment unless a comment containing `marker` exists already; true when it commented. */
  commentOnce(number: number, marker: string, body: string, signal: AbortSignal): Promise<boolean>;
}

/** Wrap an adapter with the lifecycle shared by every forge. */
export function withLifecycle(client: ForgeClient): Forge {
  const findOpen = async (head: string, base: string, signal: AbortSignal) =>
    (await client.listPullRequests(head, base, 'open', signal))[0] ?? null;

  return {
    type: client.type,
    listPullRequests: (head, base, state, signal) => client.listPullRequests(head, base, state, signal),
    createPullRequest: (spec, signal) => client.createPullRequest(spec, signal),
    updatePullRequest: (number, patch, signal) => client.updatePullRequest(number, patch, signal),
    addLabels: (number, labels, signal) => client.addLabels(number, labels, signal),
    listComments: (number, signal) => client.listComments(number, signal),
    addComment: (number, body, signal) => client.addComment(number, body, signal),
    check: (signal) => client.check(signal),

    async ensurePullRequest(spec, signal) {
      let pullRequest = await findOpen(spec.head, spec.base, signal);
      let action: EnsureResult['action'] = 'unchanged';
      if (!pullRequest) {
        try {
          pullRequest = await client.createPullRequest(spec, signal);
          action = 'created';
        } catch (err) {
          if (!(err instanceof SyncError && err.details?.duplicate === true)) throw err;
          // Another run opened it between our lookup and our create: continue with that one.
          pullRequest = await findOpen(spec.head, spec.base, signal);
          if (!pullRequest) throw err;
        }
      }
      if (
        action !== 'created' &&
        (pullRequest.title !== spec.title || normalise(pullRequest.body) !== normalise(spec.body))
      ) {
        pullRequest = await client.updatePullRequest(
          pullRequest.number,
          { title: spec.title, body: spec.body },
          signal,
        );
        action = 'updated';
      }
      const current: PullRequest = pullRequest;
      const missing = spec.labels.filter((label) => !current.labels.includes(label));
      if (missing.length === 0) return { pullRequest: current, action };
      await client.addLabels(current.number, missing, signal);
      return { pullRequest: { ...current, labels: [...current.labels, ...missing] }, action };
    },

    async latestPullRequest(head, base, signal) {
      return (await client.listPullRequests(head, base, 'all', signal))[0] ?? null;
    },

    async commentOnce(number, marker, body, signal) {
      const comments = await client.listComments(number, signal);
      if (comments.some((c) => c.body.includes(marker))) return false;
      await client.addComment(number, `${body}\n\n${marker}`, signal);
      return true;
    },
  };
}

/** Forges may store `\r\n` and trim trailing space; compare bodies without that noise. */
function normalise(body: string): string {
  return body.replace(/\r\n/g, '\n').trim();
}

/** Newest first: the order every `listPullRequests` returns. */
export function newestFirst(pullRequests: PullRequest[]): PullRequest[] {
  return pullRequests.sort((a, b) => b.number - a.number);
}
