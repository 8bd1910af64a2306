import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SyncError } from '../model/errors.js';
import type { SecretRef } from '../sinks/sink.js';

/**
 * Resolves secret references. Values are read once, cached, and remembered so the logger can
 * scrub them from anything it prints. Error messages name the variable or file, never a value.
 */
export class SecretResolver {
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly baseDir: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The secret's value; `where` (a config path like `netbox.token`) goes into error messages. */
  resolve(ref: SecretRef, where = 'a secret'): string {
    const id = 'env' in ref ? `env:${ref.env}` : `file:${resolve(this.baseDir, ref.file)}`;
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached;
    const value = 'env' in ref ? this.fromEnv(ref.env, where) : this.fromFile(ref.file, where);
    this.cache.set(id, value);
    return value;
  }

  /** Every secret value resolved so far (for log scrubbing). */
  values(): string[] {
    return [...this.cache.values()].filter((v) => v.length >= 4);
  }

  private fromEnv(name: string, where: string): string {
    const value = this.env[name];
    if (value === undefined || value === '') {
      throw new SyncError('SECRET_UNRESOLVED', `${where}: environment variable ${name} is not set or empty`);
    }
    return value;
  }

  private fromFile(file: string, where: string): string {
    const path = resolve(this.baseDir, file);
    let value: string;
    try {
      value = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch {
      throw new SyncError('SECRET_UNRESOLVED', `${where}: cannot read secret file ${path}`);
    }
    if (value === '') throw new SyncError('SECRET_UNRESOLVED', `${where}: secret file ${path} is empty`);
    return value;
  }
}
