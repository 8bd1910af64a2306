import { z } from 'zod';
import { secretRefSchema } from '../../config/schema.js';
import { FORGE_TYPES } from '../../forges/forge.js';

/** A path inside the repository: relative, `/`-separated, no `..`. */
const repoPath = z
  .string()
  .min(1)
  .refine(
    (p) =>
      !p.startsWith('/') &&
      !p.includes('\\') &&
      p.split('/').every((part) => part !== '' && part !== '.' && part !== '..'),
    'expected a relative path inside the repository, e.g. ansible/inventory/netbox.yml',
  );

const noCredentialsInUrl = (url: string): boolean => {
  if (!/^https?:\/\//i.test(url)) return true;
  try {
    return new URL(url).password === '';
  } catch {
    return false;
  }
};

export const DEFAULT_FILES = {
  ansible: 'ansible/inventory/netbox.yml',
  terraform: 'terraform/netbox_vms.auto.tfvars.json',
} as const;

/** The git-inventory sink's own keys (DESIGN §5); shared keys are the core's. */
export const gitInventorySchema = z.strictObject({
  repo: z
    .strictObject({
      url: z.string().min(1).refine(noCredentialsInUrl, 'put the token in repo.token, not in the URL'),
      branch: z.string().min(1).default('main'),
      token: secretRefSchema.optional(),
      sshKeyFile: z.string().min(1).optional(),
    })
    .refine((r) => !(r.token && r.sshKeyFile), 'set repo.token (HTTPS) or repo.sshKeyFile (SSH), not both'),
  forge: z
    .strictObject({
      type: z.enum(FORGE_TYPES),
      url: z.url({ error: 'expected the forge URL, e.g. https://git.example.net' }),
      token: secretRefSchema,
      owner: z.string().min(1),
      name: z.string().min(1),
      /** Labels put on the pull request (created in the repository when missing). */
      labels: z.array(z.string().min(1)).default(['nbsync']),
    })
    .optional(),
  /** Where each file goes; `false` turns a file off. */
  files: z
    .strictObject({
      ansible: z.union([repoPath, z.literal(false)]).default(DEFAULT_FILES.ansible),
      terraform: z.union([repoPath, z.literal(false)]).default(DEFAULT_FILES.terraform),
    })
    .default(DEFAULT_FILES)
    .refine(
      (f) => f.ansible === false || f.ansible !== f.terraform,
      'files.ansible and files.terraform must differ',
    ),
  author: z.strictObject({ name: z.string().min(1), email: z.email() }),
  /** The local clone; default `<config dir>/data/git/<sink name>`. */
  workdir: z.string().min(1).optional(),
});

export type GitInventoryConfig = z.infer<typeof gitInventorySchema>;
