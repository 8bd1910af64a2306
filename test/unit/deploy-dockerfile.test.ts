// The Dockerfile, parsed: a build stage that builds and prunes, a runtime stage as a non-root
// user with a health check on /healthz, pinned images, and a context that has what it copies.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}
interface Stage {
  readonly image: string;
  readonly name: string | undefined;
  readonly instructions: Instruction[];
}

const repo = new URL('../../', import.meta.url);
const dockerfile = readFileSync(new URL('Dockerfile', repo), 'utf8');
const dockerignore = readFileSync(new URL('.dockerignore', repo), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

/** Instructions with continuations joined and comments dropped, split into stages. */
function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line}`.trim());
    pending = '';
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const [image = '', as, name] = args.split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

const stages = parseDockerfile(dockerfile);
const runtime = stages.at(-1)!;
const all = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
const last = (stage: Stage, keyword: string) => all(stage, keyword).at(-1);

describe('Dockerfile', () => {
  it('has a build stage and a runtime stage on the same pinned Node 20 image', () => {
    const images = stages.map((s) => s.image);

    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    expect(new Set(images).size).toBe(1);
    expect(images[0]).toMatch(/^node:20\.\d+(\.\d+)?-bookworm-slim$/);
    expect(dockerfile).not.toMatch(/:latest\b/);
  });

  it('builds with npm ci, npm run build and prunes dev dependencies', () => {
    const runs = all(stages[0]!, 'RUN').join('\n');

    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm run build');
    expect(runs).toContain('npm prune --omit=dev');
  });

  it('runs as a non-root user', () => {
    const user = last(runtime, 'USER') ?? 'root';

    expect(user.split(':')[0]).not.toMatch(/^(root|0)$/);
  });

  it('checks /healthz with node (no curl), and stops with SIGTERM', () => {
    const healthcheck = last(runtime, 'HEALTHCHECK') ?? '';
    const env = all(runtime, 'ENV').join(' ');

    expect(healthcheck).toContain('CMD ["node", "-e"');
    expect(healthcheck).toContain('process.env.NBSYNC_HEALTHCHECK_URL');
    expect(env).toContain('NBSYNC_HEALTHCHECK_URL=http://127.0.0.1:8080/healthz');
    expect(healthcheck).not.toMatch(/curl|wget/);
    expect(last(runtime, 'STOPSIGNAL')).toBe('SIGTERM');
  });

  it('declares the volumes, entrypoint and default command', () => {
    const volume = JSON.parse(last(runtime, 'VOLUME') ?? '[]') as string[];
    const entrypoint = JSON.parse(last(runtime, 'ENTRYPOINT') ?? '[]') as string[];
    const cmd = JSON.parse(last(runtime, 'CMD') ?? '[]') as string[];

    expect(volume).toEqual(['/config', '/data']);
    expect(entrypoint).toEqual(['node', 'dist/src/cli/bin.js']);
    expect(cmd).toEqual(['serve', '--config', '/config/nbsync.yaml']);
  });

  it('sends the build everything tsconfig.build.json compiles, and no local state or secrets', () => {
    const build = JSON.parse(readFileSync(new URL('tsconfig.build.json', repo), 'utf8')) as {
      include: string[];
    };
    const ignored = (path: string) =>
      dockerignore.some((pattern) => path === pattern || path.startsWith(`${pattern}/`));
    const copies = all(stages[0]!, 'COPY');

    expect(copies).toContain('. .');
    expect([...build.include, 'test/helpers', 'openapi', 'package.json'].filter(ignored)).toEqual([]);
    expect(
      ['node_modules', 'dist', 'data', 'deploy/secrets', 'deploy/nbsync.yaml', '.git'].filter(ignored),
    ).toHaveLength(6);
  });

  it('keeps the runtime free of the build context: only build outputs are copied', () => {
    const copies = all(runtime, 'COPY');

    expect(copies.every((args) => args.startsWith('--from=build '))).toBe(true);
    expect(copies.map((args) => args.split(/\s+/)[1])).toEqual([
      '/src/package.json',
      '/src/node_modules',
      '/src/dist',
      '/src/openapi',
    ]);
  });
});
