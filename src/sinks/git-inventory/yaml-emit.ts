// A small YAML emitter for the generated inventory: plain JSON data in, block-style YAML out,
// read the same by PyYAML (YAML 1.1, what Ansible uses) and by YAML 1.2 parsers.
// Strings stay plain only when no YAML 1.1 resolver could read them as anything else;
// everything else is double-quoted with JSON escapes (a subset of YAML's). Strings holding
// Jinja2 markers get Ansible's `!unsafe` tag so they are never templated.

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

/** Letters first; then letters, digits and `_ . / @ + -` (no `:`, `#`, spaces, quotes, flow chars). */
const PLAIN = /^[A-Za-z_][A-Za-z0-9_./@+-]*$/;
/** YAML 1.1 booleans and null, compared lower-case. */
const RESERVED = new Set(['y', 'yes', 'n', 'no', 'true', 'false', 'on', 'off', 'null']);
const JINJA = /\{\{|\{%|\{#/;
/**
 * Characters YAML does not allow unescaped that JSON.stringify leaves alone (it already escapes
 * C0 controls and lone surrogates): DEL, C1 controls, U+FFFE, U+FFFF.
 */
const UNPRINTABLE = /[\u007f-\u009f\ufffe\uffff]/g;

/** Emit a mapping as a YAML document body (no `---`), ending with a newline. */
export function emitYaml(root: { [key: string]: YamlValue }): string {
  const out: string[] = [];
  emitMapping(root, 0, out);
  return `${out.join('\n')}\n`;
}

function emitMapping(map: { [key: string]: YamlValue }, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  for (const key of Object.keys(map)) {
    const value = map[key] ?? null;
    const head = `${pad}${scalarKey(key)}:`;
    if (isBlock(value)) {
      out.push(head);
      if (Array.isArray(value)) emitSequence(value, indent + 2, out);
      else emitMapping(value, indent + 2, out);
    } else {
      out.push(`${head} ${inline(value)}`);
    }
  }
}

function emitSequence(items: YamlValue[], indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  for (const item of items) {
    if (!isBlock(item)) {
      out.push(`${pad}- ${inline(item)}`);
      continue;
    }
    // A nested block: emit it two deeper, then fold its first line onto the dash.
    const nested: string[] = [];
    if (Array.isArray(item)) emitSequence(item, indent + 2, nested);
    else emitMapping(item, indent + 2, nested);
    const [first = '', ...rest] = nested;
    out.push(`${pad}- ${first.slice(indent + 2)}`, ...rest);
  }
}

/** Non-empty arrays and objects go in block style; empty ones inline as `[]` / `{}`. */
function isBlock(value: YamlValue): value is YamlValue[] | { [key: string]: YamlValue } {
  if (Array.isArray(value)) return value.length > 0;
  return value !== null && typeof value === 'object' && Object.keys(value).length > 0;
}

function inline(value: YamlValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return number(value);
  const quoted = quote(value);
  if (JINJA.test(value)) return `!unsafe ${quoted}`;
  return isPlain(value) ? value : quoted;
}

function scalarKey(key: string): string {
  return isPlain(key) ? key : quote(key);
}

function isPlain(text: string): boolean {
  return PLAIN.test(text) && !RESERVED.has(text.toLowerCase());
}

function quote(text: string): string {
  return JSON.stringify(text).replace(
    UNPRINTABLE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** YAML 1.1 floats need a dot before an exponent (`1e+21` would read as a string). */
function number(value: number): string {
  if (!Number.isFinite(value)) return 'null';
  const text = String(value);
  return /e/i.test(text) && !text.includes('.') ? text.replace(/e/i, '.0e') : text;
}
