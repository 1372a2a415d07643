import { z } from 'zod';

/**
 * What a person sends to sign, from the card (Action.Execute data) or the tab: one schema for both.
 * The bounds only keep payloads small; the real limits (200 characters) and the friendly messages
 * are `signPolicyVersion`'s, so both surfaces refuse the same way.
 */
export const signatureFields = {
  signedName: z.string().max(1_000).optional(),
  jobTitle: z.string().max(1_000).optional(),
  /** The card's toggle sends "true"/"false"; the tab sends a boolean. */
  accepted: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  /** The policies to read with this one that the signer read: the card's multi-select sends "id,id". */
  readWith: z.union([z.string().max(500), z.array(z.string().max(40)).max(10)]).optional(),
};

/** The tab's request body (nothing else may come with it). */
export const signatureInput = z.strictObject(signatureFields);
export type SignatureInput = z.infer<typeof signatureInput>;
