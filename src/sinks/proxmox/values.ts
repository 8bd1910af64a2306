// Proxmox config value formats (PROXMOX-API.md "Config format notes"): property strings,
// disk sizes, tag lists, cloud-init ipconfig. Pure functions shared by observe and apply.

/** Disk keys nbsync compares and grows; CD-ROMs and cloud-init drives are excluded. */
export const DISK_KEY = /^(scsi|virtio|sata|ide)(\d+)$/;

/** Proxmox tag syntax (pve-tag); compared case-insensitively, as the default `tag-style` does. */
export const TAG_PATTERN = /^[a-z0-9_][a-z0-9_\-+.]*$/;

/** A parsed property string: the leading key without `=` (if any) and the `key=value` pairs. */
export interface PropertyString {
  readonly entries: readonly (readonly [string, string])[];
}

export function parsePropertyString(text: string): PropertyString {
  const entries: [string, string][] = [];
  for (const part of text.split(',')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    entries.push(eq === -1 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)]);
  }
  return { entries };
}

export function propertyValue(property: PropertyString, key: string): string | undefined {
  return property.entries.find(([k]) => k === key)?.[1];
}

export function formatPropertyString(entries: readonly (readonly [string, string])[]): string {
  return entries.map(([k, v]) => (v === '' && !k.includes('=') ? k : `${k}=${v}`)).join(',');
}

/** Replace (or append) `key=value` in a property string; `null` removes the key. */
export function withProperty(text: string, key: string, value: string | null): string {
  const entries = parsePropertyString(text).entries.filter(([k]) => k !== key);
  if (value !== null) entries.push([key, value]);
  return formatPropertyString(entries);
}

const UNITS: Readonly<Record<string, number>> = { K: 1 / 1024, M: 1, G: 1024, T: 1024 * 1024 };

/** `32G`, `512M`, `1T`, `2097152K`, or bare bytes → MiB (rounded up). `null` when unreadable. */
export function sizeToMb(size: string): number | null {
  const match = /^(\d+(?:\.\d+)?)([KMGT])?$/i.exec(size.trim());
  if (!match) return null;
  const value = Number(match[1]);
  const unit = match[2]?.toUpperCase();
  const mb = unit === undefined ? value / (1024 * 1024) : value * (UNITS[unit] ?? 1);
  return Math.ceil(mb);
}

/** A disk entry of the config, when it is a real disk (not a CD-ROM or cloud-init drive). */
export interface DiskEntry {
  readonly key: string;
  readonly volume: string;
  readonly storage: string;
  readonly sizeMb: number;
}

export function parseDisk(key: string, value: string): DiskEntry | null {
  if (!DISK_KEY.test(key)) return null;
  const property = parsePropertyString(value);
  const volume = property.entries[0]?.[0] ?? '';
  if (propertyValue(property, 'media') === 'cdrom' || /cloudinit/.test(volume) || volume === 'none')
    return null;
  const size = propertyValue(property, 'size');
  const storage = volume.includes(':') ? volume.slice(0, volume.indexOf(':')) : '';
  return { key, volume, storage, sizeMb: size === undefined ? 0 : (sizeToMb(size) ?? 0) };
}

/** Disk keys in a stable order: bus, then index (`scsi0 < scsi1 < scsi10`). */
export function compareDiskKeys(a: string, b: string): number {
  const ma = DISK_KEY.exec(a);
  const mb = DISK_KEY.exec(b);
  if (!ma || !mb) return a < b ? -1 : a > b ? 1 : 0;
  if (ma[1] !== mb[1]) return (ma[1] ?? '') < (mb[1] ?? '') ? -1 : 1;
  return Number(ma[2]) - Number(mb[2]);
}

/** `tags` as Proxmox stores it (`a;b`, also `,` or spaces on input) → sorted unique lower case. */
export function parseTags(text: string | undefined): string[] {
  if (!text) return [];
  return [
    ...new Set(
      text
        .split(/[;, ]+/)
        .filter((t) => t !== '')
        .map((t) => t.toLowerCase()),
    ),
  ].sort();
}

export function formatTags(tags: readonly string[]): string {
  return [...tags].sort().join(';');
}

/** `memory` is a number, a numeric string, or (recent PVE) the property string `current=<MiB>`. */
export function parseMemory(value: string | number | undefined): number {
  if (value === undefined) return 512;
  if (typeof value === 'number') return value;
  const property = parsePropertyString(value);
  const current = propertyValue(property, 'current') ?? property.entries[0]?.[0] ?? '';
  const mb = Number(current);
  return Number.isFinite(mb) && mb > 0 ? mb : 512;
}

/** The compared part of `net0`: bridge and VLAN tag. */
export interface NetSpec {
  readonly bridge: string;
  readonly vlan: number | null;
}

export function parseNet(value: string | undefined): NetSpec | null {
  if (value === undefined) return null;
  const property = parsePropertyString(value);
  const tag = propertyValue(property, 'tag');
  return { bridge: propertyValue(property, 'bridge') ?? '', vlan: tag === undefined ? null : Number(tag) };
}

/** `net0` with bridge and tag replaced; model, MAC and other options kept. */
export function formatNet(current: string | undefined, want: NetSpec): string {
  const base = current ?? 'virtio';
  const bridged = withProperty(base, 'bridge', want.bridge);
  return withProperty(bridged, 'tag', want.vlan === null ? null : String(want.vlan));
}

const IPCONFIG_ORDER = ['ip', 'gw', 'ip6', 'gw6'];

/** `ipconfig0` with its keys in a canonical order (`ip`, `gw`, `ip6`, `gw6`), for comparison. */
export function normaliseIpConfig(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  const entries = [...parsePropertyString(value.trim()).entries].sort(
    ([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0),
  );
  return formatPropertyString(entries);
}

function rank(key: string): number {
  const index = IPCONFIG_ORDER.indexOf(key);
  return index === -1 ? IPCONFIG_ORDER.length : index;
}

/** The description as compared: trailing blank lines dropped (PVE appends a newline on read). */
export function normaliseDescription(value: string | undefined): string {
  return (value ?? '').replace(/\s+$/, '');
}
