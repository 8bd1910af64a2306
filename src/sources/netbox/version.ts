// NetBox version detection and the behaviour that depends on it (NETBOX-API.md, cheat-sheet).
import { SyncError } from '../../model/errors.js';

export interface NetBoxVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** `major.minor.patch`. */
  readonly text: string;
}

/** What nbsync does differently per version. */
export interface Capabilities {
  /** VM `disk` and virtual-disk `size` are in GB (converted ×1000, as NetBox's 4.1 migration did). */
  readonly diskInGb: boolean;
  /** MACs are objects; interfaces carry `primary_mac_address` (4.2+). */
  readonly macObjects: boolean;
  /** The change log lives under /api/core/ (4.1+); before, under /api/extras/, which nbsync does not read. */
  readonly coreChangeLog: boolean;
  /** Newer than the newest release nbsync was written against (4.6): read as 4.6. */
  readonly newerThanKnown: boolean;
}

const OLDEST = { major: 4, minor: 0 };
const NEWEST = { major: 4, minor: 6 };

/**
 * Parse `netbox-version` of /api/status/ (e.g. `4.2.2`, `4.6.0-beta1`, `4.1.3-Docker-3.0.2`)
 * and refuse what nbsync cannot read: before 4.0, or a new major version.
 */
export function parseNetBoxVersion(text: string): NetBoxVersion {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!match) {
    throw new SyncError(
      'NETBOX_VERSION_UNSUPPORTED',
      `NetBox reported version "${text.slice(0, 40)}", which nbsync cannot parse; check that netbox.url points at NetBox`,
    );
  }
  const version = {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: match[3] === undefined ? 0 : Number(match[3]),
  };
  const textOut = `${version.major}.${version.minor}.${version.patch}`;
  if (compare(version, OLDEST) < 0 || version.major > NEWEST.major) {
    throw new SyncError(
      'NETBOX_VERSION_UNSUPPORTED',
      `NetBox ${textOut} is not supported; nbsync reads NetBox 4.0 to 4.6 (upgrade NetBox, or use a release of nbsync made for it)`,
      { details: { version: textOut } },
    );
  }
  return { ...version, text: textOut };
}

export function capabilities(version: NetBoxVersion): Capabilities {
  return {
    diskInGb: compare(version, { major: 4, minor: 1 }) < 0,
    macObjects: compare(version, { major: 4, minor: 2 }) >= 0,
    coreChangeLog: compare(version, { major: 4, minor: 1 }) >= 0,
    newerThanKnown: compare(version, NEWEST) > 0,
  };
}

function compare(a: { major: number; minor: number }, b: { major: number; minor: number }): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}
