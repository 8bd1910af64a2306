/**
 * FakeNetBox — a stateful fake of the NetBox 4.x REST API for tests, the benchmark and
 * `nbsync demo`, following ../../../../shared/specs/netbox/NETBOX-API.md and NETBOX-MODELS.md.
 *
 * HTTP: `fake.handle(request)` (a {@link FakeApi}); serve it with `mswHandlers(base, fake)` or
 * `serveFake(fake)` from test/fakes/http.ts. Endpoints (trailing slash required, else 301 to the
 * slashed URL): `/api/`, `/api/status/`, `/api/authentication-check/` (4.5+), and list + detail of
 * ipam prefixes, ip-addresses, vlans, vlan-groups, vrfs, roles; dcim devices, interfaces,
 * mac-addresses (4.2+), sites, device-types, device-roles, platforms, manufacturers;
 * tenancy tenants; virtualization virtual-machines, interfaces, virtual-disks, clusters,
 * cluster-types, cluster-groups; extras tags, custom-fields, journal-entries, webhooks,
 * event-rules; core object-changes (extras/object-changes before 4.1); users users.
 *
 * Wire behaviour: envelope `{count,next,previous,results}`, absolute `next`/`previous` from the
 * request host (query keys sorted, as DRF does), `limit` capped at `maxPageSize`, `limit=0` →
 * `maxPageSize`, cursor paging `start=` on 4.6; `brief` (any non-empty value), `fields`, `omit`
 * (4.5.2+), `exclude=config_context`; filters per field (`x`, `x_id`, lookups `__n __ic __gte`…),
 * `tag` (AND), `q`, `cf_<name>`, `parent`/`address` etc.; unknown filters ignored, bad choice or
 * unknown related value → 400. Writes: POST (object or array, all-or-nothing), PUT/PATCH/DELETE
 * on detail and bulk on list, DRF-style 400s, 409 for protected deletes, ETag/If-Match (4.6),
 * `add_tags`/`remove_tags` (4.6), change log entries for every write. Version emulation: disk
 * sizes in GB before 4.1 (stored MB / 1000), interface `mac_address` as a plain string and no
 * MAC endpoint before 4.2, `site` instead of `scope` on prefixes/clusters before 4.2, event rule
 * `type_create`/`type_update`/`type_delete`/`type_job_start`/`type_job_end` instead of
 * `event_types` before 4.1.
 *
 * Default ordering: IP addresses by address (family, bits, mask) then id; prefixes by VRF then
 * prefix; VLANs by site, group, vid; devices, VMs, clusters, tags by name; interfaces by parent
 * and natural name; change log and journal newest first; everything else by id.
 *
 * Test hooks (no HTTP): `add(type, body)`, `seed({type: [bodies]})`, `update(type, id, patch)`,
 * `remove(type, id)`, `get(type, id)`, `list(type)`, `count(type)`, `record(type, id)` (stored
 * form), `insertUnchecked(type, fields)` (fast, no validation), `failOn(rule)` / `faults`,
 * `requests` + `resetRequests()`, `onChange(listener)`, `setVersion(v)`. Object types are
 * NetBox's `app.model` names (`ipam.ipaddress`, `virtualization.vminterface`…). Hooks write as
 * user `admin` and render URLs with host `http://netbox.test`. `onChange` events are NetBox's
 * default webhook body (coalesced per write); post them yourself — event rules do not fire.
 *
 * Simplifications: one user (`admin`) for every token; no object permissions; config contexts
 * are only `local_context_data`; cables, modules, FHRP, L2VPN render as null/empty; VLAN group
 * `utilization` is a rough percentage; `display_url` of the change log uses the API path.
 */
export {
  FAKE_NETBOX_TOKEN_V1,
  FAKE_NETBOX_TOKEN_V2,
  FakeNetBox,
  WriteError,
  type SeedData,
} from './fake-netbox.js';
export type { FaultRule } from './faults.js';
export type { ChangeEvent } from './mutations.js';
export type { FakeNetBoxOptions, JsonObject, ObjectType, RequestLogEntry, StoredRecord } from './types.js';
