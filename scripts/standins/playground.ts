import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

/**
 * A client for the Microsoft 365 Agents Playground (@microsoft/m365agentsplayground 0.2.28): it
 * starts the Playground against a bot endpoint and drives it through the Playground's own internal
 * API, the one its web page uses — say something, press Action.Submit / Action.Execute buttons,
 * send custom activities — and collects what the bot says from the Playground's WebSocket.
 *
 * The Playground acts as Teams and as the Bot Connector: its serviceUrl (`serviceUrl` below) must
 * be trusted by the bot (BOT_TRUSTED_SERVICE_URLS) and its tenant be the bot's tenant
 * (MICROSOFT_APP_TENANT_ID). It knows one current user (the personal chat with the bot) and five
 * more users, who are the members of one group chat and one team.
 */
export interface Playground {
  /** e.g. http://localhost:41333 */
  readonly url: string;
  /** Where the bot sends replies and proactive messages: `${url}/_connector`. */
  readonly serviceUrl: string;
  readonly tenantId: string;
  /** The person chatting with the bot in the personal chat. */
  readonly currentUser: PlaygroundUser;
  /** The five other users: members of the group chat and of the team. */
  readonly users: readonly PlaygroundUser[];
  /** The current user's 1:1 chat with the bot. */
  readonly personalChatId: string;
  /** The one group chat: the other users and the bot. */
  readonly groupChatId: string;
  /** The team's General channel conversation id (the team id). */
  readonly teamId: string;
  /** Everything the bot has posted or updated so far, in order of arrival. */
  readonly messages: readonly PlaygroundMessage[];
  /** Says something as the current user in the personal chat (or as `from` in another conversation). */
  say(text: string, options?: SendOptions): Promise<{ messageId: string }>;
  /** Presses an Action.Submit button of the bot's message `replyToId` (the bot gets a message with a value). */
  submit(replyToId: string, value: Record<string, unknown>, options?: SendOptions): Promise<void>;
  /**
   * Presses an Action.Execute button of the bot's message `replyToId` and returns the body of the
   * bot's invoke response as the Playground passes it on: `{ type, value }` (value: the refreshed
   * card, or `{ code, message }` for type application/vnd.microsoft.error). The Playground also puts
   * a returned card in place of the one acted on.
   */
  invoke(
    replyToId: string,
    verb: string,
    data: Record<string, unknown>,
    options?: SendOptions,
  ): Promise<InvokeReply>;
  /**
   * Installs the bot for the current user: an installationUpdate "add" in the personal chat, or
   * with "botAdded" the conversationUpdate adding the bot, which the Playground's page also sends
   * each time it is loaded.
   */
  install(kind?: 'install' | 'botAdded'): Promise<void>;
  /**
   * Connects to the Playground's message stream, as its web page does when it is opened. The
   * Playground keeps what the bot sends while nobody is connected and hands it to the first
   * connection; once connected, `messages` collects what arrives.
   */
  watch(): Promise<void>;
  /** Sends any activity to the bot, on top of the Playground's template for the conversation. */
  sendCustomActivity(activity: Record<string, unknown>, conversationId?: string): Promise<void>;
  /**
   * Resolves with the first message (already received, or arriving within the timeout) that matches.
   * `after` skips messages received before that index of `messages`.
   */
  waitForMessage(
    predicate: (message: PlaygroundMessage) => boolean,
    options?: { timeoutMs?: number; after?: number },
  ): Promise<PlaygroundMessage>;
  stop(): Promise<void>;
}

export interface PlaygroundUser {
  /** The channel account id, e.g. "user-id-0". */
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
}

/** One thing the bot said, as the Playground shows it. */
export interface PlaygroundMessage {
  readonly action: 'createMessage' | 'updateMessage';
  readonly conversationId: string;
  readonly messageId: string;
  readonly text: string | undefined;
  /** Adaptive Card contents (and any other attachment contents), in order. */
  readonly cards: readonly Record<string, unknown>[];
  readonly raw: Record<string, unknown>;
}

export interface SendOptions {
  /** Default: the personal chat. */
  conversationId?: string;
  /** A user id such as "user-id-1"; default: the current user. */
  from?: string;
}

export interface InvokeReply {
  statusCode?: number;
  type?: string;
  value?: unknown;
}

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages */
  botEndpoint: string;
  /** Default: a random GUID. */
  tenantId?: string;
  /** Default: Alex Wilber with a random object id. */
  currentUser?: { name: string; aadObjectId: string };
  /** Up to five other users (the Playground needs exactly five; the rest are made up). */
  users?: readonly { name: string; aadObjectId: string }[];
  /** Port to listen on; 0 (default) lets the Playground pick a free one. */
  port?: number;
  /**
   * Connect to the message stream at once (default true). `npm run dev` does not, so the
   * Playground keeps the bot's first messages for the browser page instead of handing them to us.
   */
  watch?: boolean;
  startTimeoutMs?: number;
}

const cliPath = path.join(process.cwd(), 'node_modules/@microsoft/m365agentsplayground/cli.js');

/** Starts the Playground and connects to its message stream. */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const workDir = await mkdtemp(path.join(tmpdir(), 'conduct-playground-'));
  const config = playgroundConfig(options);
  const configPath = path.join(workDir, '.m365agentsplayground.yml');
  // JSON is YAML: the Playground parses this file with a YAML parser and checks it against its schema.
  await writeFile(configPath, JSON.stringify(config, null, 2));
  const child = spawn(
    process.execPath,
    [
      cliPath,
      '-e',
      options.botEndpoint,
      '-c',
      'msteams',
      '-p',
      String(options.port ?? 0),
      '--disable-telemetry',
    ],
    {
      cwd: workDir,
      env: {
        ...process.env,
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
        M365_AGENTS_PLAYGROUND_LOGFILE: path.join(workDir, 'playground.log'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  try {
    const port = await listeningPort(child, options.startTimeoutMs ?? 30_000);
    const url = `http://localhost:${port}`;
    await waitForPing(url, options.startTimeoutMs ?? 30_000);
    const messages: PlaygroundMessage[] = [];
    const playground = makePlayground({ url, config, child, messages, workDir });
    if (options.watch ?? true) await playground.watch();
    return playground;
  } catch (error) {
    child.kill('SIGKILL');
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}

/** A TCP port that was free a moment ago (for a bot endpoint the Playground must know before the bot starts). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no free port');
  return address.port;
}

/** The Adaptive Card actions of a message, flattened (top-level actions and action sets in the body). */
export function cardActions(message: PlaygroundMessage): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (typeof record.type === 'string' && record.type.startsWith('Action.')) found.push(record);
    Object.values(record).forEach(visit);
  };
  message.cards.forEach(visit);
  return found;
}

/** Everything a message shows as text (its text and every string in its cards), for assertions. */
export const messageText = (message: PlaygroundMessage): string =>
  [message.text ?? '', JSON.stringify(message.cards)].join('\n');

interface PlaygroundConfigFile {
  version: '0.1.1';
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: ConfigUser;
  users: ConfigUser[];
  personalChat: { id: string };
  groupChat: { id: string; name: string };
  team: { id: string; name: string; aadGroupId: string; channels: { id: string; name: string }[] };
}

interface ConfigUser {
  id: string;
  name: string;
  userPrincipleName: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

const stockNames = ['Megan Bowen', 'Adele Vance', 'Isaiah Langer', 'Patti Fernandez', 'Lynne Robbins'];

function playgroundConfig(options: PlaygroundOptions): PlaygroundConfigFile {
  const others = options.users ?? [];
  if (others.length > 5) throw new Error('the Playground has exactly five users besides the current one');
  const filled = [
    ...others,
    ...stockNames.slice(others.length).map((name) => ({ name, aadObjectId: randomUUID() })),
  ];
  const current = options.currentUser ?? { name: 'Alex Wilber', aadObjectId: randomUUID() };
  return {
    version: '0.1.1',
    tenantId: options.tenantId ?? randomUUID(),
    bot: { id: `28:${randomUUID()}`, name: 'Conduct' },
    currentUser: configUser('user-id-0', current),
    users: filled.map((user, index) => configUser(`user-id-${index + 1}`, user)),
    personalChat: { id: `a:1${randomUUID().replace(/-/g, '')}` },
    groupChat: { id: `19:${randomUUID().replace(/-/g, '')}@thread.v2`, name: 'Group Chat' },
    team: {
      id: `19:${randomUUID().replace(/-/g, '')}@thread.tacv2`,
      name: 'Staff',
      aadGroupId: randomUUID(),
      channels: [{ id: `19:${randomUUID().replace(/-/g, '')}@thread.tacv2`, name: 'Incidents' }],
    },
  };
}

function configUser(id: string, user: { name: string; aadObjectId: string }): ConfigUser {
  const [givenName = user.name, ...rest] = user.name.split(/\s+/);
  const handle = user.name.toLowerCase().replace(/[^a-z0-9]+/g, '.');
  return {
    id,
    name: user.name,
    userPrincipleName: `${handle}@school.test`,
    aadObjectId: user.aadObjectId,
    givenName,
    surname: rest.join(' ') || givenName,
    email: `${handle}@school.test`,
  };
}

/** The Playground prints "Listening on N"; with a busy port it silently picks another, so read it. */
function listeningPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      reject(new Error(`the Playground did not start within ${timeoutMs} ms:\n${output.slice(-2_000)}`));
    }, timeoutMs);
    const read = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const port = /Listening on (\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        child.stdout?.off('data', read);
        child.stderr?.off('data', read);
        // Keep draining its output so it never blocks on a full pipe.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(Number(port));
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Playground exited (${code}) before listening:\n${output.slice(-2_000)}`));
    });
  });
}

async function waitForPing(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${url}/_debug/ping`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('the Playground does not answer /_debug/ping');
    await sleep(100);
  }
}

function openStream(url: string, messages: PlaygroundMessage[]): Promise<WebSocket> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/_ws_conversation/v1/conversations/stream`);
  socket.on('message', (data: WebSocket.RawData) => {
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(new Uint8Array(data));
    const message = parseStreamMessage(bytes.toString('utf8'));
    if (message) messages.push(message);
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function parseStreamMessage(text: string): PlaygroundMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const event = parsed as { action?: unknown; actionConversationId?: unknown; message?: unknown };
  if (event.action !== 'createMessage' && event.action !== 'updateMessage') return undefined;
  const body = (event.message ?? {}) as Record<string, unknown>;
  const attachments = Array.isArray(body.attachments) ? (body.attachments as { content?: unknown }[]) : [];
  return {
    action: event.action,
    conversationId: textOf(event.actionConversationId),
    messageId: textOf(body.messageId),
    text: typeof body.text === 'string' ? body.text : undefined,
    cards: attachments
      .map((attachment) => attachment.content)
      .filter(
        (content): content is Record<string, unknown> => typeof content === 'object' && content !== null,
      ),
    raw: body,
  };
}

interface Parts {
  url: string;
  config: PlaygroundConfigFile;
  child: ChildProcess;
  messages: PlaygroundMessage[];
  workDir: string;
}

function makePlayground({ url, config, child, messages, workDir }: Parts): Playground {
  let socket: WebSocket | undefined;
  const user = (u: ConfigUser): PlaygroundUser => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId });
  const personalChatId = config.personalChat.id;
  const post = async (pathname: string, body: unknown): Promise<unknown> => {
    const response = await fetch(`${url}${pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`Playground ${pathname} answered ${response.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  const route = (options: SendOptions = {}) => ({
    conversation: { id: options.conversationId ?? personalChatId },
    from: { id: options.from ?? config.currentUser.id },
  });
  const template = async (conversationId: string, type?: string): Promise<Record<string, unknown>> => {
    const query = new URLSearchParams({ conversationId, ...(type ? { type } : {}) });
    const response = await fetch(`${url}/_internal/v1/customActivities/template?${query.toString()}`);
    if (!response.ok) throw new Error(`Playground template answered ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  };
  return {
    url,
    serviceUrl: `${url}/_connector/`,
    tenantId: config.tenantId,
    currentUser: user(config.currentUser),
    users: config.users.map(user),
    personalChatId,
    groupChatId: config.groupChat.id,
    teamId: config.team.id,
    messages,
    say: async (text, options = {}) => {
      const { conversation, from } = route(options);
      const reply = (await post(
        `/_conversation/v1/conversations/${encodeURIComponent(conversation.id)}/messages`,
        {
          from,
          text,
          textFormat: 'plain',
        },
      )) as { messageId?: unknown };
      return { messageId: textOf(reply.messageId) };
    },
    submit: async (replyToId, value, options = {}) => {
      await post('/_conversation/v1/submit', { ...route(options), replyToId, value });
    },
    invoke: async (replyToId, verb, data, options = {}) =>
      (await post('/_conversation/v1/invoke', {
        name: 'adaptiveCard/action',
        ...route(options),
        replyToId,
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      })) ?? {},
    install: async (kind = 'install') => {
      await post('/_internal/v1/customActivities', await template(personalChatId, kind));
    },
    watch: async () => {
      socket ??= await openStream(url, messages);
    },
    sendCustomActivity: async (activity, conversationId = personalChatId) => {
      await post('/_internal/v1/customActivities', { ...(await template(conversationId)), ...activity });
    },
    waitForMessage: async (predicate, options = {}) => {
      const deadline = Date.now() + (options.timeoutMs ?? 15_000);
      for (;;) {
        const found = messages.slice(options.after ?? 0).find(predicate);
        if (found) return found;
        if (Date.now() > deadline) {
          const seen = messages.map(
            (m) => `${m.conversationId}: ${(m.text ?? JSON.stringify(m.cards)).slice(0, 160)}`,
          );
          throw new Error(`no matching message from the bot; it said:\n${seen.join('\n')}`);
        }
        await sleep(25);
      }
    },
    stop: async () => {
      socket?.close();
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        // The fallback timer is cleared once the Playground exits: left running, it held the
        // process that stopped it (a jest worker) open for 5 s more.
        const fallback = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(fallback);
      }
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/** A string or number from a JSON body as text; anything else as empty. */
const textOf = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
