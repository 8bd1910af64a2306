/** Emulated NetBox version and feature checks. */
export interface NetBoxVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** As reported by `/api/status/`, e.g. `4.6.8`. */
  readonly text: string;
}

export function parseVersion(text: string): NetBoxVersion {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`FakeNetBox: version "${text}" is not major.minor[.patch]`);
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const patch = match[3] === undefined ? 0 : Number(match[3]);
  if (major !== 4 || minor > 6) {
    throw new Error(`FakeNetBox: version ${text} is not emulated; use 4.0.x to 4.6.x`);
  }
  return { major, minor, patch, text: `${major}.${minor}.${patch}` };
}

/** True when `version` is at least `wanted` (`"4.2"` or `"4.5.2"`). */
export function atLeast(version: NetBoxVersion, wanted: string): boolean {
  const [major = 0, minor = 0, patch = 0] = wanted.split('.').map(Number);
  if (version.major !== major) return version.major > major;
  if (version.minor !== minor) return version.minor > minor;
  return version.patch >= patch;
}

/** The `API-Version` header value. */
export function apiVersion(version: NetBoxVersion): string {
  return `${version.major}.${version.minor}`;
}
