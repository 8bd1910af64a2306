import ipaddr from 'ipaddr.js';

export type JsonObject = Record<string, unknown>;

/** A configuration Kea refuses: `text` is what kea-dhcp4 2.2 answers (result 1). */
export class KeaConfigError extends Error {}

const IDENTIFIERS = ['hw-address', 'duid', 'circuit-id', 'client-id', 'flex-id'] as const;

/** Defaults kea-dhcp4 fills into every reservation it echoes back (config-get after config-set). */
const RESERVATION_DEFAULTS: JsonObject = {
  'boot-file-name': '',
  'client-classes': [],
  hostname: '',
  'next-server': '0.0.0.0',
  'option-data': [],
  'server-hostname': '',
};

/**
 * Check a Dhcp4 object the way kea-dhcp4 2.2 does for what nbsync touches (subnets and their
 * reservations), and return it as Kea would echo it: hw-addresses lower case, reservation
 * defaults filled in. Throws KeaConfigError with Kea's wording.
 */
export function checkDhcp4(value: unknown): JsonObject {
  if (!isObject(value)) throw new KeaConfigError("Missing mandatory 'Dhcp4' parameter.");
  const dhcp4 = structuredClone(value);
  const unique = dhcp4['ip-reservations-unique'] !== false;
  const ids = new Set<number>();
  const subnets: JsonObject[] = [...objects(dhcp4.subnet4)];
  for (const network of objects(dhcp4['shared-networks'])) subnets.push(...objects(network.subnet4));
  for (const subnet of subnets) {
    const text = subnet.subnet;
    if (typeof text !== 'string' || !ipaddr.IPv4.isValidCIDR(text)) {
      throw new KeaConfigError(`failed to parse subnet '${String(text)}'`);
    }
    const id = subnet.id;
    if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0)
      throw new KeaConfigError(`subnet id must be a positive integer (${text})`);
    if (ids.has(id)) throw new KeaConfigError(`subnet with the ID of '${id}' already exists`);
    ids.add(id);
    checkReservations(subnet, id, text, unique);
  }
  return dhcp4;
}

function checkReservations(subnet: JsonObject, id: number, cidr: string, unique: boolean): void {
  const range = ipaddr.IPv4.parseCIDR(cidr);
  const byHw = new Set<string>();
  const byIp = new Set<string>();
  const list = objects(subnet.reservations);
  for (const r of list) {
    const present = IDENTIFIERS.filter((k) => typeof r[k] === 'string');
    if (present.length !== 1) {
      throw new KeaConfigError(
        'exactly one identifier is expected for a host reservation (hw-address, duid, circuit-id, client-id, flex-id)',
      );
    }
    if ('user-context' in r && !isObject(r['user-context']))
      throw new KeaConfigError('user-context must be a map');
    let hw: string | null = null;
    if (typeof r['hw-address'] === 'string') {
      hw = r['hw-address'].toLowerCase().replaceAll('-', ':');
      if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(hw))
        throw new KeaConfigError(`invalid host identifier value '${r['hw-address']}'`);
      r['hw-address'] = hw;
      if (byHw.has(hw)) {
        throw new KeaConfigError(
          `failed to add new host using the HW address '${hw}' to the IPv4 subnet id '${id}' as this host has already been added`,
        );
      }
      byHw.add(hw);
    }
    const ip = r['ip-address'];
    if (ip !== undefined) {
      if (typeof ip !== 'string' || !ipaddr.IPv4.isValidFourPartDecimal(ip))
        throw new KeaConfigError(`invalid reservation address '${String(ip)}'`);
      if (!ipaddr.IPv4.parse(ip).match(range)) {
        throw new KeaConfigError(`specified reservation '${ip}' is not within the IPv4 subnet '${cidr}'`);
      }
      if (unique && byIp.has(ip)) {
        throw new KeaConfigError(
          `failed to add new host using the HW address '${hw ?? '(null)'} and DUID '(null)' to the IPv4 subnet id '${id}' for the address ${ip}: There's already a reservation for this address`,
        );
      }
      byIp.add(ip);
    }
    for (const [k, v] of Object.entries(RESERVATION_DEFAULTS)) if (!(k in r)) r[k] = structuredClone(v);
  }
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}
