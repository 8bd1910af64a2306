import { z } from 'zod';
import { durationSchema } from '../cert-common/renewal.js';

const listen = z
  .string()
  .regex(
    /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/,
    'expected host:port, e.g. "0.0.0.0:80" or "[::]:80"',
  );

/** The `acme` sink's own keys (DESIGN §5); shared keys are the core's. */
export const acmeSchema = z.strictObject({
  /** The CA's ACME directory, e.g. `https://ca.int.example.net/acme/acme/directory`. */
  directoryUrl: z.url({ error: 'expected the ACME directory URL' }),
  /** Account contact. */
  email: z.email({ error: 'expected an e-mail address for the ACME account' }),
  /** Trust this CA bundle (PEM) for the ACME server instead of the system store. */
  caFile: z.string().min(1).optional(),
  challenge: z.discriminatedUnion('type', [
    /** TXT `_acme-challenge.<name>` through the DNS sink named `dnsSink`; IP SANs are left out. */
    z.strictObject({ type: z.literal('dns-01'), dnsSink: z.string().min(1) }),
    /** An HTTP server on `listen` while challenges are pending; IP SANs allowed (RFC 8738). */
    z.strictObject({ type: z.literal('http-01'), listen }),
  ]),
  store: z.strictObject({ dir: z.string().min(1) }),
  tag: z.string().min(1).default('tls'),
  /** Renew this long before expiry; default a third of each certificate's lifetime. */
  renewBefore: durationSchema.optional(),
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
});

export type AcmeConfig = z.infer<typeof acmeSchema>;
