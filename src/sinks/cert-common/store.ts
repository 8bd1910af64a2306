import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { isValidDnsName } from '../../lib/dns-names.js';
import { SyncError } from '../../model/errors.js';
import { formatOwnerMark, parseOwnerMark, type OwnerMark } from '../../model/owner.js';
import { keyMatchesCertificate, parseCertificate, splitPemChain, type CertificateInfo } from './x509.js';

/** The index file in the store directory: which certificates nbsync owns (the owner marks). */
export const INDEX_FILE = 'nbsync-index.json';

const indexSchema = z.strictObject({
  version: z.literal(1),
  certificates: z.record(
    z.string(),
    z.strictObject({ owner: z.string(), revoked: z.boolean().default(false) }),
  ),
});
type Index = z.infer<typeof indexSchema>;

/** One certificate found in the store: `<name>.crt` (leaf + chain) and `<name>.key`. */
export interface StoredCertificate {
  readonly name: string;
  /** The whole `.crt` file: the leaf first, then the chain. */
  readonly certPem: string;
  readonly leaf: CertificateInfo;
  readonly keyPem: string | null;
  readonly keyState: 'ok' | 'missing' | 'mismatch';
  /** Owner mark from the index; `null` for certificates nbsync did not write. */
  readonly owner: OwnerMark | null;
  /** Revoked at the CA but not yet removed (a revoke + remove that stopped half-way). */
  readonly revoked: boolean;
}

/**
 * The certificate store: a directory of `<name>.crt` / `<name>.key` pairs plus an index file
 * holding the owner mark of each certificate nbsync wrote. Every file is written atomically
 * (temp file + rename); keys are created with mode 0600. The index is written before the files,
 * so a crash never leaves an unmarked certificate that nbsync made.
 */
export class CertificateStore {
  constructor(readonly dir: string) {}

  paths(name: string): { cert: string; key: string } {
    if (!isValidDnsName(name))
      throw new SyncError('SINK_REJECTED', `certificate name ${name} is not a valid host name`);
    return { cert: join(this.dir, `${name}.crt`), key: join(this.dir, `${name}.key`) };
  }

  /** Every certificate in the directory; a missing directory is an empty store. Fails closed. */
  async list(): Promise<StoredCertificate[]> {
    let files: string[];
    try {
      files = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw readError(this.dir, err);
    }
    const index = await this.readIndex();
    const names = files
      .filter((f) => f.endsWith('.crt'))
      .map((f) => f.slice(0, -4))
      .sort();
    const found: StoredCertificate[] = [];
    for (const name of names) {
      const cert = await this.load(name, index);
      if (cert) found.push(cert);
    }
    return found;
  }

  /** One certificate, or `null` when its `.crt` is absent. */
  async read(name: string): Promise<StoredCertificate | null> {
    return this.load(name, await this.readIndex());
  }

  /** Write key, chain and owner mark of a certificate, replacing what was there. */
  async write(name: string, files: { certPem: string; keyPem: string }, owner: OwnerMark): Promise<void> {
    const paths = this.paths(name);
    await mkdir(this.dir, { recursive: true });
    await this.updateIndex((index) => {
      index.certificates[name] = { owner: formatOwnerMark(owner), revoked: false };
    });
    await writeFileAtomic(paths.key, files.keyPem, 0o600);
    await writeFileAtomic(paths.cert, files.certPem, 0o644);
  }

  /** Record (or replace) the owner mark of an existing certificate (adoption). */
  async setOwner(name: string, owner: OwnerMark): Promise<void> {
    await this.updateIndex((index) => {
      index.certificates[name] = { owner: formatOwnerMark(owner), revoked: false };
    });
  }

  /** Remember that the CA revoked it, so a retried removal does not revoke twice. */
  async markRevoked(name: string): Promise<void> {
    await this.updateIndex((index) => {
      const entry = index.certificates[name];
      if (entry) entry.revoked = true;
    });
  }

  /** Remove the files and the index entry; absent files are fine. */
  async remove(name: string): Promise<void> {
    const paths = this.paths(name);
    await rm(paths.cert, { force: true });
    await rm(paths.key, { force: true });
    await this.updateIndex((index) => {
      delete index.certificates[name];
    });
  }

  private async load(name: string, index: Index): Promise<StoredCertificate | null> {
    const paths = this.paths(name);
    let certPem: string;
    try {
      certPem = await readFile(paths.cert, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw readError(paths.cert, err);
    }
    let leaf: CertificateInfo;
    try {
      leaf = parseCertificate(splitPemChain(certPem)[0] ?? '');
    } catch (err) {
      throw new SyncError('SINK_PARSE', `${paths.cert} is not a PEM certificate; fix or remove the file`, {
        cause: err,
      });
    }
    const keyPem = await readFile(paths.key, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw readError(paths.key, err);
    });
    const keyState = keyPem === null ? 'missing' : keyMatchesCertificate(keyPem, leaf) ? 'ok' : 'mismatch';
    const entry = index.certificates[name];
    return {
      name,
      certPem,
      leaf,
      keyPem,
      keyState,
      owner: parseOwnerMark(entry?.owner),
      revoked: entry?.revoked ?? false,
    };
  }

  private async readIndex(): Promise<Index> {
    const path = join(this.dir, INDEX_FILE);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, certificates: {} };
      throw readError(path, err);
    }
    try {
      return indexSchema.parse(JSON.parse(text));
    } catch (err) {
      throw new SyncError(
        'SINK_PARSE',
        `${path} is not a valid nbsync certificate index; restore or remove it`,
        { cause: err },
      );
    }
  }

  private async updateIndex(edit: (index: Index) => void): Promise<void> {
    const index = await this.readIndex();
    edit(index);
    const sorted = Object.fromEntries(
      Object.entries(index.certificates).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(
      join(this.dir, INDEX_FILE),
      `${JSON.stringify({ version: 1, certificates: sorted }, null, 2)}\n`,
      0o644,
    );
  }
}

function readError(path: string, err: unknown): SyncError {
  return new SyncError(
    'SINK_UNREACHABLE',
    `cannot read ${path}; check the store directory and its permissions`,
    {
      retryable: true,
      cause: err,
    },
  );
}

/** Write a file atomically: a temp file beside it with `mode`, flushed, then renamed over. */
export async function writeFileAtomic(path: string, content: string, mode: number): Promise<void> {
  const temp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.chmod(mode);
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
