import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Metrics } from '../../src/server/metrics.js';
import { EXPIRING_WITHIN_DAYS } from '../../src/server/routes/runs.js';
import {
  certInventory,
  certIp,
  certVm,
  createStepCaHarness,
  type Clock,
  type StepCaHarness,
} from '../fakes/step-ca/harness.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { bearer, startHarness, type Harness } from './daemon-fakes.js';

const DAY = 86_400_000;
const START = Date.parse('2026-11-25T10:00:00Z');

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface CertificatesJson {
  total: number;
  readAt: string;
  expiringWithinDays: number;
  expiring: { name: string; notAfter: string; expired: boolean }[];
}

interface StatusJson {
  sinks: { name: string; certificates: CertificatesJson | null }[];
}

/** Two VMs tagged `tls`: app1 and app2. */
const inventory = certInventory(
  [certVm(7, 'app1', 42), certVm(8, 'app2', 43)],
  [
    certIp(42, 'app1.int.lavaduck.net', '10.10.20.5/24'),
    certIp(43, 'app2.int.lavaduck.net', '10.10.20.6/24'),
  ],
);

describe('certificate expiry in /metrics and /v1/status', () => {
  let ca: StepCaHarness | undefined;
  let daemon: Harness | undefined;
  afterEach(async () => {
    await daemon?.dispose();
    await ca?.cleanup();
    daemon = undefined;
    ca = undefined;
  });

  /** A daemon with a step-ca sink issuing 30-day certificates and a DNS sink, sharing one clock; first full sync done. */
  async function start(): Promise<{ daemon: Harness; clock: Clock }> {
    ca = await createStepCaHarness({
      start: START,
      config: { lifetime: '720h' },
      fake: { maxDurationMs: 30 * DAY },
    });
    server.use(...ca.handlers);
    const clock = ca.clock;
    const sinks = [ca.sink, new MemorySink('dns')];
    daemon = await startHarness({ inventory, sinks, extra: { sinks, now: () => new Date(clock.now) } });
    return { daemon, clock };
  }

  async function certificatesOf(h: Harness, sink: string): Promise<CertificatesJson | null | undefined> {
    const response = await h.daemon.app.inject({ method: 'GET', url: '/v1/status', headers: bearer });
    return response.json<StatusJson>().sinks.find((s) => s.name === sink)?.certificates;
  }

  it('exports the notAfter of every issued certificate as a gauge labelled by sink and name', async () => {
    const { daemon: h } = await start();

    const response = await h.daemon.app.inject({ method: 'GET', url: '/metrics' });

    const notAfter = (START + 30 * DAY) / 1000;
    expect(response.body).toContain('# TYPE nbsync_certificate_expiry_timestamp_seconds gauge');
    expect(response.body).toContain(
      `nbsync_certificate_expiry_timestamp_seconds{sink="certs",name="app1.int.lavaduck.net"} ${notAfter}`,
    );
    expect(response.body).toContain(
      `nbsync_certificate_expiry_timestamp_seconds{sink="certs",name="app2.int.lavaduck.net"} ${notAfter}`,
    );
  });

  it('counts the certificates of a certificate sink and lists none while all are far from expiry', async () => {
    const { daemon: h } = await start();

    const certs = await certificatesOf(h, 'certs');
    const dns = await certificatesOf(h, 'dns');

    expect(certs).toMatchObject({ total: 2, expiringWithinDays: EXPIRING_WITHIN_DAYS, expiring: [] });
    expect(certs?.readAt).toBe(new Date(START).toISOString());
    expect(dns).toBeNull();
  });

  it(`lists certificates within ${EXPIRING_WITHIN_DAYS} days of expiry, and marks expired ones`, async () => {
    const { daemon: h, clock } = await start();
    const notAfter = new Date(START + 30 * DAY).toISOString();

    clock.now = START + 22 * DAY; // 8 days left
    const eightDaysLeft = await certificatesOf(h, 'certs');
    clock.now = START + 24 * DAY; // 6 days left
    const sixDaysLeft = await certificatesOf(h, 'certs');
    clock.now = START + 31 * DAY;
    const expired = await certificatesOf(h, 'certs');

    expect(eightDaysLeft?.expiring).toEqual([]);
    expect(sixDaysLeft?.expiring).toEqual([
      { name: 'app1.int.lavaduck.net', notAfter, expired: false },
      { name: 'app2.int.lavaduck.net', notAfter, expired: false },
    ]);
    expect(expired?.expiring.map((c) => c.expired)).toEqual([true, true]);
  });

  it('re-reads the store after each run: a renewed certificate shows its new expiry', async () => {
    const { daemon: h, clock } = await start();
    clock.now = START + 25 * DAY; // inside the default renewal window (a third of the lifetime)

    await h.daemon.syncNow();
    const certs = await certificatesOf(h, 'certs');
    const metrics = (await h.daemon.app.inject({ method: 'GET', url: '/metrics' })).body;

    expect(certs?.expiring).toEqual([]);
    expect(metrics).toContain(
      `nbsync_certificate_expiry_timestamp_seconds{sink="certs",name="app1.int.lavaduck.net"} ${(START + 55 * DAY) / 1000}`,
    );
  });
});

describe('Metrics.certificateExpiries', () => {
  it('drops the series of a certificate that left the store, and keeps other sinks alone', async () => {
    const metrics = new Metrics();
    const at = (day: number) => new Date(START + day * DAY);
    metrics.certificateExpiries('certs', [
      { name: 'a.example', notAfter: at(1) },
      { name: 'b.example', notAfter: at(2) },
    ]);
    metrics.certificateExpiries('acme', [{ name: 'a.example', notAfter: at(3) }]);

    metrics.certificateExpiries('certs', [{ name: 'b.example', notAfter: at(4) }]);
    const text = await metrics.text();

    expect(text).not.toContain('sink="certs",name="a.example"');
    expect(text).toContain(`{sink="certs",name="b.example"} ${at(4).getTime() / 1000}`);
    expect(text).toContain(`{sink="acme",name="a.example"} ${at(3).getTime() / 1000}`);
  });
});
