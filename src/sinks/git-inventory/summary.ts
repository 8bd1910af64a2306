import { contentDigest } from './header.js';

// The pull request body: what the proposal changes, per file, in words a reviewer reads, and a
// hidden record of the proposed file digests (so a closed proposal is not made again unchanged).

export interface FileDelta {
  readonly path: string;
  /** `null` when the file does not exist on that side. */
  readonly before: string | null;
  readonly after: string | null;
}

const DIGESTS = /<!-- nbsync:files (\{.*?\}) -->/;

/** The Markdown body of the proposal. */
export function proposalBody(options: {
  instance: string;
  branch: string;
  base: string;
  deltas: readonly FileDelta[];
}): string {
  const lines = [
    '## Inventory from NetBox',
    '',
    `nbsync (instance \`${options.instance}\`) keeps this pull request up to date with NetBox.`,
    `Merge it to publish the inventory on \`${options.base}\`; close it to decline — nbsync proposes again only when the generated content changes.`,
    `Please do not push to \`${options.branch}\`: once someone else commits there, nbsync stops updating this pull request.`,
    '',
  ];
  if (options.deltas.length === 0) {
    lines.push('Nothing left to change: the files already match NetBox.');
  } else {
    lines.push('| file | change | summary |', '|---|---|---|');
    for (const delta of options.deltas) {
      const change = delta.before === null ? 'create' : delta.after === null ? 'delete' : 'update';
      lines.push(`| \`${cell(delta.path)}\` | ${change} | ${describe(delta)} |`);
    }
  }
  const digests: Record<string, string | null> = {};
  for (const delta of [...options.deltas].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    digests[delta.path] = delta.after === null ? null : contentDigest(delta.after);
  }
  lines.push('', `<!-- nbsync:files ${JSON.stringify(digests)} -->`, '');
  return lines.join('\n');
}

/** The file digests a proposal recorded in its body (`null` = proposed deletion). */
export function proposedDigests(body: string): Map<string, string | null> {
  const match = DIGESTS.exec(body);
  if (!match?.[1]) return new Map();
  try {
    const parsed = JSON.parse(match[1]) as unknown;
    if (!parsed || typeof parsed !== 'object') return new Map();
    return new Map(
      Object.entries(parsed as Record<string, unknown>).flatMap(([path, value]) =>
        typeof value === 'string' || value === null ? [[path, value] as const] : [],
      ),
    );
  } catch {
    return new Map();
  }
}

function describe(delta: FileDelta): string {
  const before = entriesOf(delta.path, delta.before);
  const after = entriesOf(delta.path, delta.after);
  if (!before || !after) return delta.after === null ? 'removed' : 'rewritten';
  const noun = delta.path.endsWith('.json') ? 'VMs' : 'hosts';
  const added = [...after.keys()].filter((k) => !before.has(k));
  const removed = [...before.keys()].filter((k) => !after.has(k));
  const changed = [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k));
  const parts = [
    added.length ? `added ${list(added)}` : '',
    removed.length ? `removed ${list(removed)}` : '',
    changed.length ? `changed ${list(changed)}` : '',
  ].filter(Boolean);
  return parts.length ? `${noun}: ${parts.join('; ')}` : `${noun}: ${after.size}, layout only`;
}

/** Host (or VM) name → canonical JSON of its entry; `null` when the text is not ours to read. */
function entriesOf(path: string, content: string | null): Map<string, string> | null {
  if (content === null) return new Map();
  try {
    if (path.endsWith('.json')) {
      const doc = JSON.parse(content) as { vms?: Record<string, unknown> };
      return new Map(Object.entries(doc.vms ?? {}).map(([k, v]) => [k, JSON.stringify(v)]));
    }
    return hostBlocks(content);
  } catch {
    return null;
  }
}

/**
 * The host entries of an inventory nbsync wrote (`all:` → `  hosts:` → one block per host at
 * four spaces), read line by line: fast on thousands of hosts, and `null` for other layouts.
 */
function hostBlocks(content: string): Map<string, string> | null {
  const lines = content.split('\n');
  const top = lines.indexOf('all:');
  const start = lines.indexOf('  hosts:', top);
  if (top === -1 || start === -1) return null;
  const hosts = new Map<string, string>();
  let name: string | null = null;
  let body: string[] = [];
  const flush = () => {
    if (name !== null) hosts.set(name, body.join('\n'));
  };
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('    ')) break;
    if (line[4] === ' ') {
      body.push(line);
      continue;
    }
    flush();
    const key = /^ {4}("(?:[^"\\]|\\.)*"|[^:]+):(.*)$/.exec(line);
    if (!key?.[1]) return null;
    name = key[1].startsWith('"') ? (JSON.parse(key[1]) as string) : key[1];
    body = [key[2] ?? ''];
  }
  flush();
  return hosts;
}

function list(names: string[]): string {
  const shown = names
    .sort()
    .slice(0, 10)
    .map((n) => `\`${cell(n)}\``);
  return names.length > 10 ? `${shown.join(', ')} and ${names.length - 10} more` : shown.join(', ');
}

/** Text safe inside a Markdown table cell and code span. */
function cell(text: string): string {
  return text.replace(/[`|\r\n<>]/g, ' ');
}
