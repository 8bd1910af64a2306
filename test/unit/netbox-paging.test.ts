// Paging of NetBox lists: request counts, concurrency, server page caps, next-link rewriting,
// lists that change while they are read.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../src/model/errors.js';
import { createNetBoxSource, type NetBoxSourceOptions } from '../../src/sources/netbox/index.js';
import { queryOfNext } from '../../src/sources/netbox/paging.js';
import {
  BASE,
  homelabLists,
  ipAddress,
  miniNetBox,
  silentLog,
  TOKEN_V1,
  type MiniOptions,
} from './netbox-helpers.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const IPS = '/api/ipam/ip-addresses/';
const manyIps = (n: number) => Array.from({ length: n }, (_, i) => ipAddress(i + 1));

function arrange(mini: MiniOptions = {}, source: Partial<NetBoxSourceOptions> = {}) {
  const fake = miniNetBox(mini);
  server.use(...fake.handlers);
  const nb = createNetBoxSource({
    url: mini.base ?? BASE,
    token: TOKEN_V1,
    log: silentLog,
    sleep: async () => undefined,
    ...source,
  });
  const ipRequests = () => fake.requests.filter((r) => r.url.pathname.endsWith(IPS)).map((r) => r.url);
  return { nb, requests: fake.requests, ipRequests };
}

const signal = () => AbortSignal.timeout(10_000);

describe('offset paging', () => {
  it('reads 2,500 IP addresses in 3 requests: limit 1000, then offsets 1000 and 2000', async () => {
    const { nb, ipRequests } = arrange({ lists: { ...homelabLists(), [IPS]: manyIps(2500) } });

    const inventory = await nb.load(signal());

    expect(inventory.ipAddresses).toHaveLength(2500);
    expect(inventory.ipAddresses.map((ip) => ip.id)).toEqual(manyIps(2500).map((ip) => ip.id));
    const pages = ipRequests().map(
      (u) => `limit=${u.searchParams.get('limit')} offset=${u.searchParams.get('offset')}`,
    );
    expect(pages.sort()).toEqual([
      'limit=1000 offset=1000',
      'limit=1000 offset=2000',
      'limit=1000 offset=null',
    ]);
    expect(ipRequests().every((u) => u.searchParams.get('ordering') === 'id')).toBe(true);
  });

  it('makes one request per list that fits in a page', async () => {
    const { nb, requests } = arrange({ lists: homelabLists() });

    await nb.load(signal());

    const perPath = new Map<string, number>();
    for (const r of requests) perPath.set(r.url.pathname, (perPath.get(r.url.pathname) ?? 0) + 1);
    expect([...perPath.values()].every((n) => n === 1)).toBe(true);
    expect(perPath.size).toBe(12);
  });

  it.each([
    [4, 4],
    [2, 2],
  ])('fetches the remaining pages concurrently, at most %i at a time', async (concurrency, expected) => {
    let inFlight = 0;
    let maxInFlight = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { nb } = arrange(
      {
        lists: { ...homelabLists(), [IPS]: manyIps(6000) },
        onPage: async (path, url) => {
          if (path !== IPS || !url.searchParams.has('offset')) return;
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          if (inFlight >= expected) release();
          // Hold pages until the expected parallelism is reached (or give up after a while).
          await Promise.race([gate, new Promise((r) => setTimeout(r, 500))]);
          inFlight--;
        },
      },
      { concurrency },
    );

    const inventory = await nb.load(signal());

    expect(inventory.ipAddresses).toHaveLength(6000);
    expect(maxInFlight).toBe(expected);
  });

  it('follows the page size the server really uses when MAX_PAGE_SIZE is below 1000', async () => {
    const { nb, ipRequests } = arrange({
      lists: { ...homelabLists(), [IPS]: manyIps(1200) },
      maxPageSize: 500,
    });

    const inventory = await nb.load(signal());

    expect(inventory.ipAddresses).toHaveLength(1200);
    expect(
      ipRequests()
        .map((u) => u.searchParams.get('offset'))
        .sort(),
    ).toEqual(['1000', '500', null]);
  });

  it('reads a list again when it changed between pages, then succeeds', async () => {
    const lists = { ...homelabLists(), [IPS]: manyIps(1500) };
    let changed = false;
    const { nb, ipRequests } = arrange({
      lists,
      onPage: (path, url) => {
        if (path === IPS && url.searchParams.get('offset') === '1000' && !changed) {
          changed = true;
          lists[IPS] = lists[IPS]?.slice(1); // an address deleted while paging shifts the rest
        }
      },
    });

    const inventory = await nb.load(signal());

    expect(ipRequests()).toHaveLength(4);
    expect(inventory.ipAddresses).toHaveLength(1499);
    expect(inventory.ipAddresses[0]?.id).toBe(2);
  });

  it('gives up with a retryable NETBOX_HTTP when the list never holds still', async () => {
    const lists = { ...homelabLists(), [IPS]: manyIps(1500) };
    let next = 100_000;
    const { nb } = arrange({
      lists,
      onPage: (path, url) => {
        if (path === IPS && url.searchParams.get('offset') === '1000') lists[IPS]?.push(ipAddress(next++));
      },
    });

    const err = await nb.load(signal()).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(SyncError);
    expect((err as SyncError).code).toBe('NETBOX_HTTP');
    expect((err as SyncError).retryable).toBe(true);
    expect((err as SyncError).message).toContain('kept changing while it was read');
  });
});

describe('next links', () => {
  it('follows next links without a count, rewritten from the internal host to the configured base', async () => {
    const base = `${BASE}/netbox`;
    const { nb, ipRequests } = arrange({
      base,
      cursor: true,
      nextBase: 'http://netbox-internal:8080',
      lists: { ...homelabLists(), [IPS]: manyIps(2100) },
    });

    const inventory = await nb.load(signal());

    expect(inventory.ipAddresses).toHaveLength(2100);
    expect(ipRequests().map((u) => `${u.origin}${u.pathname}?start=${u.searchParams.get('start')}`)).toEqual([
      `${BASE}/netbox${IPS}?start=null`,
      `${BASE}/netbox${IPS}?start=1001`,
      `${BASE}/netbox${IPS}?start=2001`,
    ]);
  });

  it('keeps only the query of a next link, and refuses one that leads to another list', () => {
    const query = queryOfNext(
      'https://internal:8443/api/ipam/ip-addresses/?limit=1000&offset=1000&tag=a&tag=b',
      IPS,
      BASE,
    );

    const elsewhere = () => queryOfNext('https://internal/api/dcim/devices/?offset=1', IPS, BASE);

    expect(query).toEqual({ limit: '1000', offset: '1000', tag: ['a', 'b'] });
    expect(elsewhere).toThrow(/leads to another list/);
  });
});
