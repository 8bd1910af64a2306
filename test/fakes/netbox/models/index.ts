import type { ModelDef } from '../schema.js';
import type { ObjectType } from '../types.js';
import { device, iface } from './dcim.js';
import { macAddress } from './mac.js';
import { journalEntry, objectChange } from './changelog.js';
import { eventRule, webhook } from './events.js';
import { customField, tag } from './extras.js';
import { ipAddress } from './ipam.js';
import { prefix } from './prefix.js';
import { vlan, vlanGroup } from './vlans.js';
import {
  clusterGroup,
  clusterType,
  deviceRole,
  deviceType,
  ipamRole,
  manufacturer,
  platform,
  site,
  tenant,
  user,
  vrf,
} from './organization.js';
import { cluster, virtualMachine } from './virtualization.js';
import { virtualDisk, vmInterface } from './vm-components.js';

/** Every model the fake serves, keyed by object type. */
export const MODELS: Readonly<Record<ObjectType, ModelDef>> = {
  'ipam.prefix': prefix,
  'ipam.ipaddress': ipAddress,
  'ipam.vlan': vlan,
  'ipam.vlangroup': vlanGroup,
  'ipam.vrf': vrf,
  'ipam.role': ipamRole,
  'dcim.site': site,
  'dcim.manufacturer': manufacturer,
  'dcim.devicetype': deviceType,
  'dcim.devicerole': deviceRole,
  'dcim.platform': platform,
  'dcim.device': device,
  'dcim.interface': iface,
  'dcim.macaddress': macAddress,
  'tenancy.tenant': tenant,
  'virtualization.clustertype': clusterType,
  'virtualization.clustergroup': clusterGroup,
  'virtualization.cluster': cluster,
  'virtualization.virtualmachine': virtualMachine,
  'virtualization.vminterface': vmInterface,
  'virtualization.virtualdisk': virtualDisk,
  'extras.tag': tag,
  'extras.customfield': customField,
  'extras.journalentry': journalEntry,
  'extras.webhook': webhook,
  'extras.eventrule': eventRule,
  'core.objectchange': objectChange,
  'users.user': user,
};

export function modelOf(type: ObjectType): ModelDef {
  const model = MODELS[type];
  if (!model) throw new Error(`FakeNetBox: unknown object type ${type}`);
  return model;
}

export function isObjectType(value: string): value is ObjectType {
  return Object.hasOwn(MODELS, value);
}
