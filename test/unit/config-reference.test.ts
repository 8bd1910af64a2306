import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigReference } from '../../src/config/reference.js';
import { SINK_FACTORIES } from '../../src/sinks/registry.js';

describe('docs/configuration.md', () => {
  it('is what the schemas generate (run `npm run gen:docs` after changing a schema)', () => {
    const committed = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');

    expect(committed).toBe(renderConfigReference(SINK_FACTORIES));
  });

  it('documents every sink type and the shared keys', () => {
    const text = renderConfigReference(SINK_FACTORIES);

    for (const factory of SINK_FACTORIES) expect(text).toContain(`## Sink type \`${factory.type}\``);
    expect(text).toContain('| `netbox.token` | secret ref | yes |');
    expect(text).toContain('| `sinks.<name>.mode` | "observe" \\| "propose" \\| "apply" |  | `"propose"` |');
  });
});
