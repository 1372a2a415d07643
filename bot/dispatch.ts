import type { Activity, ActivityTypes, TurnContext } from 'botbuilder';
import { findPersonByEntraId, findPersonById, storeConversation } from '../src/directory';
import type { Types } from 'mongoose';
import type { Person } from '../src/directory/model';
import type { Logger } from '../src/logger';
import type { Models } from '../src/store/models';
import type { AdaptiveCard } from './cards/card';
import { activityTenant } from './guard';
import type { BotRoutes, BotTurn } from './router';

export interface DispatchDeps {
  models: Pick<Models, 'Person'>;
  /** "tenant|entra object id" → the person's id: saves a search by Entra id on every turn. */
  personIds: Map<string, Types.ObjectId>;
  routes: BotRoutes;
  logger: Logger;
  now: () => Date;
}

const adaptiveCardContentType = 'application/vnd.microsoft.card.adaptive';
/** The SDK's ActivityTypes.InvokeResponse, spelt out so that this module does not load the SDK. */
const invokeResponse: `${ActivityTypes.InvokeResponse}` = 'invokeResponse';

/** The body of an answer to an Action.Execute press (Universal Actions' response shape). */
export type ActionResponse =
  | { statusCode: 200; type: typeof adaptiveCardContentType; value: AdaptiveCard }
  | { statusCode: number; type: 'application/vnd.microsoft.error'; value: { code: string; message: string } };

export const isCardAction = (activity: Activity): boolean =>
  activity.type === 'invoke' && activity.name === 'adaptiveCard/action';

/** Universal Actions' error answer: Teams shows the message under the card and keeps the card. */
export const actionError = (statusCode: number, code: string, message: string): ActionResponse => ({
  statusCode,
  type: 'application/vnd.microsoft.error',
  value: { code, message },
});

/** Answers an invoke: the HTTP response Teams gets is this status and body. */
export async function answerInvoke(context: TurnContext, body: unknown): Promise<void> {
  await context.sendActivity({ type: invokeResponse, value: { status: 200, body } });
}

/**
 * Turns one activity into one handler call, per the route table. Returns the answer to a card
 * action (so a retried press can be given the same answer without running it again).
 *
 * Invokes other than `adaptiveCard/action` (message extensions, task modules, sign-in…) are not
 * features of Conduct: they are answered HTTP 200 with an empty body, which Teams takes as "handled,
 * nothing to show" — not 501 as the SDK would, which Teams reports to the person as a failure.
 */
export async function dispatch(
  context: TurnContext,
  deps: DispatchDeps,
): Promise<ActionResponse | undefined> {
  const { activity } = context;
  const tenantId = activityTenant(activity) ?? '';
  const person = await findSender(deps, tenantId, activity);
  if (person && activity.conversation?.conversationType === 'personal') {
    await rememberConversation(deps, person, activity);
  }
  const turn = makeTurn(context, tenantId, person);

  if (isInstall(activity)) {
    for (const handler of deps.routes.onInstalled) await handler(turn);
    return;
  }
  if (isCardAction(activity)) return answerAction(context, turn, deps);
  if (activity.type === 'invoke') {
    await answerInvoke(context, undefined);
    return;
  }
  if (activity.type !== 'message') return;
  const submitted = submittedVerb(activity);
  if (submitted) {
    const handler = Object.hasOwn(deps.routes.submits, submitted.verb)
      ? deps.routes.submits[submitted.verb]
      : undefined;
    if (handler) await handler(turn, submitted.data);
    return;
  }
  for (const intercept of deps.routes.interceptors) {
    if (await intercept(turn)) return;
  }
  const command = deps.routes.commands.find((candidate) => candidate.matches(turn.text));
  await (command ? command.handle(turn) : deps.routes.fallback(turn));
}

function makeTurn(context: TurnContext, tenantId: string, person: Person | undefined): BotTurn {
  const raw = context.activity.text ?? '';
  const withoutMention = raw.replace(/<at>[^<]*<\/at>/g, '');
  return {
    context,
    activity: context.activity,
    tenantId,
    person,
    text: withoutMention.trim(),
    sendCard: async (card) => {
      await context.sendActivity({ attachments: [{ contentType: adaptiveCardContentType, content: card }] });
    },
    sendText: async (text) => {
      await context.sendActivity(text);
    },
  };
}

/** The verb and data of an Action.Execute press. */
export function pressedAction(activity: Activity): { verb: string; data: Record<string, unknown> } {
  const value = isRecord(activity.value) ? activity.value : {};
  const action = isRecord(value.action) ? value.action : {};
  return {
    verb: typeof action.verb === 'string' ? action.verb : '',
    data: isRecord(action.data) ? action.data : {},
  };
}

async function answerAction(
  context: TurnContext,
  turn: BotTurn,
  deps: DispatchDeps,
): Promise<ActionResponse> {
  const { verb, data } = pressedAction(context.activity);
  const handler = Object.hasOwn(deps.routes.verbs, verb) ? deps.routes.verbs[verb] : undefined;
  const card: AdaptiveCard | undefined = handler ? await handler(turn, data) : undefined;
  const body: ActionResponse = card
    ? { statusCode: 200, type: adaptiveCardContentType, value: card }
    : actionError(400, 'BadRequest', 'This card action is not known to Conduct.');
  await answerInvoke(context, body);
  return body;
}

async function findSender(
  deps: DispatchDeps,
  tenantId: string,
  activity: Activity,
): Promise<Person | undefined> {
  const objectId = activity.from?.aadObjectId;
  if (!tenantId || !objectId) return undefined;
  const key = `${tenantId}|${objectId}`;
  const known = deps.personIds.get(key);
  if (known) {
    // The person is read afresh by id (the cheap lookup on every MongoDB), so a leaver is noticed at once.
    const person = await findPersonById(deps.models, known);
    return person?.active ? person : undefined;
  }
  const person = await findPersonByEntraId(deps.models, tenantId, objectId);
  if (!person) return undefined;
  rememberPersonId(deps.personIds, key, person._id);
  return person.active ? person : undefined;
}

const maxRememberedPeople = 50_000;

/** A person's id never changes for a tenant and Entra object id, so the mapping is safe to keep. */
function rememberPersonId(ids: Map<string, Types.ObjectId>, key: string, id: Types.ObjectId): void {
  if (ids.size >= maxRememberedPeople) ids.delete(ids.keys().next().value!);
  ids.set(key, id);
}

async function rememberConversation(deps: DispatchDeps, person: Person, activity: Activity): Promise<void> {
  if (person.conversation?.id === activity.conversation.id) return;
  await storeConversation(deps.models, person, {
    id: activity.conversation.id,
    serviceUrl: activity.serviceUrl,
    tenantId: person.tenantId,
    botId: activity.recipient?.id,
    channelId: 'msteams',
    storedAt: deps.now(),
  });
}

function isInstall(activity: Activity): boolean {
  if (activity.type === 'installationUpdate') return activity.action === 'add';
  if (activity.type !== 'conversationUpdate') return false;
  return (activity.membersAdded ?? []).some((member) => member.id === activity.recipient?.id);
}

function submittedVerb(activity: Activity): { verb: string; data: Record<string, unknown> } | undefined {
  if (!isRecord(activity.value) || typeof activity.value.verb !== 'string') return undefined;
  return { verb: activity.value.verb, data: activity.value };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
