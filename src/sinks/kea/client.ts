import { z } from 'zod';
import { createRetryingFetch, type FetchLike, type RetryingFetchOptions } from '../../lib/http.js';
import { SyncError } from '../../model/errors.js';

/** Kea's command results (ARM "Management API"): 0 success, 1 error, 2 unsupported, 3 empty. */
export const KEA_SUCCESS = 0;
export const KEA_ERROR = 1;
export const KEA_UNSUPPORTED = 2;
export const KEA_EMPTY = 3;

const answerSchema = z.looseObject({
  result: z.number().int(),
  text: z.string().optional(),
  arguments: z.unknown().optional(),
});

/** One daemon's answer to a command. */
export type KeaAnswer = z.infer<typeof answerSchema>;

export interface KeaClientOptions {
  /** The Control Agent's URL, e.g. `http://127.0.0.1:8000/`. */
  readonly url: string;
  readonly auth?: { readonly username: string; readonly password: string } | undefined;
  readonly fetch: FetchLike;
  /** The sink's name, for error messages. */
  readonly sink: string;
  readonly retry?: Pick<
    RetryingFetchOptions,
    'maxAttempts' | 'timeoutMs' | 'baseDelayMs' | 'sleep' | 'random'
  >;
}

/**
 * Client of the Kea Control Agent: every command is a JSON POST `{command, service: ["dhcp4"],
 * arguments}` to the agent's one URL, answered with HTTP 200 and an array holding one
 * `{result, text, arguments}` per service, even when the command failed. Results 0 and 3 are
 * returned; 1 becomes SINK_REJECTED with Kea's text (SINK_UNREACHABLE when the agent could not
 * reach kea-dhcp4), 2 SINK_REJECTED naming the missing hook library. Reads retry like safe
 * methods; writes (`write: true`) only when the agent did not process them (429/503).
 */
export class KeaClient {
  private readonly reads: FetchLike;
  private readonly writes: FetchLike;
  private readonly headers: Record<string, string>;
  /** "Kea at <origin>", for messages (never the credentials). */
  readonly where: string;

  constructor(private readonly options: KeaClientOptions) {
    const secrets = options.auth ? [options.auth.password] : [];
    const http: RetryingFetchOptions = {
      ...options.retry,
      service: 'Kea Control Agent',
      codes: { unreachable: 'SINK_UNREACHABLE', auth: 'SINK_AUTH', http: 'SINK_HTTP' },
      authHint: `check auth.username and auth.password of sink "${options.sink}" against the agent's authentication clients`,
      fetch: options.fetch,
      secrets,
    };
    this.reads = createRetryingFetch({ ...http, retryUnsafeMethods: true });
    this.writes = createRetryingFetch(http);
    this.headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (options.auth) {
      const basic = Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64');
      this.headers.Authorization = `Basic ${basic}`;
    }
    const url = new URL(options.url);
    this.where = `Kea at ${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  }

  /** A stable identity of the server, to serialise writes of every sink that talks to it. */
  get identity(): string {
    return new URL(this.options.url).href;
  }

  /**
   * Send one command to kea-dhcp4. Returns the answer when the result is 0 (success) or 3
   * (empty); throws SyncError otherwise.
   */
  async command(
    command: string,
    args: Readonly<Record<string, unknown>> | undefined,
    signal: AbortSignal,
    options: { write?: boolean } = {},
  ): Promise<KeaAnswer> {
    const body = JSON.stringify(
      args === undefined ? { command, service: ['dhcp4'] } : { command, service: ['dhcp4'], arguments: args },
    );
    const fetch = options.write ? this.writes : this.reads;
    let response: Response;
    let payload: unknown;
    try {
      response = await fetch(this.options.url, { method: 'POST', headers: this.headers, body, signal });
      payload = await response.json();
    } catch (err) {
      if (err instanceof SyncError) throw err;
      if (signal.aborted)
        throw new SyncError('SINK_UNREACHABLE', `${command} to ${this.where} was cancelled`, { cause: err });
      if (err instanceof SyntaxError) {
        throw new SyncError(
          'SINK_PARSE',
          `${this.where} answered ${command} with a body that is not JSON; is the url the Kea Control Agent?`,
          { cause: err },
        );
      }
      throw new SyncError(
        'SINK_UNREACHABLE',
        `${this.where} failed on ${command}: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    }
    const answer = answerSchema.safeParse(Array.isArray(payload) ? payload[0] : payload);
    if (!answer.success) {
      throw new SyncError(
        'SINK_PARSE',
        `${this.where} answered ${command} without a {result, text} answer; is the url the Kea Control Agent?`,
      );
    }
    return this.check(command, answer.data);
  }

  private check(command: string, answer: KeaAnswer): KeaAnswer {
    const text = answer.text ?? '';
    switch (answer.result) {
      case KEA_SUCCESS:
      case KEA_EMPTY:
        return answer;
      case KEA_UNSUPPORTED:
        throw new SyncError(
          'SINK_REJECTED',
          `${this.where} does not support ${command} (${text || 'unsupported'})` +
            (command.startsWith('lease4-') ? '; load the lease_cmds hook library in kea-dhcp4' : ''),
          { details: { keaResult: answer.result, keaText: text } },
        );
      default:
        if (/unable to forward|server is likely to be offline|connection refused/i.test(text)) {
          throw new SyncError(
            'SINK_UNREACHABLE',
            `${this.where} could not pass ${command} to kea-dhcp4: ${text}; check that kea-dhcp4 runs and that the ` +
              "agent's control-sockets.dhcp4 names its control socket",
            { retryable: true, details: { keaResult: answer.result, keaText: text } },
          );
        }
        throw new SyncError(
          'SINK_REJECTED',
          `${this.where} refused ${command}: ${text || `result ${answer.result}`}`,
          {
            details: { keaResult: answer.result, keaText: text },
          },
        );
    }
  }
}

/** Kea's own text when `err` is a refusal from kea-dhcp4, else `undefined`. */
export function keaText(err: unknown): string | undefined {
  if (!(err instanceof SyncError) || err.code !== 'SINK_REJECTED') return undefined;
  const text = err.details?.keaText;
  return typeof text === 'string' ? text : undefined;
}
