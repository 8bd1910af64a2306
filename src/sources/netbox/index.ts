// The NetBox source: what the rest of nbsync imports.
export { createNetBoxSource } from './source.js';
export type { ChildKind, NetBoxSource, NetBoxSourceOptions, NetBoxWrite, ObjectChange } from './types.js';
export { authorizationHeader } from './client.js';
export type { JournalKind } from './client.js';
export type { ItemOf, ListKind } from './endpoints.js';
export { LIST_FILTERS, resolveFilters } from './filters.js';
export type { FilterConfig } from './filters.js';
export { normaliseDnsName, normaliseMac } from './map.js';
export { capabilities, parseNetBoxVersion } from './version.js';
export type { Capabilities, NetBoxVersion } from './version.js';
