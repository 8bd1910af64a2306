import { describe, expect, it } from 'vitest';
import { contentDigest } from '../../src/sinks/git-inventory/header.js';
import { renderAnsibleInventory } from '../../src/sinks/git-inventory/render-ansible.js';
import { renderTerraformVars } from '../../src/sinks/git-inventory/render-terraform.js';
import { proposalBody, proposedDigests } from '../../src/sinks/git-inventory/summary.js';
import { sampleInventory, vm, withVm } from '../fakes/forge/inventory.js';

const ANSIBLE = 'ansible/inventory/netbox.yml';
const TERRAFORM = 'terraform/netbox_vms.auto.tfvars.json';

describe('pull request body', () => {
  it('names added, removed and changed hosts per file', () => {
    const before = sampleInventory();
    const after = {
      ...withVm(before, 'web1', { memoryMb: 4096 }),
      virtualMachines: [
        ...withVm(before, 'web1', { memoryMb: 4096 }).virtualMachines.filter((v) => v.name !== 'builder'),
        vm(10, 'cache|1'),
      ],
    };

    const body = proposalBody({
      instance: 'homelab',
      branch: 'nbsync/inventory',
      base: 'main',
      deltas: [
        {
          path: ANSIBLE,
          before: renderAnsibleInventory(before, 'homelab').content,
          after: renderAnsibleInventory(after, 'homelab').content,
        },
        { path: TERRAFORM, before: null, after: renderTerraformVars(after, 'homelab').content },
      ],
    });

    expect(body).toContain(
      `| \`${ANSIBLE}\` | update | hosts: added \`cache 1\`; removed \`builder\`; changed \`web1\` |`,
    );
    expect(body).toContain(`| \`${TERRAFORM}\` | create | VMs: added \`cache 1\`, \`db1\`, \`web1\` |`);
    expect(body).toContain('instance `homelab`');
  });

  it('records the proposed digests so a declined proposal is recognised', () => {
    const content = renderTerraformVars(sampleInventory(), 'homelab').content;
    const body = proposalBody({
      instance: 'homelab',
      branch: 'nbsync/inventory',
      base: 'main',
      deltas: [
        { path: TERRAFORM, before: null, after: content },
        { path: 'old/inventory.yml', before: '# old\n', after: null },
      ],
    });

    const digests = proposedDigests(body);

    expect(digests).toEqual(
      new Map<string, string | null>([
        ['old/inventory.yml', null],
        [TERRAFORM, contentDigest(content)],
      ]),
    );
    expect(proposedDigests('a body a person rewrote')).toEqual(new Map());
  });

  it('says a rewritten file is rewritten when it cannot read it', () => {
    const body = proposalBody({
      instance: 'homelab',
      branch: 'nbsync/inventory',
      base: 'main',
      deltas: [
        {
          path: ANSIBLE,
          before: '[all]\nlegacy\n',
          after: renderAnsibleInventory(sampleInventory(), 'h').content,
        },
      ],
    });

    expect(body).toContain(`| \`${ANSIBLE}\` | update | rewritten |`);
  });
});
