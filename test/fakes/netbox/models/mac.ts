import { nestedGeneric } from '../serialize.js';
import { field, type ModelDef, type SpecialFilter } from '../schema.js';
import type { ObjectType } from '../types.js';
import { TAIL } from './common.js';
import { MAC_KEYS, macFilter, normaliseMac } from './dcim.js';

export const macAddress: ModelDef = {
  type: 'dcim.macaddress',
  className: 'MACAddress',
  path: 'dcim/mac-addresses',
  since: '4.2',
  fields: {
    mac_address: field.str({ required: true }),
    assigned_object_type: {
      kind: 'generic-type',
      allowed: ['dcim.interface', 'virtualization.vminterface'],
      idField: 'assigned_object_id',
      onDelete: 'cascade',
    },
    assigned_object_id: { kind: 'generic-id' },
    description: field.str({ default: '' }),
    comments: field.str({ default: '' }),
  },
  layout: [
    'id',
    'url',
    'display_url',
    'display',
    'mac_address',
    'assigned_object_type',
    'assigned_object_id',
    'assigned_object',
    'description',
    ...TAIL,
  ],
  computed: {
    assigned_object: (record, ctx) =>
      nestedGeneric(ctx, record['assigned_object_type'], record['assigned_object_id']),
  },
  brief: [...MAC_KEYS],
  display: (record) => String(record['mac_address']),
  tags: true,
  customFields: true,
  search: ['mac_address', 'description'],
  compare: (a, b) => String(a['mac_address']).localeCompare(String(b['mac_address'])) || a.id - b.id,
  filters: {
    mac_address: macFilter((mac, record) => mac.id === record.id),
    device_id: hostFilter('dcim.interface', 'device'),
    virtual_machine_id: hostFilter('virtualization.vminterface', 'virtual_machine'),
    interface_id: assignedFilter('dcim.interface'),
    vminterface_id: assignedFilter('virtualization.vminterface'),
  },
  clean(candidate, previous, ctx) {
    const mac = normaliseMac(String(candidate['mac_address']));
    if (!mac) return { mac_address: [`Invalid MAC address format: ${String(candidate['mac_address'])}`] };
    candidate['mac_address'] = mac;
    const type = candidate['assigned_object_type'];
    const id = candidate['assigned_object_id'];
    if (typeof type === 'string' && typeof id === 'number' && !ctx.store.get(type as ObjectType, id)) {
      return { assigned_object_id: [`Related object not found using the provided numeric ID: ${id}`] };
    }
    if (previous && (previous['assigned_object_type'] !== type || previous['assigned_object_id'] !== id)) {
      const owner = ctx.store.get(
        previous['assigned_object_type'] as ObjectType,
        previous['assigned_object_id'] as number,
      );
      if (owner && owner['primary_mac_address'] === previous.id) {
        return {
          non_field_errors: [
            'Cannot unassign MAC Address while it is designated as the primary MAC for an object',
          ],
        };
      }
    }
    return undefined;
  },
};

function assignedFilter(ifaceType: ObjectType): SpecialFilter {
  return {
    validate: (values) => (values.every((value) => /^\d+$/.test(value)) ? undefined : ['Enter a number.']),
    build: (values) => (record) =>
      record['assigned_object_type'] === ifaceType && values.includes(String(record['assigned_object_id'])),
  };
}

function hostFilter(ifaceType: ObjectType, hostField: string): SpecialFilter {
  return {
    validate: (values) => (values.every((value) => /^\d+$/.test(value)) ? undefined : ['Enter a number.']),
    build: (values, ctx) => (record) => {
      if (record['assigned_object_type'] !== ifaceType) return false;
      const owner = ctx.store.get(ifaceType, record['assigned_object_id'] as number);
      return values.includes(String(owner?.[hostField]));
    },
  };
}
