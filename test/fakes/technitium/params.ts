/**
 * Request parameters the way Technitium reads them (DnsServerCore/Extensions.cs): a value comes
 * from the query string, else from an `application/x-www-form-urlencoded` body; JSON bodies are
 * ignored. For required values an empty string counts as missing.
 */

/** A failure the API reports as `{status: "error", errorMessage}` with HTTP 200. */
export class TechnitiumApiError extends Error {}

export class Params {
  private constructor(private readonly values: ReadonlyMap<string, string>) {}

  static async from(request: Request): Promise<Params> {
    const values = new Map<string, string>();
    const type = request.headers.get('content-type') ?? '';
    if (request.method === 'POST' && type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      for (const [name, value] of new URLSearchParams(await request.text())) {
        if (!values.has(name)) values.set(name, value);
      }
    }
    // The query string wins over the form, as in Technitium's QueryOrForm().
    for (const [name, value] of new URL(request.url).searchParams) values.set(name, value);
    return new Params(values);
  }

  /** Every parameter, for the request log. */
  all(): Record<string, string> {
    return Object.fromEntries(this.values);
  }

  /** The raw value (`undefined` when absent; may be empty). */
  raw(name: string): string | undefined {
    return this.values.get(name);
  }

  /** A non-empty value, else `undefined`. */
  optional(name: string, alternate?: string): string | undefined {
    const value = this.values.get(name);
    if (value) return value;
    const other = alternate === undefined ? undefined : this.values.get(alternate);
    return other ? other : undefined;
  }

  required(name: string, alternate?: string): string {
    const value = this.optional(name, alternate);
    if (value === undefined) throw new TechnitiumApiError(`Parameter '${name}' missing.`);
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    throw new TechnitiumApiError(`String '${value}' was not recognized as a valid Boolean.`);
  }

  /** A TTL-like unsigned integer (plain seconds only; the real server also takes `1h` etc.). */
  seconds(name: string, fallback: number): number {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value.trim())) throw new TechnitiumApiError(`Invalid TTL value: ${value}`);
    return Number(value.trim());
  }

  /** A domain name with surrounding dots trimmed and lower-cased. */
  domain(name: string, alternate?: string): string {
    return trimDots(this.required(name, alternate));
  }

  optionalDomain(name: string): string | undefined {
    const value = this.optional(name);
    return value === undefined ? undefined : trimDots(value);
  }
}

export function trimDots(name: string): string {
  return name
    .trim()
    .replace(/^\.+|\.+$/g, '')
    .toLowerCase();
}
