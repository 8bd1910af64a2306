import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/model/errors.js';

describe('docs/errors.md', () => {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const documented = [...doc.matchAll(/^\| `([A-Z_]+)` +\|/gm)].map((m) => m[1]);

  it('documents every error code, and only those', () => {
    expect([...documented].sort()).toEqual([...ERROR_CODES].sort());
  });
});
