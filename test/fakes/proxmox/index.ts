export { FakeProxmox, FAKE_PROXMOX_TOKEN } from './fake.js';
export type { FailureRule, FakeProxmoxOptions, FakeRequest, VmInput } from './fake.js';
export type { FakeTask, FakeVm, TaskType } from './state.js';
export { ENDPOINT_PARAMS } from './params.js';
