// Regenerates docs/configuration.md from the zod schemas (run after `npm run build`).
import { writeFileSync } from 'node:fs';
import { renderConfigReference } from '../dist/src/config/reference.js';
import { SINK_FACTORIES } from '../dist/src/sinks/registry.js';

writeFileSync(new URL('../docs/configuration.md', import.meta.url), renderConfigReference(SINK_FACTORIES));
console.log('docs/configuration.md');
