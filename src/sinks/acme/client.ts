import { createHash, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { SyncError } from '../../model/errors.js';
import type { RunContext } from '../sink.js';
import { base64url, jwkThumbprint, publicJwk, signFlattened } from '../cert-common/jws.js';
import { httpError, type HttpCall } from '../cert-common/transport.js';

/**
 * An RFC 8555 (ACME) client with node:crypto JWS: directory, nonces (with the badNonce retry
 * §6.5 asks for), account, order, authorizations, challenges, finalize, download, revoke.
 * Every request after the directory is a signed POST (POST-as-GET for reads, §6.3).
 */

const directorySchema = z.object({
  newNonce: z.string(),
  newAccount: z.string(),
  newOrder: z.string(),
  revokeCert: z.string(),
});
export type AcmeDirectory = z.infer<typeof directorySchema>;

const identifierSchema = z.object({ type: z.string(), value: z.string() });
export type AcmeIdentifier = z.infer<typeof identifierSchema>;

const challengeSchema = z.object({
  type: z.string(),
  url: z.string(),
  status: z.string(),
  token: z.string().optional(),
});
const authorizationSchema = z.object({
  identifier: identifierSchema,
  status: z.string(),
  challenges: z.array(challengeSchema),
  wildcard: z.boolean().optional(),
});
export type AcmeAuthorization = z.infer<typeof authorizationSchema>;
export type AcmeChallenge = z.infer<typeof challengeSchema>;

const orderSchema = z.object({
  status: z.string(),
  identifiers: z.array(identifierSchema),
  authorizations: z.array(z.string()),
  finalize: z.string(),
  certificate: z.string().optional(),
  error: z.unknown().optional(),
});
export type AcmeOrder = z.infer<typeof orderSchema>;

const problemSchema = z.object({ type: z.string().optional(), detail: z.string().optional() });

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export interface AcmeClientOptions {
  readonly directoryUrl: string;
  readonly http: HttpCall;
  readonly accountKey: KeyObject;
  readonly email: string;
  /** Upper bound for waiting on an authorization or order to settle. */
  readonly pollTimeoutMs: number;
}

export class AcmeClient {
  private directory: AcmeDirectory | null = null;
  private nonce: string | null = null;
  private accountUrl: string | null = null;

  constructor(private readonly options: AcmeClientOptions) {}

  /** `token.thumbprint` (RFC 8555 §8.1). */
  keyAuthorization(token: string): string {
    return `${token}.${jwkThumbprint(this.options.accountKey)}`;
  }

  /** The TXT value for dns-01: base64url SHA-256 of the key authorization (§8.4). */
  dnsTxtValue(token: string): string {
    return base64url(createHash('sha256').update(this.keyAuthorization(token)).digest());
  }

  async getDirectory(ctx: RunContext): Promise<AcmeDirectory> {
    if (this.directory) return this.directory;
    const res = await this.options.http(this.options.directoryUrl, { signal: ctx.signal });
    const text = await res.text();
    if (!res.ok) throw httpError('ACME directory', res.status, text);
    this.directory = parse(directorySchema, text, 'ACME directory');
    return this.directory;
  }

  /** Find or create the account for the key (`newAccount` answers 200 for an existing one). */
  async account(ctx: RunContext): Promise<string> {
    if (this.accountUrl) return this.accountUrl;
    const { newAccount } = await this.getDirectory(ctx);
    const payload = { termsOfServiceAgreed: true, contact: [`mailto:${this.options.email}`] };
    const answer = await this.post(newAccount, payload, ctx, 'create the ACME account', true);
    const location = answer.headers.get('location');
    if (!location) throw new SyncError('SINK_PARSE', 'ACME newAccount answered without a Location header');
    this.accountUrl = location;
    return location;
  }

  async newOrder(
    identifiers: readonly AcmeIdentifier[],
    ctx: RunContext,
  ): Promise<{ url: string; order: AcmeOrder }> {
    const { newOrder } = await this.getDirectory(ctx);
    const answer = await this.post(newOrder, { identifiers }, ctx, 'create the ACME order');
    const url = answer.headers.get('location');
    if (!url) throw new SyncError('SINK_PARSE', 'ACME newOrder answered without a Location header');
    return { url, order: parse(orderSchema, answer.text, 'ACME order') };
  }

  async authorization(url: string, ctx: RunContext): Promise<AcmeAuthorization> {
    return parse(
      authorizationSchema,
      (await this.post(url, null, ctx, 'read the authorization')).text,
      'ACME authorization',
    );
  }

  /** Tell the CA the challenge is ready (§7.5.1: POST `{}`). */
  async respond(challengeUrl: string, ctx: RunContext): Promise<void> {
    await this.post(challengeUrl, {}, ctx, 'answer the challenge');
  }

  /** Poll an authorization until it is valid; throws with the CA's reason when invalid. */
  async waitForAuthorization(url: string, ctx: RunContext): Promise<void> {
    await this.poll(ctx, 'authorization', async () => {
      const authz = await this.authorization(url, ctx);
      if (authz.status === 'valid') return true;
      if (authz.status !== 'pending' && authz.status !== 'processing') {
        const failed = authz.challenges.find((c) => c.status === 'invalid') as
          (AcmeChallenge & { error?: unknown }) | undefined;
        throw new SyncError(
          'SINK_REJECTED',
          `ACME authorization for ${authz.identifier.value} is ${authz.status}${problemText(failed?.error)}`,
        );
      }
      return false;
    });
  }

  /** Finalize with the CSR, wait for `valid`, download the chain (PEM, leaf first). */
  async finalize(orderUrl: string, order: AcmeOrder, csrDer: Buffer, ctx: RunContext): Promise<string> {
    await this.post(order.finalize, { csr: base64url(csrDer) }, ctx, 'finalize the order');
    let certificateUrl = '';
    await this.poll(ctx, 'order', async () => {
      const current = parse(
        orderSchema,
        (await this.post(orderUrl, null, ctx, 'read the order')).text,
        'ACME order',
      );
      if (current.status === 'valid' && current.certificate) {
        certificateUrl = current.certificate;
        return true;
      }
      if (current.status === 'invalid')
        throw new SyncError('SINK_REJECTED', `ACME order is invalid${problemText(current.error)}`);
      return false;
    });
    return (
      await this.post(
        certificateUrl,
        null,
        ctx,
        'download the certificate',
        false,
        'application/pem-certificate-chain',
      )
    ).text;
  }

  /** revokeCert (§7.6) signed with the account key; reason 5 = cessationOfOperation. */
  async revoke(certDer: Buffer, ctx: RunContext): Promise<void> {
    const { revokeCert } = await this.getDirectory(ctx);
    await this.post(
      revokeCert,
      { certificate: base64url(certDer), reason: 5 },
      ctx,
      'revoke the certificate',
    );
  }

  private async poll(ctx: RunContext, what: string, step: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + this.options.pollTimeoutMs;
    for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
      if (await step()) return;
      if (Date.now() + delay > deadline) {
        throw new SyncError(
          'SINK_UNREACHABLE',
          `ACME ${what} did not settle within ${this.options.pollTimeoutMs} ms`,
          { retryable: true },
        );
      }
      await sleep(delay, ctx.signal);
    }
  }

  private async freshNonce(ctx: RunContext): Promise<string> {
    if (this.nonce) {
      const nonce = this.nonce;
      this.nonce = null;
      return nonce;
    }
    const { newNonce } = await this.getDirectory(ctx);
    const res = await this.options.http(newNonce, { method: 'HEAD', signal: ctx.signal });
    const nonce = res.headers.get('replay-nonce');
    if (!nonce) throw new SyncError('SINK_PARSE', 'ACME newNonce answered without a Replay-Nonce header');
    return nonce;
  }

  private async post(
    url: string,
    payload: unknown,
    ctx: RunContext,
    what: string,
    useJwk = false,
    accept = 'application/json',
  ): Promise<Answer> {
    for (let attempt = 1; ; attempt += 1) {
      const identity = useJwk
        ? { jwk: publicJwk(this.options.accountKey) }
        : { kid: await this.account(ctx) };
      const header = { ...identity, nonce: await this.freshNonce(ctx), url };
      const body = JSON.stringify(signFlattened(header, payload, this.options.accountKey));
      const res = await this.options.http(url, {
        method: 'POST',
        headers: { 'content-type': 'application/jose+json', accept },
        body,
        signal: ctx.signal,
      });
      this.nonce = res.headers.get('replay-nonce');
      const answer = { status: res.status, headers: res.headers, text: await res.text() };
      if (res.ok) return answer;
      const problem = problemSchema.safeParse(safeJson(answer.text));
      const type = problem.success ? (problem.data.type ?? '') : '';
      if (type === 'urn:ietf:params:acme:error:badNonce' && attempt < 5) continue;
      const detail = problem.success
        ? `${type.replace('urn:ietf:params:acme:error:', '')}: ${problem.data.detail ?? ''}`
        : answer.text;
      throw httpError(`ACME: ${what}`, res.status, detail);
    }
  }
}

function parse<T>(schema: z.ZodType<T>, text: string, what: string): T {
  const result = schema.safeParse(safeJson(text));
  if (!result.success) throw new SyncError('SINK_PARSE', `${what}: unexpected answer from the CA`);
  return result.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function problemText(problem: unknown): string {
  const parsed = problemSchema.safeParse(problem);
  return parsed.success && parsed.data.detail ? `: ${parsed.data.detail}` : '';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new SyncError('SHUTTING_DOWN', 'ACME wait cancelled'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new SyncError('SHUTTING_DOWN', 'ACME wait cancelled'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
