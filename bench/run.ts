import { benchDhcp } from './dhcp.js';
import { benchDnsPlan } from './dns-plan.js';
import { benchGitInventory } from './git-inventory.js';
import { benchProxmox } from './proxmox.js';
import { benchStepCa } from './step-ca.js';
import type { BenchResult } from './result.js';

/** Each benchmark of `npm run bench`, by name. `npm run bench -- dns` runs only those matching. */
const BENCHES: readonly [string, () => Promise<readonly BenchResult[]>][] = [
  ['dns', benchDnsPlan],
  ['dhcp', benchDhcp],
  ['proxmox', benchProxmox],
  ['step-ca', benchStepCa],
  ['git-inventory', benchGitInventory],
  ['daemon', async () => (await import('./daemon-events.js')).benchDaemonEvents()],
];

const filter = process.argv.slice(2);
const selected = BENCHES.filter(([name]) => filter.length === 0 || filter.some((f) => name.includes(f)));
console.log(`nbsync benchmarks on node ${process.version}, ${new Date().toISOString()}`);
for (const [name, bench] of selected) {
  process.stderr.write(`running ${name}…\n`);
  try {
    for (const r of await bench()) {
      console.log(`${r.name.padEnd(58)} ${String(r.value).padStart(9)} ${r.unit.padEnd(9)} ${r.note ?? ''}`);
    }
  } catch (err) {
    console.log(`${name}: FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
