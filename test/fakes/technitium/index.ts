export { FakeTechnitium, FAKE_TECHNITIUM_TOKEN } from './fake.js';
export type { FailureRule, FakeRequest, FakeTechnitiumOptions } from './fake.js';
export type { FakeRecord, FakeZoneType, RecordInput } from './dns-state.js';
export type {
  FakeLease,
  FakeLeaseInput,
  FakeReservationInput,
  FakeReservedLease,
  FakeScope,
  FakeScopeInput,
} from './dhcp.js';
