import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { AppError } from '../src/errors';

/**
 * The shape of an activity Conduct will hand to the Bot Framework SDK. The SDK assumes this
 * shape and fails with a 500 on anything else ({"serviceUrl":1}, `conversation: null`…), so
 * everything it or our dispatcher reads is checked here first; other fields pass through.
 */
const text = (max: number) => z.string().max(max);
const id = text(1_024).min(1);

const account = z.looseObject({
  id,
  name: text(1_024).optional(),
  aadObjectId: text(128).optional(),
  role: text(64).optional(),
});

/** Teams' own limit on a message is about 28 KB; the request body limit (1 MB) bounds the rest. */
export const maxMessageLength = 100_000;

const activitySchema = z.looseObject({
  type: text(64).min(1),
  id: id.optional(),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2_048),
  channelId: text(64).min(1),
  from: account,
  recipient: account,
  conversation: z.looseObject({
    id,
    conversationType: text(64).optional(),
    tenantId: text(128).optional(),
    isGroup: z.boolean().optional(),
    name: text(1_024).optional(),
  }),
  channelData: z
    .looseObject({
      tenant: z.looseObject({ id: text(128) }).optional(),
    })
    .optional(),
  text: text(1_048_576).optional(),
  textFormat: text(64).optional(),
  name: text(256).optional(),
  action: text(64).optional(),
  replyToId: id.optional(),
  locale: text(64).optional(),
  timestamp: text(64).optional(),
  localTimestamp: text(64).optional(),
  membersAdded: z.array(account).max(1_000).optional(),
  membersRemoved: z.array(account).max(1_000).optional(),
  attachments: z
    .array(z.looseObject({ contentType: text(256) }))
    .max(100)
    .optional(),
  entities: z
    .array(z.looseObject({ type: text(256) }))
    .max(100)
    .optional(),
  value: z.unknown().optional(),
});

/** Parses a request body into an activity, or refuses it (400) saying what is wrong, briefly. */
export function parseActivity(body: unknown): Activity {
  const parsed = activitySchema.safeParse(body);
  if (parsed.success) return parsed.data as unknown as Activity;
  const issues = parsed.error.issues.slice(0, 5);
  throw new AppError(
    'bad_request',
    'This is not an activity Conduct can read.',
    issues.map((issue) => ({
      path: issue.path.map(String).join('.') || 'body',
      message: issue.code === 'invalid_type' ? `expected ${issue.expected}` : 'is not valid',
    })),
  );
}
