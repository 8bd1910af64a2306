import { CHOICES, field, type ModelDef } from '../schema.js';
import { cleanInterface, macComputed, macFilter } from './dcim.js';
import { alwaysNull } from './common.js';
import { sizeFromWire, sizeToWire } from './virtualization.js';

export const vmInterface: ModelDef = {
  type: 'virtualization.vminterface',
  className: 'VMInterface',
  path: 'virtualization/interfaces',
  fields: {
    virtual_machine: field.fk('virtualization.virtualmachine', { required: true, onDelete: 'cascade' }),
    name: field.str({ required: true }),
    enabled: field.bool(true),
    parent: field.fk('virtualization.vminterface', { onDelete: 'set-null' }),
    bridge: field.fk('virtualization.vminterface', { onDelete: 'set-null' }),
    mtu: field.int({ nullable: true, min: 1, max: 65536 }),
    primary_mac_address: field.fk('dcim.macaddress', {
      onDelete: 'set-null',
      nested: ['id', 'url', 'display', 'mac_address', 'description'],
    }),
    description: field.str({ default: '' }),
    mode: field.choice(CHOICES.interfaceMode, { nullable: true, default: null }),
    untagged_vlan: field.fk('ipam.vlan', { onDelete: 'set-null' }),
    tagged_vlans: field.m2m('ipam.vlan'),
    vrf: field.fk('ipam.vrf', { onDelete: 'set-null' }),
  },
  layout: [
    'id',
    'url',
    'display_url',
    'display',
    'virtual_machine',
    'name',
    'enabled',
    'parent',
    'bridge',
    'mtu',
    'mac_address',
    'primary_mac_address',
    'mac_addresses',
    'description',
    'mode',
    'untagged_vlan',
    'tagged_vlans',
    'qinq_svlan',
    'vlan_translation_policy',
    'vrf',
    'l2vpn_termination',
    'owner',
    'tags',
    'custom_fields',
    'created',
    'last_updated',
    'count_ipaddresses',
    'count_fhrp_groups',
  ],
  keySince: {
    primary_mac_address: '4.2',
    mac_addresses: '4.2',
    qinq_svlan: '4.2',
    vlan_translation_policy: '4.2',
  },
  computed: {
    ...macComputed('virtualization.vminterface'),
    ...alwaysNull('qinq_svlan', 'vlan_translation_policy', 'l2vpn_termination'),
  },
  brief: ['id', 'url', 'display', 'virtual_machine', 'name', 'description'],
  display: (record) => String(record['name']),
  tags: true,
  customFields: true,
  lookupField: 'name',
  search: ['name', 'description'],
  compare: (a, b) =>
    (a['virtual_machine'] as number) - (b['virtual_machine'] as number) ||
    String(a['name']).localeCompare(String(b['name']), undefined, { numeric: true }) ||
    a.id - b.id,
  filters: {
    mac_address: macFilter(
      (mac, record) =>
        mac['assigned_object_type'] === 'virtualization.vminterface' &&
        mac['assigned_object_id'] === record.id,
    ),
    cluster_id: {
      build: (values, ctx) => (record) =>
        values.includes(
          String(
            ctx.store.get('virtualization.virtualmachine', record['virtual_machine'] as number)?.['cluster'],
          ),
        ),
    },
  },
  clean(candidate, _previous, ctx) {
    const clash = ctx.store
      .referencing('virtualization.vminterface', 'virtual_machine', candidate['virtual_machine'] as number)
      .find(
        (other) =>
          other.id !== candidate.id &&
          String(other['name']).toLowerCase() === String(candidate['name']).toLowerCase(),
      );
    if (clash)
      return { non_field_errors: ['An interface with this name already exists on the virtual machine.'] };
    return cleanInterface(candidate, 'virtualization.vminterface', ctx);
  },
};

export const virtualDisk: ModelDef = {
  type: 'virtualization.virtualdisk',
  className: 'VirtualDisk',
  path: 'virtualization/virtual-disks',
  fields: {
    virtual_machine: field.fk('virtualization.virtualmachine', { required: true, onDelete: 'cascade' }),
    name: field.str({ required: true }),
    description: field.str({ default: '' }),
    size: field.int({ required: true, min: 0 }),
  },
  layout: [
    'id',
    'url',
    'display_url',
    'display',
    'virtual_machine',
    'name',
    'description',
    'size',
    'owner',
    'tags',
    'custom_fields',
    'created',
    'last_updated',
  ],
  computed: { size: (record, ctx) => sizeToWire(record['size'], ctx) },
  brief: ['id', 'url', 'display', 'virtual_machine', 'name', 'description', 'size'],
  display: (record) => String(record['name']),
  tags: true,
  customFields: true,
  search: ['name', 'description'],
  compare: (a, b) =>
    (a['virtual_machine'] as number) - (b['virtual_machine'] as number) ||
    String(a['name']).localeCompare(String(b['name'])) ||
    a.id - b.id,
  fromWire: (body, ctx) => sizeFromWire(body, 'size', ctx),
  clean(candidate, _previous, ctx) {
    const clash = ctx.store
      .referencing('virtualization.virtualdisk', 'virtual_machine', candidate['virtual_machine'] as number)
      .find((other) => other.id !== candidate.id && other['name'] === candidate['name']);
    return clash
      ? { non_field_errors: ['Virtual disk with this Virtual machine and Name already exists.'] }
      : undefined;
  },
};
