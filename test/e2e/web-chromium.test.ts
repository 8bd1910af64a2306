// The web page in real headless Chromium (Debian package `chromium`), driven through the DevTools
// protocol over --remote-debugging-pipe (fd 3: commands in, fd 4: replies and events out; each
// message is JSON ended by a NUL byte), against a daemon on 127.0.0.1 with an in-memory sink.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { formatOwnerMark } from '../../src/model/owner.js';
import { ipInventory, manyIps } from '../helpers/inventory.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { API_TOKEN, startHarness, type Harness } from '../unit/daemon-fakes.js';

const WAIT_MS = 15_000;

function findChromium(): string {
  const names = ['chromium', 'chromium-browser'];
  for (const dir of (process.env.PATH ?? '').split(delimiter).concat('/usr/bin')) {
    for (const name of names) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // not here
      }
    }
  }
  throw new Error(
    'Chromium is not installed: the web page test needs it (Debian: apt-get install -y chromium)',
  );
}

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

/** A DevTools protocol connection over the pipe, with flat sessions. */
class Browser {
  private nextId = 1;
  private buffer = '';
  private readonly pending = new Map<
    number,
    { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }
  >();
  private readonly listeners = new Set<(message: CdpMessage) => void>();
  stderr = '';

  constructor(
    private readonly child: ChildProcess,
    private readonly dataDir: string,
  ) {
    const input = child.stdio[3] as Writable;
    const output = child.stdio[4] as Readable;
    output.setEncoding('utf8');
    output.on('data', (chunk: string) => this.receive(chunk));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-4000)));
    child.on('error', (err) => this.failAll(new Error(`chromium did not start: ${err.message}`)));
    child.on('exit', (code) => this.failAll(new Error(`chromium exited (${code}): ${this.stderr}`)));
    this.write = (text) => input.write(`${text}\0`);
  }

  private readonly write: (text: string) => void;

  static launch(): Browser {
    const executable = findChromium();
    const dataDir = mkdtempSync(join(tmpdir(), 'nbsync-chromium-'));
    const child = spawn(
      executable,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-extensions',
        // Resolve nothing through the system resolver; the daemon is on 127.0.0.1 by address.
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
        '--no-proxy-server',
        '--window-size=1280,1000',
        `--user-data-dir=${dataDir}`,
        '--remote-debugging-pipe',
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
    );
    return new Browser(child, dataDir);
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end = this.buffer.indexOf('\0');
    while (end >= 0) {
      const message = JSON.parse(this.buffer.slice(0, end)) as CdpMessage;
      this.buffer = this.buffer.slice(end + 1);
      end = this.buffer.indexOf('\0');
      if (message.id !== undefined) {
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) waiter?.reject(new Error(message.error.message));
        else waiter?.resolve(message.result ?? {});
      } else {
        for (const listener of this.listeners) listener(message);
      }
    }
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }

  send<T = Record<string, unknown>>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (r: Record<string, unknown>) => void, reject });
      this.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  on(listener: (message: CdpMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A tab in a fresh browser context: its own storage and sockets, all gone on `tab.close()`. */
  async newTab(): Promise<Tab> {
    const { browserContextId } = await this.send<{ browserContextId: string }>('Target.createBrowserContext');
    const { targetId } = await this.send<{ targetId: string }>('Target.createTarget', {
      url: 'about:blank',
      browserContextId,
    });
    const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', {
      targetId,
      flatten: true,
    });
    const tab = new Tab(this, sessionId, browserContextId);
    await tab.init();
    return tab;
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    if (this.child.exitCode === null) {
      await this.send('Browser.close').catch(() => undefined);
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** One page: evaluate, wait for a condition, real mouse and keyboard input, screenshots. */
class Tab {
  /** Uncaught exceptions, console errors and CSP/Trusted Types violations seen on the page. */
  readonly problems: string[] = [];
  /** Messages of the confirm dialogs the page opened (each was accepted). */
  readonly confirmed: string[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly sessionId: string,
    private readonly contextId: string,
  ) {}

  /** Dispose of the browser context, closing its connections to the daemon. */
  async close(): Promise<void> {
    await this.browser.send('Target.disposeBrowserContext', { browserContextId: this.contextId });
  }

  send<T = Record<string, unknown>>(method: string, params: object = {}): Promise<T> {
    return this.browser.send<T>(method, params, this.sessionId);
  }

  async init(): Promise<void> {
    this.browser.on((m) => {
      if (m.sessionId !== this.sessionId) return;
      const p = m.params ?? {};
      if (m.method === 'Runtime.exceptionThrown')
        this.problems.push(`exception: ${JSON.stringify(p.exceptionDetails)}`);
      if (m.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'warning')) {
        this.problems.push(`console: ${JSON.stringify(p.args)}`);
      }
      // Network entries are HTTP statuses the page handles (401, 409, a missing favicon).
      const entry = p.entry as { level?: string; source?: string; text?: string } | undefined;
      if (m.method === 'Log.entryAdded' && entry?.level === 'error' && entry.source !== 'network') {
        this.problems.push(`log: ${entry.text ?? ''}`);
      }
      if (m.method === 'Page.javascriptDialogOpening') {
        this.confirmed.push(String(p.message));
        void this.send('Page.handleJavaScriptDialog', { accept: true });
      }
    });
    await this.send('Page.enable');
    await this.send('Runtime.enable');
    await this.send('Log.enable');
    await this.send('Emulation.setDeviceMetricsOverride', {
      width: 1280,
      height: 1000,
      deviceScaleFactor: 1,
      mobile: false,
    });
  }

  async goto(url: string): Promise<void> {
    let off: () => void = () => undefined;
    const loaded = new Promise<void>((resolve) => {
      off = this.browser.on((m) => {
        if (m.sessionId === this.sessionId && m.method === 'Page.loadEventFired') resolve();
      });
    });
    await this.send('Page.navigate', { url });
    await loaded;
    off();
  }

  async evaluate<T>(expression: string): Promise<T> {
    const reply = await this.send<{ result: { value?: T }; exceptionDetails?: { text: string } }>(
      'Runtime.evaluate',
      {
        expression,
        returnByValue: true,
        awaitPromise: true,
      },
    );
    if (reply.exceptionDetails) throw new Error(`page threw: ${JSON.stringify(reply.exceptionDetails)}`);
    return reply.result.value as T;
  }

  /** Poll until `expression` is truthy (a deadline, not a timing assertion). */
  async waitFor<T>(expression: string, what: string): Promise<T> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const value = await this.evaluate<T>(expression);
      if (value) return value;
      if (Date.now() > deadline) {
        const says = await this.evaluate<string>(
          "document.getElementById('message').textContent + ' | ' + document.getElementById('alert').textContent",
        );
        throw new Error(
          `timed out waiting for ${what}; the page says: ${says}; problems: ${this.problems.join('; ')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async click(selector: string): Promise<void> {
    const point = await this.evaluate<{ x: number; y: number } | null>(`(() => {
      const el = document.querySelector(${JSON.stringify(selector)});
      if (!el) return null;
      el.scrollIntoView({ block: 'center' });
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    })()`);
    if (!point) throw new Error(`nothing to click at ${selector}`);
    for (const type of ['mouseMoved', 'mousePressed', 'mouseReleased']) {
      await this.send('Input.dispatchMouseEvent', { type, ...point, button: 'left', clickCount: 1 });
    }
  }

  async typeInto(selector: string, text: string): Promise<void> {
    await this.evaluate(`document.querySelector(${JSON.stringify(selector)}).focus()`);
    await this.send('Input.insertText', { text });
  }

  async pressEnter(): Promise<void> {
    const key = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 };
    await this.send('Input.dispatchKeyEvent', { type: 'keyDown', ...key, text: '\r' });
    await this.send('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
  }

  async screenshot(): Promise<Buffer> {
    const { data } = await this.send<{ data: string }>('Page.captureScreenshot', {
      format: 'png',
      captureBeyondViewport: true,
    });
    return Buffer.from(data, 'base64');
  }

  text(selector: string): Promise<string> {
    return this.evaluate<string>(
      `(document.querySelector(${JSON.stringify(selector)}) || {}).textContent || ''`,
    );
  }
}

const rowKeys = (op: string): string =>
  `[...document.querySelectorAll('#plan tr[data-op=${op}]')].map((r) => r.dataset.key)`;

describe('web page in headless Chromium', () => {
  // Launched by the first test that opens the page, so that without Chromium every test fails
  // with the install hint instead of being skipped.
  let browser: Browser | undefined;
  let harness: Harness | undefined;
  let tab: Tab | undefined;

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async () => {
    await tab?.close();
    tab = undefined;
    await harness?.dispose();
    harness = undefined;
  });

  async function open(
    sink: MemorySink,
    inventory = ipInventory(manyIps(2)),
  ): Promise<{ h: Harness; tab: Tab }> {
    const h = await startHarness({ inventory, sinks: [sink] });
    harness = h;
    browser ??= Browser.launch();
    const opened = await browser.newTab();
    tab = opened;
    await opened.goto(`${h.daemon.address}/`);
    await opened.waitFor("!document.getElementById('login').hidden", 'the token form');
    return { h, tab: opened };
  }

  async function signIn(tab: Tab, token = API_TOKEN): Promise<void> {
    await tab.typeInto('#token', token);
    await tab.pressEnter();
  }

  it('asks for the token, shows the pending plan, approves it, and the target then holds the records', async () => {
    const sink = new MemorySink('dns', { mode: 'propose' });
    const { h, tab } = await open(sink);

    await signIn(tab);
    const shown = await tab.waitFor<string[]>(
      `${rowKeys('create')}.length === 2 && ${rowKeys('create')}`,
      'two create rows',
    );
    const status = await tab.text('#status tr[data-sink=dns]');
    const checksum = await tab.text('#checksum');
    const kept = await tab.evaluate<{ url: string; stored: string | null; inPage: boolean }>(
      `({ url: location.href, stored: sessionStorage.getItem('nbsync.apiToken'),
          inPage: document.documentElement.outerHTML.includes(${JSON.stringify(API_TOKEN)}) })`,
    );
    const png = await tab.screenshot();
    if (process.env.NBSYNC_WEB_SCREENSHOT) writeFileSync(process.env.NBSYNC_WEB_SCREENSHOT, png);
    await tab.click('#approve');
    const outcome = await tab.waitFor<string>(
      "(document.getElementById('apply-outcome') || {}).textContent",
      'the apply result',
    );
    await tab.waitFor("document.getElementById('plan-empty')", 'the converged plan');
    const runs = await tab.text('#runs');

    expect(shown).toEqual(['host-1.int.lavaduck.net/10.10.0.2', 'host-2.int.lavaduck.net/10.10.0.3']);
    expect(status).toMatch(/dns\s*memory\s*propose/);
    expect(checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(kept).toEqual({ url: `${h.daemon.address}/`, stored: API_TOKEN, inPage: false });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(outcome).toMatch(/Applied\. Run run_\w+ finished: ok\./);
    expect([...sink.target.keys()].sort()).toEqual(shown);
    expect(h.store.runs.list({ limit: 1 })[0]).toMatchObject({ trigger: 'approval', checksum, status: 'ok' });
    expect(runs).toMatch(/approval\s*.*ok/);
    expect(tab.problems).toEqual([]);
  });

  it('shows the 409: the plan changed after it was shown, nothing applied, the fresh plan on screen', async () => {
    const sink = new MemorySink('dns', { mode: 'propose' });
    const { h, tab } = await open(sink);
    await signIn(tab);
    await tab.waitFor(`${rowKeys('create')}.length === 2`, 'two create rows');
    const reviewed = await tab.text('#checksum');

    h.netbox.inventory = ipInventory(manyIps(3));
    await tab.click('#approve');
    const stale = await tab.waitFor<string>(
      "(document.getElementById('apply-stale') || {}).textContent",
      'the stale notice',
    );
    const fresh = await tab.waitFor<string[]>(
      `${rowKeys('create')}.length === 3 && ${rowKeys('create')}`,
      'three create rows',
    );

    expect(stale).toMatch(/Nothing was applied: the plan changed since it was shown \(PLAN_STALE\)/);
    expect(fresh).toContain('host-3.int.lavaduck.net/10.10.0.4');
    expect(await tab.text('#checksum')).not.toBe(reviewed);
    expect(sink.target.size).toBe(0);
    expect(h.store.runs.list({ limit: 1 })[0]).toMatchObject({ trigger: 'approval', status: 'stale' });
    expect(tab.problems).toEqual([]);
  });

  it('marks a refused plan and its conflicts, and applies it only with force after the confirm dialog', async () => {
    const sink = new MemorySink('dns', { mode: 'propose', safety: { maxChangePercent: 30, minExisting: 2 } });
    const ips = manyIps(4).map((a) => ({ ...a, customFields: { dns_ttl: 600 } }));
    for (const a of ips.slice(0, 3)) {
      const key = `${a.dnsName}/${a.address.split('/')[0]}`;
      sink.target.set(key, {
        ttl: 300,
        comment: formatOwnerMark({ instance: 'homelab', ref: `ipam.ipaddress/${a.id}` }),
      });
    }
    sink.target.set('host-4.int.lavaduck.net/10.10.0.5', { ttl: 300, comment: '' });
    const { tab } = await open(sink, ipInventory(ips));
    await signIn(tab);
    await tab.waitFor(`${rowKeys('update')}.length === 3`, 'three update rows');
    const section = await tab.text('#plan section[data-sink=dns]');

    await tab.click('#force');
    await tab.click('#approve');
    const outcome = await tab.waitFor<string>(
      "(document.getElementById('apply-outcome') || {}).textContent",
      'the apply result',
    );

    expect(section).toMatch(/refused/);
    expect(section).toMatch(/Refused: .+Nothing of this sink applies unless forced/);
    expect(section).toMatch(/ttl: 300\s*→\s*becomes\s*600/);
    expect(section).toMatch(/host-4\.int\.lavaduck\.net\/10\.10\.0\.5: .*owner mark/);
    expect(tab.confirmed).toHaveLength(1);
    expect(tab.confirmed[0]).toMatch(/Refused sinks that will apply anyway: dns/);
    expect(outcome).toMatch(/Applied\./);
    expect([...sink.target.values()].filter((r) => r.ttl === 600)).toHaveLength(3);
    expect(tab.problems).toEqual([]);
  });

  it('says so and asks again when the token is refused', async () => {
    const { tab } = await open(new MemorySink('dns', { mode: 'propose' }));

    await signIn(tab, 'not-the-token');
    const said = await tab.waitFor<string>(
      "document.getElementById('login-error').textContent",
      'the refusal',
    );

    expect(said).toMatch(/The API token was refused \(unknown API token\)/);
    expect(await tab.evaluate<string | null>("sessionStorage.getItem('nbsync.apiToken')")).toBeNull();
    expect(await tab.evaluate<boolean>("document.getElementById('app').hidden")).toBe(true);
    expect(tab.problems).toEqual([]);
  });
}, 60_000);
