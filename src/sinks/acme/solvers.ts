import { createServer, type Server } from 'node:http';
import { SyncError } from '../../model/errors.js';
import type { RunContext, Sink } from '../sink.js';
import { isTxtRecordPublisher } from '../cert-common/challenge.js';
import type { AcmeClient, AcmeIdentifier } from './client.js';

/** Makes one ACME challenge answerable; the returned function takes it down again. */
export interface ChallengeSolver {
  readonly type: 'http-01' | 'dns-01';
  present(
    identifier: AcmeIdentifier,
    token: string,
    client: AcmeClient,
    ctx: RunContext,
  ): Promise<() => Promise<void>>;
  /** Configuration problems (for `check-config`). */
  check(): readonly string[];
}

const WELL_KNOWN = '/.well-known/acme-challenge/';

/**
 * http-01 (RFC 8555 §8.3): a small HTTP server on `listen`, up only while challenges are
 * pending, answering `/.well-known/acme-challenge/<token>` with the key authorization. The CA
 * must reach it on port 80 of every name (a port forward or reverse proxy in front).
 */
export class Http01Solver implements ChallengeSolver {
  readonly type = 'http-01';
  private readonly tokens = new Map<string, string>();
  private server: Server | null = null;
  private readonly host: string;
  private readonly port: number;

  constructor(listen: string) {
    const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(listen);
    this.host = match?.[1] ?? '127.0.0.1';
    this.port = Number(match?.[2] ?? 80);
  }

  async present(
    _identifier: AcmeIdentifier,
    token: string,
    client: AcmeClient,
    _ctx?: RunContext,
  ): Promise<() => Promise<void>> {
    this.tokens.set(token, client.keyAuthorization(token));
    await this.start();
    return async () => {
      this.tokens.delete(token);
      if (this.tokens.size === 0) await this.stop();
    };
  }

  check(): readonly string[] {
    return [];
  }

  private async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const answer = path.startsWith(WELL_KNOWN) ? this.tokens.get(path.slice(WELL_KNOWN.length)) : undefined;
      if (req.method !== 'GET' || answer === undefined) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(answer);
    });
    this.server = server;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.port, this.host, () => resolve());
      });
    } catch (err) {
      this.server = null;
      throw new SyncError(
        'APPLY_FAILED',
        `cannot listen on ${this.host}:${this.port} for http-01; check challenge.listen`,
        { cause: err },
      );
    }
  }

  private async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * dns-01 (RFC 8555 §8.4) through another configured sink: publish the TXT record
 * `_acme-challenge.<name>` with the sink named `dnsSink`, remove it afterwards. The sink is
 * looked up when needed (sinks are built in config order).
 */
export class Dns01Solver implements ChallengeSolver {
  readonly type = 'dns-01';

  constructor(
    private readonly dnsSink: string,
    private readonly sinkByName: (name: string) => Sink | undefined,
  ) {}

  async present(
    identifier: AcmeIdentifier,
    token: string,
    client: AcmeClient,
    ctx: RunContext,
  ): Promise<() => Promise<void>> {
    const sink = this.sinkByName(this.dnsSink);
    if (!isTxtRecordPublisher(sink)) throw new SyncError('CONFIG_INVALID', this.problem(sink));
    const name = `_acme-challenge.${identifier.value.replace(/^\*\./, '')}`;
    const value = client.dnsTxtValue(token);
    await sink.publishTxt(name, value, ctx);
    return () => sink.removeTxt(name, value, ctx);
  }

  check(): readonly string[] {
    const sink = this.sinkByName(this.dnsSink);
    return isTxtRecordPublisher(sink) ? [] : [this.problem(sink)];
  }

  private problem(sink: Sink | undefined): string {
    return sink === undefined
      ? `challenge.dnsSink: no sink named ${this.dnsSink}`
      : `challenge.dnsSink: sink ${this.dnsSink} (${sink.type}) cannot publish TXT records for dns-01`;
  }
}
