import { acmeFactory } from './acme/index.js';
import { gitInventoryFactory } from './git-inventory/index.js';
import { keaFactory } from './kea/index.js';
import { proxmoxFactory } from './proxmox/index.js';
import type { SinkFactory } from './sink.js';
import { stepCaFactory } from './step-ca/index.js';
import { technitiumDhcpFactory } from './technitium-dhcp/index.js';
import { technitiumDnsFactory } from './technitium-dns/index.js';

/** Every sink type nbsync knows: one line per type. */
export const SINK_FACTORIES: readonly SinkFactory[] = [
  technitiumDnsFactory,
  technitiumDhcpFactory,
  keaFactory,
  proxmoxFactory,
  stepCaFactory,
  acmeFactory,
  gitInventoryFactory,
];
