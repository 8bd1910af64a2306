/**
 * A minimal DER (ASN.1 distinguished encoding) writer and reader: just enough to build PKCS#10
 * certificate requests and to read the extensions of certificates and requests. node:crypto
 * signs and verifies, but it cannot build these structures.
 */

/** Tag numbers used here (universal class, plus the context-specific forms). */
export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV: tag byte, DER length, content. */
export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(TAG.sequence, Buffer.concat(items));
/** A SET OF; DER wants the members sorted by their encoding. */
export const set = (...items: Buffer[]): Buffer =>
  tlv(TAG.set, Buffer.concat([...items].sort(Buffer.compare)));
export const octetString = (content: Buffer): Buffer => tlv(TAG.octetString, content);
export const utf8String = (text: string): Buffer => tlv(TAG.utf8String, Buffer.from(text, 'utf8'));
export const nullValue = (): Buffer => tlv(TAG.null, Buffer.alloc(0));
export const boolean = (value: boolean): Buffer => tlv(TAG.boolean, Buffer.from([value ? 0xff : 0x00]));
/** A BIT STRING with no unused bits (signatures, keys, extension values). */
export const bitString = (content: Buffer): Buffer =>
  tlv(TAG.bitString, Buffer.concat([Buffer.from([0]), content]));
/** `[n]` constructed (EXPLICIT tagging, or IMPLICIT of a constructed type). */
export const contextConstructed = (n: number, content: Buffer): Buffer => tlv(0xa0 | n, content);
/** `[n]` primitive (IMPLICIT of a primitive type, e.g. GeneralName dNSName / iPAddress). */
export const contextPrimitive = (n: number, content: Buffer): Buffer => tlv(0x80 | n, content);

/** A non-negative INTEGER from a bigint or from big-endian bytes. */
export function integer(value: bigint | number | Buffer): Buffer {
  let bytes: Buffer;
  if (Buffer.isBuffer(value)) {
    bytes = value;
  } else {
    let hex = BigInt(value).toString(16);
    if (hex.length % 2 === 1) hex = `0${hex}`;
    bytes = Buffer.from(hex, 'hex');
  }
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  bytes = bytes.subarray(start);
  if (bytes.length === 0) bytes = Buffer.from([0]);
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(TAG.integer, bytes);
}

/** An OBJECT IDENTIFIER from dotted text, e.g. `2.5.29.17`. */
export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map((p) => BigInt(p));
  const [first = 0n, second = 0n, ...rest] = parts;
  const out: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    const group: number[] = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) group.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...group);
  }
  return tlv(TAG.oid, Buffer.from(out));
}

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 §4.1.2.5). Seconds precision. */
export function time(date: Date): Buffer {
  const iso = date.toISOString();
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return date.getUTCFullYear() < 2050
    ? tlv(TAG.utcTime, Buffer.from(digits.slice(2), 'ascii'))
    : tlv(TAG.generalizedTime, Buffer.from(digits, 'ascii'));
}

/** One parsed TLV. `raw` is the whole encoding (header and content). */
export interface DerNode {
  readonly tag: number;
  readonly content: Buffer;
  readonly raw: Buffer;
  /** Parsed members when the tag is constructed (bit 0x20), else empty. */
  readonly children: readonly DerNode[];
}

function readOne(buf: Buffer, offset: number): { node: DerNode; next: number } {
  const tag = buf[offset];
  const first = buf[offset + 1];
  if (tag === undefined || first === undefined) throw new RangeError('DER: truncated header');
  let length = first;
  let header = 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new RangeError('DER: unsupported length form');
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + (buf[offset + 2 + i] ?? 0);
    header += count;
  }
  const end = offset + header + length;
  if (end > buf.length) throw new RangeError('DER: content runs past the end');
  const content = buf.subarray(offset + header, end);
  const children = tag & 0x20 ? readAll(content) : [];
  return { node: { tag, content, raw: buf.subarray(offset, end), children }, next: end };
}

function readAll(buf: Buffer): DerNode[] {
  const nodes: DerNode[] = [];
  for (let offset = 0; offset < buf.length;) {
    const { node, next } = readOne(buf, offset);
    nodes.push(node);
    offset = next;
  }
  return nodes;
}

/** Parse one complete DER value; throws RangeError on malformed or trailing input. */
export function readDer(buf: Buffer): DerNode {
  const { node, next } = readOne(buf, 0);
  if (next !== buf.length) throw new RangeError('DER: trailing bytes');
  return node;
}

/** Dotted text of an OBJECT IDENTIFIER node. */
export function readOid(node: DerNode): string {
  const arcs: bigint[] = [];
  let value = 0n;
  for (const byte of node.content) {
    value = (value << 7n) | BigInt(byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0n;
    }
  }
  const [head = 0n, ...rest] = arcs;
  const first = head < 80n ? head / 40n : 2n;
  return [first, head - first * 40n, ...rest].join('.');
}

/** The member at `index`, or a RangeError naming what was expected. */
export function child(node: DerNode, index: number, what: string): DerNode {
  const found = node.children[index];
  if (!found) throw new RangeError(`DER: missing ${what}`);
  return found;
}
