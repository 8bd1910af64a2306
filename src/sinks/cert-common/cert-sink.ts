import { SyncError } from '../../model/errors.js';
import type { Inventory } from '../../model/inventory.js';
import { formatOwnerMark, type OwnerMark } from '../../model/owner.js';
import type { Change } from '../../model/plan.js';
import type { Desired, Resource, Snapshot } from '../../model/resource.js';
import type { ApplyResult, RunContext, Sink, SinkSettings } from '../sink.js';
import { certificateRequests, type CertificateSpec, type MappingOptions } from './mapping.js';
import { renewReason } from './renewal.js';
import { normalizeSans } from './sans.js';
import type { CertificateStore, StoredCertificate } from './store.js';
import { parseCertificate, splitPemChain } from './x509.js';

/** A new certificate from the CA: the `.crt` content (leaf first, then the chain) and its key. */
export interface IssuedCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

/** What a CA adapter (step-ca native API, ACME) does; the sink does the rest. */
export interface CertificateIssuer {
  /** A new key and certificate for `cn` with exactly `sans`. */
  issue(cn: string, sans: readonly string[], ctx: RunContext): Promise<IssuedCertificate>;
  /** Renew a valid certificate whose key is in the store (may simply issue anew). */
  renew(current: StoredCertificate, ctx: RunContext): Promise<IssuedCertificate>;
  /** Revoke at the CA. */
  revoke(current: StoredCertificate, ctx: RunContext): Promise<void>;
  /** Read-only reachability checks for `check-config`. */
  check(ctx: RunContext): Promise<readonly string[]>;
}

/** One certificate's expiry, for `nbsync_certificate_expiry_timestamp_seconds{name}`. */
export interface CertificateExpiry {
  readonly name: string;
  readonly notAfter: Date;
}

export interface CertificateSinkOptions {
  readonly name: string;
  readonly type: string;
  readonly settings: SinkSettings;
  readonly store: CertificateStore;
  readonly issuer: CertificateIssuer;
  readonly mapping: MappingOptions;
  /** Renewal window in ms; `null` = a third of each certificate's lifetime. */
  readonly renewBeforeMs: number | null;
  readonly now?: () => number;
}

/**
 * The sink shared by `step-ca` and `acme`: desired = tagged inventory objects, observed = the
 * certificate store, apply = issue (create), reissue (SANs changed, key lost), renew (window
 * reached) or revoke + remove (delete, always forced by the core).
 */
export class CertificateSink implements Sink {
  readonly manages = ['cert.certificate'] as const;
  readonly name: string;
  readonly type: string;
  readonly settings: SinkSettings;
  readonly store: CertificateStore;
  private readonly now: () => number;

  constructor(private readonly options: CertificateSinkOptions) {
    this.name = options.name;
    this.type = options.type;
    this.settings = options.settings;
    this.store = options.store;
    this.now = options.now ?? Date.now;
  }

  desired(inventory: Inventory): Desired {
    return certificateRequests(inventory, this.options.mapping);
  }

  async observe(_ctx: RunContext): Promise<Snapshot> {
    const stored = await this.store.list();
    return { resources: stored.map((cert) => this.toResource(cert)) };
  }

  async apply(change: Change, ctx: RunContext): Promise<ApplyResult> {
    if (change.op === 'delete') return this.remove(change.before.key, ctx);
    return this.ensure(change.after, change.op === 'update', ctx);
  }

  check(ctx: RunContext): Promise<readonly string[]> {
    return this.options.issuer.check(ctx);
  }

  /** Name and expiry of every certificate in the store (metrics hook). */
  async certificateExpiries(): Promise<CertificateExpiry[]> {
    const stored = await this.store.list();
    return stored.map((cert) => ({ name: cert.name, notAfter: cert.leaf.notAfter }));
  }

  private toResource(cert: StoredCertificate): Resource {
    const reason = cert.revoked
      ? 'revoked'
      : renewReason(cert.leaf, cert.keyState, this.now(), this.options.renewBeforeMs);
    const spec: CertificateSpec = { sans: cert.leaf.sans, renewDue: reason !== null };
    return {
      kind: 'cert.certificate',
      key: cert.name,
      spec,
      meta: {
        owner: cert.owner,
        extra: {
          serial: cert.leaf.serialHex,
          notAfter: cert.leaf.notAfter.toISOString(),
          issuer: cert.leaf.issuer,
          renewReason: reason,
        },
      },
    };
  }

  private async ensure(want: Resource, isUpdate: boolean, ctx: RunContext): Promise<ApplyResult> {
    const name = want.key;
    const mark: OwnerMark = { instance: this.settings.instance, ref: want.meta.source ?? '' };
    const current = await this.store.read(name);
    const wantedSans = normalizeSans((want.spec as CertificateSpec).sans);
    if (current) {
      const mine = current.owner?.instance === this.settings.instance;
      if (!mine && !(isUpdate && this.settings.adopt && current.owner === null)) {
        const why = current.owner
          ? `is owned by ${formatOwnerMark(current.owner)}`
          : 'exists without owner mark';
        throw new SyncError('SINK_REJECTED', `certificate ${name} ${why}; nbsync leaves it alone`);
      }
      const have = this.toResource(current).spec as CertificateSpec;
      const sameSans = sameList(have.sans, wantedSans);
      if (sameSans && !have.renewDue) {
        if (mine) return { outcome: 'noop' };
        await this.store.setOwner(name, mark);
        return { outcome: 'applied', note: `adopted ${name}` };
      }
      if (
        sameSans &&
        current.keyState === 'ok' &&
        !current.revoked &&
        current.leaf.notAfter.getTime() > this.now()
      ) {
        const renewed = await this.options.issuer.renew(current, ctx);
        await this.write(name, renewed, mark, wantedSans, ctx);
        return { outcome: 'applied', note: `renewed ${name}` };
      }
    }
    const issued = await this.options.issuer.issue(name, wantedSans, ctx);
    await this.write(name, issued, mark, wantedSans, ctx);
    return { outcome: 'applied', note: `${current ? 'reissued' : 'issued'} ${name}` };
  }

  private async write(
    name: string,
    issued: IssuedCertificate,
    mark: OwnerMark,
    wanted: readonly string[],
    ctx: RunContext,
  ): Promise<void> {
    const leaf = parseCertificate(splitPemChain(issued.certPem)[0] ?? '');
    if (!sameList(leaf.sans, wanted)) {
      ctx.log.warn(
        { sink: this.name, name, wanted, issued: leaf.sans },
        'CA issued other SANs than requested',
      );
    }
    try {
      await this.store.write(name, issued, mark);
    } catch (err) {
      if (err instanceof SyncError) throw err;
      throw new SyncError(
        'APPLY_FAILED',
        `cannot write certificate ${name} to ${this.store.dir}; check the directory`,
        { cause: err },
      );
    }
  }

  private async remove(name: string, ctx: RunContext): Promise<ApplyResult> {
    const current = await this.store.read(name);
    if (!current) return { outcome: 'noop' };
    if (current.owner?.instance !== this.settings.instance) {
      throw new SyncError(
        'SINK_REJECTED',
        `certificate ${name} is not owned by this instance; nbsync leaves it alone`,
      );
    }
    if (!current.revoked) {
      await this.options.issuer.revoke(current, ctx);
      await this.store.markRevoked(name);
    }
    await this.store.remove(name);
    return { outcome: 'applied', note: `revoked serial ${current.leaf.serialHex}` };
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** True for sinks that can report certificate expiries (the daemon's metrics). */
export function isCertificateSink(sink: Sink): sink is CertificateSink {
  return sink instanceof CertificateSink;
}
