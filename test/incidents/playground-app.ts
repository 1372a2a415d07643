import { loadConfig } from '../../src/config';
import type { Role } from '../../src/directory/model';
import type { Models } from '../../src/store/models';
import { seedPerson } from '../support/conduct';
import { createLogger } from '../../src/logger';
import { startApp, type RunningApp } from '../../src/app';
import { testDatabaseUri, uniqueDatabaseName } from '../support/database';
import {
  freePort,
  messageText,
  startPlayground,
  type Playground,
  type PlaygroundMessage,
  type PlaygroundOptions,
} from '../../scripts/standins/playground';
import { startEntraStandIn, type EntraStandIn } from '../../scripts/standins/entra';
import { testTenantId } from '../../scripts/standins/teams';

export interface PlaygroundUnderTest {
  readonly playground: Playground;
  readonly app: RunningApp;
  /** Stops Conduct and starts it again on the same port and database (a restart of the app). */
  restartApp(): Promise<RunningApp>;
}

/**
 * Conduct (the real composition root) on a database of its own, with the Agents Playground as
 * Teams: the Playground's tenant is the bot's tenant and its connector is a trusted service.
 * `trustedServiceUrls` adds more (e.g. a local connector stand-in for other people's chats).
 */
export function useConductWithPlayground(
  options: Omit<PlaygroundOptions, 'botEndpoint' | 'tenantId'> & {
    env?: () => Record<string, string>;
    trustedServiceUrls?: () => string[];
  } = {},
): () => PlaygroundUnderTest {
  let running: { playground: Playground; app: RunningApp; start: () => Promise<RunningApp> } | undefined;
  let started: Playground | undefined;
  beforeAll(async () => {
    const port = await freePort();
    const playground = await startPlayground({
      ...options,
      botEndpoint: `http://127.0.0.1:${port}/api/messages`,
      tenantId: testTenantId,
    });
    started = playground;
    const databaseName = uniqueDatabaseName();
    const start = (): Promise<RunningApp> =>
      startApp(
        loadConfig(
          {
            NODE_ENV: 'development',
            HOST: '127.0.0.1',
            PORT: String(port),
            LOG_LEVEL: 'silent',
            MONGODB_URI: testDatabaseUri(),
            MONGODB_DB: databaseName,
            MICROSOFT_APP_TENANT_ID: playground.tenantId,
            BOT_TRUSTED_SERVICE_URLS: [playground.serviceUrl, ...(options.trustedServiceUrls?.() ?? [])].join(
              ',',
            ),
            // As in test/support/conduct.ts: jobs asked for now start at once; polling finds later ones.
            JOBS_POLL_INTERVAL_MS: '5000',
            DIRECTORY_SYNC_INTERVAL_MINUTES: '0',
            ...options.env?.(),
          },
          process.cwd(),
        ),
        createLogger('silent'),
      );
    running = { playground, app: await start(), start };
  });
  afterAll(async () => {
    await running?.app.stop();
    // Stopped even when the app failed to start, so no Playground process outlives the file.
    await started?.stop();
  });
  return () => {
    const current = running;
    if (!current) throw new Error('useConductWithPlayground() is only ready inside tests');
    return {
      playground: current.playground,
      app: current.app,
      restartApp: async () => {
        await current.app.stop();
        current.app = await current.start();
        return current.app;
      },
    };
  };
}

/** A member of staff holding the role, whose chat with Conduct is the Playground's group chat. */
export async function seedHolder(
  models: Models,
  playground: Playground,
  user: { name: string; aadObjectId: string },
  role: Role,
  schoolId: string,
): Promise<void> {
  const person = await seedPerson(models, { ...user, conversationId: playground.groupChatId }, { schoolId });
  await models.RoleAssignment.create({
    tenantId: testTenantId,
    personId: person._id,
    role,
    scopeKey: schoolId,
  });
  await models.Person.updateOne(
    { _id: person._id },
    {
      $set: {
        conversation: {
          id: playground.groupChatId,
          serviceUrl: playground.serviceUrl,
          tenantId: testTenantId,
          channelId: 'msteams',
          storedAt: new Date(),
        },
      },
    },
  );
}

type PlaygroundPerson = { name: string; aadObjectId: string };

/**
 * Seats the cast: the current user (a member of staff at a school, in the Playground's personal
 * chat) and each role holder at the same school (see seedHolder); then installs Conduct and waits
 * for its hello to the current user. Returns the school's id.
 */
export async function seatCast(
  { playground, app }: PlaygroundUnderTest,
  currentUser: PlaygroundPerson,
  holders: ReadonlyArray<readonly [PlaygroundPerson, Role]>,
): Promise<string> {
  const person = await seedPerson(app.models, { ...currentUser, conversationId: playground.personalChatId });
  const schoolId = person.memberships[0]!.schoolId.toString();
  for (const [user, role] of holders) await seedHolder(app.models, playground, user, role, schoolId);
  await playground.install();
  await playground.waitForMessage(
    inChat(playground.personalChatId, `Hello ${currentUser.name.split(' ')[0]}`),
  );
  return schoolId;
}

/** A message of the bot's in the chat that contains `text` (for `waitForMessage`). */
export const inChat =
  (chatId: string, text: string) =>
  (m: PlaygroundMessage): boolean =>
    m.conversationId === chatId && messageText(m).includes(text);

/** `tell(text, expected)`: says `text` as the current user and waits for the bot's answer containing `expected`. */
export const tellerFor =
  (playground: () => Playground) =>
  async (text: string, expected: string): Promise<PlaygroundMessage> => {
    const before = playground().messages.length;
    await playground().say(text);
    return playground().waitForMessage(inChat(playground().personalChatId, expected), { after: before });
  };

/**
 * `sendReport(expected)`: sends the report waiting at its check as the current user, and waits for the
 * bot's thanks containing `expected`. Returns the thanks, the reference, how many messages there were
 * before sending, and `toGroup(text)`: the first message since then in the group chat (the role
 * holders') that contains `text`.
 */
export const reportSenderFor = (playground: () => Playground) => {
  const tell = tellerFor(playground);
  return async (expected = 'Your report is in') => {
    const before = playground().messages.length;
    const thanks = await tell('send', expected);
    const reference = /INC-\d{4}-\d{4}/.exec(messageText(thanks))![0];
    const toGroup = (text: string): Promise<PlaygroundMessage> =>
      playground().waitForMessage(inChat(playground().groupChatId, text), { after: before });
    return { thanks, reference, before, toGroup };
  };
};

/** The Entra stand-in (signing people in to the REST API) for a test file: started first, stopped last. */
export function useEntraStandIn(): () => EntraStandIn {
  let entra: EntraStandIn | undefined;
  beforeAll(async () => {
    entra = await startEntraStandIn({ tenantId: testTenantId });
  });
  afterAll(() => entra?.stop());
  return () => {
    if (!entra) throw new Error('useEntraStandIn() is only ready inside tests');
    return entra;
  };
}
