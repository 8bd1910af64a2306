export { defaultDhcp4, FakeKea } from './fake.js';
export type { FakeKeaFailure, FakeKeaLease, FakeKeaOptions, FakeKeaRequest } from './fake.js';
export { checkDhcp4, KeaConfigError } from './validate.js';
export { KEA_URL, keaSink, runContext, sinkSettings } from './harness.js';
