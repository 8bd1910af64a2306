// deploy/nbsync.service, parsed: a dedicated user, the hardening essentials, state only under
// /var/lib/nbsync, and `serve` with the config of /etc/nbsync.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Unit = Map<string, Map<string, string[]>>;

/** systemd's INI dialect: sections, repeated keys kept in order, `#`/`;` comments. */
function parseUnit(text: string): Unit {
  const unit: Unit = new Map();
  let section: Map<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = new Map();
      unit.set(header[1]!, section);
      continue;
    }
    const eq = line.indexOf('=');
    if (!section || eq < 0) throw new Error(`not a unit line: ${line}`);
    const key = line.slice(0, eq).trim();
    section.set(key, [...(section.get(key) ?? []), line.slice(eq + 1).trim()]);
  }
  return unit;
}

const unit = parseUnit(readFileSync(new URL('../../deploy/nbsync.service', import.meta.url), 'utf8'));
const service = unit.get('Service') ?? new Map<string, string[]>();
const value = (key: string) => service.get(key)?.at(-1);

describe('deploy/nbsync.service', () => {
  it('has the three sections', () => {
    const sections = [...unit.keys()];

    expect(sections).toEqual(['Unit', 'Service', 'Install']);
    expect(unit.get('Install')?.get('WantedBy')).toEqual(['multi-user.target']);
  });

  it('runs nbsync serve as a dedicated user', () => {
    const user = value('User');

    expect(user).toBe('nbsync');
    expect(value('Group')).toBe('nbsync');
    expect(service.has('DynamicUser')).toBe(false);
    expect(value('ExecStart')).toMatch(/bin\.js serve --config \/etc\/nbsync\/nbsync\.yaml$/);
    expect(value('KillSignal')).toBe('SIGTERM');
    expect(value('Restart')).toBe('on-failure');
  });

  it.each([
    ['NoNewPrivileges', 'yes'],
    ['ProtectSystem', 'strict'],
    ['ProtectHome', 'yes'],
    ['PrivateTmp', 'yes'],
    ['PrivateDevices', 'yes'],
    ['RestrictSUIDSGID', 'yes'],
    ['CapabilityBoundingSet', ''],
    ['StateDirectory', 'nbsync'],
    ['ReadWritePaths', '/var/lib/nbsync'],
    ['UMask', '0077'],
  ])('sets %s=%s', (key, expected) => {
    const actual = value(key);

    expect(actual).toBe(expected);
  });

  it('does not deny writable code pages, which the V8 JIT needs', () => {
    const mdwe = value('MemoryDenyWriteExecute');

    expect(mdwe === undefined || mdwe === 'no').toBe(true);
  });

  it('keeps the store inside the writable state directory', () => {
    const writable = (value('ReadWritePaths') ?? '').split(/\s+/);

    expect(writable).toEqual(['/var/lib/nbsync']);
    expect(value('WorkingDirectory')).toBe('/var/lib/nbsync');
  });
});
