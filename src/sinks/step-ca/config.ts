import { z } from 'zod';
import { secretRefSchema } from '../../config/schema.js';
import { durationSchema } from '../cert-common/renewal.js';

/** The `step-ca` sink's own keys (DESIGN §5); shared keys are the core's. */
export const stepCaSchema = z.strictObject({
  /** CA base URL, e.g. `https://ca.int.example.net:9000` (without `/1.0`). */
  url: z.url({ error: 'expected the CA URL, e.g. https://ca.int.example.net:9000' }),
  /** The CA's root certificate (PEM). Give this or `rootFingerprint`. */
  caFile: z.string().min(1).optional(),
  /** Hex SHA-256 of the root (`step certificate fingerprint root_ca.crt`); bootstraps trust. */
  rootFingerprint: z
    .string()
    .regex(/^(?:[0-9a-fA-F]{2}[:\s-]?){32}$/, 'expected a SHA-256 fingerprint: 64 hex digits')
    .optional(),
  provisioner: z.strictObject({
    /** JWK provisioner name (the token's `iss`). */
    name: z.string().min(1),
    /** Its private key: encrypted JWK (JWE) as step stores it, or an unencrypted JWK / PEM. */
    keyFile: z.string().min(1),
    /** Password of the encrypted key; not needed for an unencrypted key. */
    password: secretRefSchema.optional(),
  }),
  store: z.strictObject({ dir: z.string().min(1) }),
  tag: z.string().min(1).default('tls'),
  /** Requested certificate lifetime; must lie within the provisioner's min/max (default 24h). */
  lifetime: durationSchema.default('24h'),
  /** Renew this long before expiry; default a third of each certificate's lifetime. */
  renewBefore: durationSchema.optional(),
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
});

export type StepCaConfig = z.infer<typeof stepCaSchema>;
