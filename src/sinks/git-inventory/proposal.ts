import { SyncError } from '../../model/errors.js';
import type { Change } from '../../model/plan.js';
import type { Forge } from '../../forges/forge.js';
import type { ApplyResult } from '../sink.js';
import { checkWritable, commitMessage, readGenerated, wantedContent } from './files.js';
import { contentDigest } from './header.js';
import type { GitPerson, WorkingClone } from './repo.js';
import { proposalBody, proposedDigests, type FileDelta } from './summary.js';

/** The one rolling branch nbsync proposes from (DESIGN §6). */
export const PROPOSAL_BRANCH = 'nbsync/inventory';
export const PROPOSAL_TITLE = 'nbsync: inventory from NetBox';
const FOREIGN_MARKER = '<!-- nbsync:foreign-commits -->';

export interface ProposalContext {
  readonly clone: WorkingClone;
  readonly forge: Forge;
  readonly base: string;
  readonly author: GitPerson;
  readonly instance: string;
  readonly adopt: boolean;
  readonly labels: readonly string[];
  readonly configured: readonly string[];
}

/**
 * Apply one change in mode `propose` (Renovate's manners): commit it on the rolling branch and
 * keep one pull request up to date. The branch restarts from the base once its last pull
 * request was merged or closed; it is never touched again once someone else committed to it
 * while its pull request is open; a closed proposal is not made again with the same content.
 */
export async function proposeChange(
  change: Change,
  ctx: ProposalContext,
  signal: AbortSignal,
): Promise<ApplyResult> {
  const { clone, forge } = ctx;
  await clone.fetch(signal);
  const base = await clone.head(ctx.base, signal);
  if (!base) {
    throw new SyncError(
      'SINK_REJECTED',
      `base branch ${ctx.base} does not exist; create it (repo.branch) first`,
    );
  }
  const latest = await forge.latestPullRequest(PROPOSAL_BRANCH, ctx.base, signal);
  const branchHead = await clone.head(PROPOSAL_BRANCH, signal);
  const open = latest?.state === 'open';

  if (branchHead && (open || latest === null)) {
    const foreign = (await clone.authorsSince(base, branchHead, signal)).filter(
      (c) => c.email.toLowerCase() !== ctx.author.email.toLowerCase(),
    );
    if (foreign.length > 0) {
      const who = [...new Set(foreign.map((c) => c.email))].join(', ');
      if (latest) {
        await forge.commentOnce(
          latest.number,
          FOREIGN_MARKER,
          `nbsync stopped updating this pull request: \`${PROPOSAL_BRANCH}\` has commits by someone else (${who}). ` +
            'Merge or close it, or delete the branch, and nbsync will propose again.',
          signal,
        );
      }
      throw new SyncError(
        'SINK_REJECTED',
        `branch ${PROPOSAL_BRANCH} has commits by someone else (${who}); nbsync no longer updates it: merge or close ${latest ? `pull request #${latest.number}` : 'it'}, or delete the branch`,
        { details: { pullRequest: latest?.number ?? null } },
      );
    }
  }

  const path = change.op === 'delete' ? change.before.key : change.after.key;
  const wanted = wantedContent(change);
  if (latest?.state === 'closed') {
    const declined = proposedDigests(latest.body);
    if (declined.has(path) && declined.get(path) === (wanted === null ? null : contentDigest(wanted))) {
      return {
        outcome: 'noop',
        note: `declined in closed pull request #${latest.number}; proposed again when the content changes`,
      };
    }
  }

  // Build on the open proposal, or restart from the base (replacing our old branch, with a lease).
  const continuing = open && branchHead !== null;
  const start = continuing ? branchHead : base;
  const current = (await clone.readFiles(start, [path], signal)).get(path);
  let tip = start;
  if (checkWritable(change, current, ctx) === 'write') {
    const commit = await clone.commit(
      start,
      new Map([[path, wanted]]),
      commitMessage(change, ctx.instance),
      signal,
    );
    if (commit) {
      await clone.push(commit, PROPOSAL_BRANCH, signal, continuing ? undefined : { expected: branchHead });
      tip = commit;
    }
  }
  if (tip === base) return { outcome: 'noop', note: `${ctx.base} already has this content` };

  const body = proposalBody({
    instance: ctx.instance,
    branch: PROPOSAL_BRANCH,
    base: ctx.base,
    deltas: await deltas(ctx, base, tip, signal),
  });
  const result = await forge.ensurePullRequest(
    { head: PROPOSAL_BRANCH, base: ctx.base, title: PROPOSAL_TITLE, body, labels: ctx.labels },
    signal,
  );
  const changed = tip !== start || result.action !== 'unchanged';
  return {
    outcome: changed ? 'applied' : 'noop',
    note: `pull request #${result.pullRequest.number} ${result.action}`,
  };
}

/** Generated files that differ between the base and the proposal. */
async function deltas(
  ctx: ProposalContext,
  base: string,
  tip: string,
  signal: AbortSignal,
): Promise<FileDelta[]> {
  const before = await readGenerated(ctx.clone, base, ctx.configured, signal);
  const after = await readGenerated(ctx.clone, tip, ctx.configured, signal);
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  return paths
    .map((path) => ({ path, before: before.get(path) ?? null, after: after.get(path) ?? null }))
    .filter((d) => d.before !== d.after);
}
