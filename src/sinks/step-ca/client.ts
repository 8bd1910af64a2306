import { z } from 'zod';
import { SyncError } from '../../model/errors.js';
import type { RunContext } from '../sink.js';
import { fromPem } from '../cert-common/csr.js';
import { createTransport, httpError, type HttpCall } from '../cert-common/transport.js';
import { normalizeFingerprint, parseCertificate, sha256Hex, splitPemChain } from '../cert-common/x509.js';
import type { ProvisionerKey } from './provisioner.js';
import { signOneTimeToken, signRenewToken } from './token.js';
import { createPrivateKey } from 'node:crypto';

/** How the client trusts the CA: a root PEM from `caFile`, or a fingerprint to bootstrap from. */
export type RootTrust = { readonly rootPem: string } | { readonly fingerprint: string };

export interface StepCaClientOptions {
  /** CA base URL without `/1.0`, e.g. `https://ca.int.example.net:9000`. */
  readonly url: string;
  readonly trust: RootTrust;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly provisioner: () => ProvisionerKey;
  readonly now: () => number;
}

const signResponse = z.object({
  crt: z.string(),
  ca: z.string().optional(),
  certChain: z.array(z.string()).optional(),
});
const errorBody = z.object({ message: z.string() });

/**
 * step-ca's native API (STEP-CA-API.md): `/1.0/sign` with a JWK provisioner one-time token,
 * `/1.0/renew` with an x5c renew token (no mTLS needed), `/1.0/revoke` (passive) with a token
 * whose `sub` is the serial. The root is pinned: from `caFile`, or fetched once from
 * `/root/{sha256}` without TLS verification and accepted only if its SHA-256 matches.
 */
export class StepCaClient {
  private readonly base: string;
  private pinned: Promise<{ http: HttpCall; fingerprint: string }> | null = null;

  constructor(private readonly options: StepCaClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  /** `/1.0/sign`: the CSR signed for `lifetime` (a Go duration like `86400s`); returns the chain PEM. */
  async sign(
    csrPem: string,
    cn: string,
    sans: readonly string[],
    lifetime: string,
    ctx: RunContext,
  ): Promise<string> {
    const { http, fingerprint } = await this.trust(ctx);
    const ott = signOneTimeToken({
      provisioner: this.options.provisioner(),
      audience: `${this.base}/1.0/sign`,
      subject: cn,
      sans,
      rootFingerprint: fingerprint,
      now: this.options.now(),
    });
    const body = { csr: csrPem, ott, notAfter: lifetime };
    return this.chainFrom(
      await this.post(http, '/1.0/sign', body, undefined, `sign ${cn}`, ctx),
      `sign ${cn}`,
    );
  }

  /** `/1.0/renew` authorised by a token signed with the certificate's own key. */
  async renew(certPem: string, keyPem: string, ctx: RunContext): Promise<string> {
    const { http } = await this.trust(ctx);
    const chain = splitPemChain(certPem);
    const leaf = parseCertificate(chain[0] ?? '');
    const token = signRenewToken({
      chainDer: chain.map((pem) => fromPem('CERTIFICATE', pem)),
      key: createPrivateKey(keyPem),
      subject: leaf.cn,
      audience: `${this.base}/1.0/renew`,
      now: this.options.now(),
    });
    const headers = { authorization: `Bearer ${token}` };
    return this.chainFrom(
      await this.post(http, '/1.0/renew', null, headers, `renew ${leaf.cn}`, ctx),
      `renew ${leaf.cn}`,
    );
  }

  /** `/1.0/revoke`, passive (active revocation is not implemented by step-ca: 501). */
  async revoke(serialDecimal: string, ctx: RunContext): Promise<void> {
    const { http, fingerprint } = await this.trust(ctx);
    const ott = signOneTimeToken({
      provisioner: this.options.provisioner(),
      audience: `${this.base}/1.0/revoke`,
      subject: serialDecimal,
      rootFingerprint: fingerprint,
      now: this.options.now(),
    });
    const body = {
      serial: serialDecimal,
      ott,
      reasonCode: 5,
      reason: 'removed from NetBox by nbsync',
      passive: true,
    };
    await this.post(http, '/1.0/revoke', body, undefined, `revoke serial ${serialDecimal}`, ctx);
  }

  /** `GET /health` through the pinned trust. */
  async health(ctx: RunContext): Promise<void> {
    const { http } = await this.trust(ctx);
    const res = await http(`${this.base}/health`, { signal: ctx.signal });
    if (!res.ok) throw httpError('health check', res.status, await res.text());
  }

  /** The pinned transport and the root fingerprint (the `sha` claim); resolved once. */
  trust(ctx: RunContext): Promise<{ http: HttpCall; fingerprint: string }> {
    this.pinned ??= this.resolveTrust(ctx).catch((err: unknown) => {
      this.pinned = null;
      throw err;
    });
    return this.pinned;
  }

  private async resolveTrust(ctx: RunContext): Promise<{ http: HttpCall; fingerprint: string }> {
    const { trust, fetch, timeoutMs } = this.options;
    if ('rootPem' in trust) {
      const root = splitPemChain(trust.rootPem)[0] ?? '';
      const fingerprint = sha256Hex(fromPem('CERTIFICATE', root));
      return {
        http: createTransport({ service: 'step-ca', fetch, caPem: trust.rootPem, timeoutMs }),
        fingerprint,
      };
    }
    const fingerprint = normalizeFingerprint(trust.fingerprint);
    const bootstrap = createTransport({ service: 'step-ca', fetch, insecure: true, timeoutMs });
    const res = await bootstrap(`${this.base}/root/${fingerprint}`, { signal: ctx.signal });
    if (!res.ok) throw httpError(`fetch root ${fingerprint.slice(0, 12)}…`, res.status, await res.text());
    const ca = z.object({ ca: z.string() }).safeParse(await res.json().catch(() => null));
    const pem = ca.success ? splitPemChain(ca.data.ca)[0] : undefined;
    if (!pem || sha256Hex(fromPem('CERTIFICATE', pem)) !== fingerprint) {
      throw new SyncError(
        'SINK_AUTH',
        `the CA's root does not match rootFingerprint ${fingerprint}; check the fingerprint (step certificate fingerprint root_ca.crt)`,
      );
    }
    return { http: createTransport({ service: 'step-ca', fetch, caPem: pem, timeoutMs }), fingerprint };
  }

  private async post(
    http: HttpCall,
    path: string,
    body: unknown,
    headers: Record<string, string> | undefined,
    what: string,
    ctx: RunContext,
  ): Promise<unknown> {
    const res = await http(`${this.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      ...(body === null ? {} : { body: JSON.stringify(body) }),
      signal: ctx.signal,
    });
    const text = await res.text();
    if (!res.ok) {
      const parsed = errorBody.safeParse(safeJson(text));
      throw httpError(what, res.status, parsed.success ? parsed.data.message : text);
    }
    return safeJson(text);
  }

  private chainFrom(json: unknown, what: string): string {
    const parsed = signResponse.safeParse(json);
    if (!parsed.success) throw new SyncError('SINK_PARSE', `${what}: unexpected answer from the CA (no crt)`);
    const { crt, ca, certChain } = parsed.data;
    const pems = certChain && certChain.length > 0 ? certChain : [crt, ...(ca ? [ca] : [])];
    return pems.map((pem) => (pem.endsWith('\n') ? pem : `${pem}\n`)).join('');
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
