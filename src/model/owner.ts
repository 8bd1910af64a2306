/**
 * Owner marks: the stamp nbsync writes on everything it creates, e.g.
 * `nbsync:homelab ipam.ipaddress/42`. Updates and deletes only ever touch objects whose mark
 * names this instance.
 */
export interface OwnerMark {
  /** The nbsync deployment (config `instance`). */
  readonly instance: string;
  /** The NetBox object the resource came from, e.g. `ipam.ipaddress/42`; may be empty. */
  readonly ref: string;
}

const INSTANCE_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
const MARK_PATTERN = /^nbsync:([a-z0-9][a-z0-9_.-]{0,62})(?:\s+(\S+))?\s*$/;

/** True when `name` can be used as an instance id (lower case letters, digits, `_.-`). */
export function isValidInstance(name: string): boolean {
  return INSTANCE_PATTERN.test(name);
}

/** Render a mark as text: `nbsync:<instance>` followed by the ref when there is one. */
export function formatOwnerMark(mark: OwnerMark): string {
  return mark.ref ? `nbsync:${mark.instance} ${mark.ref}` : `nbsync:${mark.instance}`;
}

/** Parse a mark written by {@link formatOwnerMark}; anything else (including empty) is `null`. */
export function parseOwnerMark(text: string | null | undefined): OwnerMark | null {
  if (!text) return null;
  const match = MARK_PATTERN.exec(text.trim());
  if (!match) return null;
  return { instance: match[1] ?? '', ref: match[2] ?? '' };
}
