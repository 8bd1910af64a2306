// Regenerates the TypeScript types of every OpenAPI document in openapi/ into openapi/generated/.
// The output is committed; a test checks it is up to date.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';

const dir = new URL('../openapi/', import.meta.url);
const out = new URL('./generated/', dir);
mkdirSync(out, { recursive: true });
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()) {
  const ast = await openapiTS(new URL(file, dir));
  const name = file.replace(/\.yaml$/, '.ts');
  const header = `// Generated from openapi/${file} by \`npm run gen:api\`. Do not edit.\n\n`;
  writeFileSync(join(out.pathname, name), header + astToString(ast));
  console.log(`openapi/generated/${name}`);
}
