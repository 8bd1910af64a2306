import type { Inventory } from '../../model/inventory.js';
import type { Change } from '../../model/plan.js';
import type { Desired, Resource, Skipped, Snapshot } from '../../model/resource.js';
import type { Forge } from '../../forges/forge.js';
import type { ApplyResult, RunContext, Sink, SinkSettings } from '../sink.js';
import { checkWritable, commitMessage, observedFiles, readGenerated, wantedContent } from './files.js';
import { contentDigest } from './header.js';
import { PROPOSAL_BRANCH, proposeChange } from './proposal.js';
import { renderAnsibleInventory } from './render-ansible.js';
import { renderTerraformVars } from './render-terraform.js';
import type { GitPerson, WorkingClone } from './repo.js';

export interface GitInventoryOptions {
  readonly clone: WorkingClone;
  /** Required in mode `propose`. */
  readonly forge: Forge | null;
  readonly branch: string;
  readonly files: { readonly ansible: string | false; readonly terraform: string | false };
  readonly author: GitPerson;
  readonly labels: readonly string[];
}

/**
 * Ansible and Terraform inventory files in a Git repository. One resource per generated file
 * (`git.file`, key = path, spec = content digest); the owner mark is the file's header line.
 * Mode `apply` commits to the base branch; mode `propose` keeps one pull request up to date.
 */
export class GitInventorySink implements Sink {
  readonly type = 'git-inventory';
  /** In mode propose, applying opens or updates the pull request: the forge is where people approve. */
  readonly proposesItself = true;
  readonly manages = ['git.file'] as const;

  constructor(
    readonly name: string,
    readonly settings: SinkSettings,
    private readonly options: GitInventoryOptions,
  ) {}

  private get configured(): string[] {
    const { ansible, terraform } = this.options.files;
    return [ansible, terraform].filter((p): p is string => p !== false);
  }

  desired(inventory: Inventory): Desired {
    const resources: Resource[] = [];
    const skipped = new Map<string, Skipped>();
    const { ansible, terraform } = this.options.files;
    const instance = this.settings.instance;
    if (ansible !== false) {
      const rendering = renderAnsibleInventory(inventory, instance);
      resources.push(
        fileResource(ansible, rendering.content, { hosts: rendering.hosts, groups: rendering.groups }),
      );
      rendering.skipped.forEach((s) => skipped.set(s.source, s));
    }
    if (terraform !== false) {
      const rendering = renderTerraformVars(inventory, instance);
      resources.push(fileResource(terraform, rendering.content, { vms: rendering.vms }));
      rendering.skipped.forEach((s) => skipped.set(s.source, s));
    }
    return { resources, skipped: [...skipped.values()] };
  }

  /**
   * Fetch, then read the generated files on the base branch, or on the proposal branch while its
   * pull request is open (that is what the base becomes once merged).
   */
  async observe(ctx: RunContext): Promise<Snapshot> {
    const { clone, branch, forge } = this.options;
    await clone.fetch(ctx.signal);
    let commit = await clone.head(branch, ctx.signal);
    if (this.settings.mode === 'propose' && forge) {
      const latest = await forge.latestPullRequest(PROPOSAL_BRANCH, branch, ctx.signal);
      const proposal = await clone.head(PROPOSAL_BRANCH, ctx.signal);
      if (latest?.state === 'open' && proposal) commit = proposal;
    }
    if (!commit) return { resources: [] };
    const files = await readGenerated(clone, commit, this.configured, ctx.signal);
    return { resources: observedFiles(files, commit) };
  }

  async apply(change: Change, ctx: RunContext): Promise<ApplyResult> {
    const { clone, forge, branch, author, labels } = this.options;
    const guard = { instance: this.settings.instance, adopt: this.settings.adopt };
    if (this.settings.mode === 'propose' && forge) {
      return proposeChange(
        change,
        { clone, forge, base: branch, author, labels, configured: this.configured, ...guard },
        ctx.signal,
      );
    }
    // Mode apply: one commit on the base branch, fast-forward only.
    const path = change.op === 'delete' ? change.before.key : change.after.key;
    await clone.fetch(ctx.signal);
    const parent = await clone.head(branch, ctx.signal);
    const current = parent ? (await clone.readFiles(parent, [path], ctx.signal)).get(path) : undefined;
    if (checkWritable(change, current, guard) === 'noop') return { outcome: 'noop' };
    const message = commitMessage(change, this.settings.instance);
    const commit = await clone.commit(parent, new Map([[path, wantedContent(change)]]), message, ctx.signal);
    if (!commit) return { outcome: 'noop' };
    await clone.push(commit, branch, ctx.signal);
    ctx.log.info({ path, commit: commit.slice(0, 12), branch }, 'inventory file committed');
    return { outcome: 'applied', note: `commit ${commit.slice(0, 12)} on ${branch}` };
  }

  async check(ctx: RunContext): Promise<readonly string[]> {
    const problems: string[] = [];
    try {
      await this.options.clone.fetch(ctx.signal);
      if (
        !(await this.options.clone.head(this.options.branch, ctx.signal)) &&
        this.settings.mode === 'propose'
      ) {
        problems.push(
          `branch ${this.options.branch} does not exist in the repository (needed as the pull request base)`,
        );
      }
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
    if (this.options.forge) {
      try {
        problems.push(...(await this.options.forge.check(ctx.signal)));
      } catch (err) {
        problems.push(err instanceof Error ? err.message : String(err));
      }
    }
    return problems;
  }
}

function fileResource(path: string, content: string, counts: Record<string, number>): Resource {
  return {
    kind: 'git.file',
    key: path,
    spec: { sha256: contentDigest(content) },
    meta: { extra: { content, ...counts } },
  };
}
