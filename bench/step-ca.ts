import { performance } from 'node:perf_hooks';
import { planSink } from '../src/reconcile/planner.js';
import { certificateRequests } from '../src/sinks/cert-common/mapping.js';
import {
  certInventory,
  certIp,
  certVm,
  createStepCaHarness,
  runContext,
} from '../test/fakes/step-ca/harness.js';
import { serveFakeTls } from '../test/fakes/step-ca/tls.js';
import type { ServedFake } from '../test/fakes/http.js';
import type { BenchResult } from './result.js';

function inventoryOf(count: number) {
  const vms = Array.from({ length: count }, (_, i) => certVm(i + 1, `host-${i + 1}`, i + 1));
  const ips = Array.from({ length: count }, (_, i) =>
    certIp(i + 1, `host-${i + 1}.int.lavaduck.net`, `10.10.${Math.floor(i / 250)}.${(i % 250) + 1}/16`, {
      customFields: { dns_aliases: 'www' },
    }),
  );
  return certInventory(vms, ips);
}

/** Mapping speed, issuance through the fake step-ca over real HTTPS (pinned root), observe speed. */
export async function benchStepCa(): Promise<BenchResult[]> {
  const big = inventoryOf(2000);
  let started = performance.now();
  const desired = certificateRequests(big, { tag: 'tls' });
  const mappingMs = performance.now() - started;

  const count = 50;
  let served: ServedFake | undefined;
  const h = await createStepCaHarness({
    start: Date.now(),
    fake: { dnsNames: ['127.0.0.1'] },
    serve: async (fake) => {
      served = await serveFakeTls(fake, fake.serverCertificate(['127.0.0.1']));
      return served.url;
    },
  });
  try {
    const inventory = inventoryOf(count);
    const plan = planSink(h.sink, h.sink.desired(inventory), await h.sink.observe(runContext()));
    started = performance.now();
    for (const change of plan.changes) await h.sink.apply(change, runContext());
    const issueMs = performance.now() - started;
    started = performance.now();
    const observed = await h.sink.observe(runContext());
    const observeMs = performance.now() - started;
    return [
      {
        name: 'step-ca desired (2000 tagged VMs)',
        value: round(mappingMs),
        unit: 'ms',
        note: `${desired.resources.length} certificates`,
      },
      {
        name: 'step-ca issue over HTTPS (fake CA)',
        value: round((count * 1000) / issueMs),
        unit: 'certificates/s',
        note: `${count} issued`,
      },
      {
        name: `step-ca observe (${observed.resources.length} certificates)`,
        value: round(observeMs),
        unit: 'ms',
      },
    ];
  } finally {
    await served?.close();
    await h.cleanup();
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
