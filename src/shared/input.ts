import { Types } from 'mongoose';
import { z } from 'zod';
import { AppError } from '../errors';

/** A MongoDB id as it travels in a URL or a body. */
export const idText = z.string().regex(/^[0-9a-f]{24}$/i, 'must be an id of 24 hexadecimal characters');

/** A MongoDB id in text, read as an ObjectId (job payloads, card actions). */
export const objectId = idText.transform((id) => new Types.ObjectId(id));

/** An Entra object id (a GUID). */
export const entraIdText = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be an Entra id (a GUID)');

/** Parses request input; anything that does not fit becomes a 400 listing every problem. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  throw new AppError(
    'validation_failed',
    'Some of the details sent are not valid.',
    parsed.error.issues.map((issue) => ({
      path: issue.path.join('.') || '(request)',
      message: issue.message,
    })),
  );
}
