import { createHash } from 'node:crypto';
import { Script } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { ipInventory, manyIps } from '../helpers/inventory.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { API_TOKEN, WEBHOOK_SECRET, startHarness, type Harness } from './daemon-fakes.js';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
}

describe('web page', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.dispose();
    harness = undefined;
  });

  async function get(url: string) {
    harness ??= await startHarness({
      inventory: ipInventory(manyIps(2)),
      sinks: [new MemorySink('dns', { mode: 'propose' })],
    });
    return harness.daemon.app.inject({ method: 'GET', url });
  }

  it('GET / serves the page without a token: headings, the token field with a label, the script by URL', async () => {
    const response = await get('/');

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    for (const heading of ['Sinks', 'Pending plan', 'Recent runs', 'API token']) {
      expect(response.body).toMatch(new RegExp(`<h2 id="[a-z-]+"[^>]*>${heading}</h2>`));
    }
    expect(response.body).toContain('<label for="token">');
    expect(response.body).toContain('<input id="token" type="password"');
    expect(response.body).toContain('<script src="/app.js" defer></script>');
    expect(response.body.match(/<script/g)).toHaveLength(1);
    expect(response.body).not.toMatch(/\son[a-z]+=/i);
  });

  it('serves the page under a strict Content-Security-Policy that allows exactly its inline style', async () => {
    const response = await get('/');

    const csp = directives(String(response.headers['content-security-policy']));
    const style = /<style>([\s\S]*?)<\/style>/.exec(response.body)?.[1] ?? '';
    const hash = createHash('sha256').update(style, 'utf8').digest('base64');
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual([`'sha256-${hash}'`]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('require-trusted-types-for')).toEqual(["'script'"]);
    expect(String(response.headers['content-security-policy'])).not.toMatch(/unsafe|\*|data:|https?:/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
  });

  it('GET /app.js serves a script that parses, uses text nodes only and keeps the token in session storage', async () => {
    const response = await get('/app.js');

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(() => new Script(response.body, { filename: 'app.js' })).not.toThrow();
    expect(response.body).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/,
    );
    expect(response.body).not.toMatch(/localStorage|document\.cookie|location\.(href|search|hash)\s*=/);
    expect(response.body).toContain('sessionStorage.setItem');
    expect(response.body).toContain("authorization: 'Bearer '");
  });

  it.each(['/', '/app.js'])('%s holds no secret and refers to nothing off this origin', async (url) => {
    const response = await get(url);

    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain(API_TOKEN);
    expect(response.body).not.toContain(WEBHOOK_SECRET);
    expect(response.body).not.toMatch(/https?:\/\/|src="\/\/|href="\/\//);
  });
});
