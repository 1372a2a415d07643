import { ActivityTypes, type Activity, type TurnContext } from 'botbuilder';
import { storeConversation } from '../src/directory/conversations';
import type { Types } from 'mongoose';
import type { Person } from '../src/directory/model';
import type { Logger } from '../src/logger';
import type { Models } from '../src/store/models';
import { isDuplicateKey } from '../src/store/duplicate-key';
import type { AdaptiveCard } from './cards/card';
import { activityTenant } from './guard';
import type { BotRoutes, BotTurn } from './router';

export interface DispatchDeps {
  models: Pick<Models, 'Person' | 'ProcessedActivity'>;
  /** "tenant|entra object id" → the person's id: saves a search by Entra id on every turn. */
  personIds: Map<string, Types.ObjectId>;
  routes: BotRoutes;
  logger: Logger;
  now: () => Date;
}

const adaptiveCardContentType = 'application/vnd.microsoft.card.adaptive';

/** Turns one activity into one handler call, per the route table. */
export async function dispatch(context: TurnContext, deps: DispatchDeps): Promise<void> {
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
  if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
    await answerAction(context, turn, deps);
    return;
  }
  if (activity.type !== 'message') return;
  if (!(await firstDelivery(deps, activity))) {
    deps.logger.info({ activityId: activity.id }, 'duplicate activity ignored');
    return;
  }
  const submitted = submittedVerb(activity);
  if (submitted) {
    const handler = deps.routes.submits[submitted.verb];
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

async function answerAction(context: TurnContext, turn: BotTurn, deps: DispatchDeps): Promise<void> {
  const value = (context.activity.value ?? {}) as { action?: { verb?: unknown; data?: unknown } };
  const verb = typeof value.action?.verb === 'string' ? value.action.verb : '';
  const data = isRecord(value.action?.data) ? value.action.data : {};
  const handler = deps.routes.verbs[verb];
  const card: AdaptiveCard | undefined = handler ? await handler(turn, data) : undefined;
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: {
      status: 200,
      body: card
        ? { statusCode: 200, type: adaptiveCardContentType, value: card }
        : {
            statusCode: 400,
            type: 'application/vnd.microsoft.error',
            value: { code: 'BadRequest', message: 'This card action is not known to Conduct.' },
          },
    },
  });
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
    const person = await deps.models.Person.findById(known).lean<Person>();
    return person?.active ? person : undefined;
  }
  const person = await deps.models.Person.findOne({ tenantId, entraObjectId: objectId }).lean<Person>();
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

/** Teams may deliver an activity twice; the unique index on its id lets only the first through. */
async function firstDelivery(deps: DispatchDeps, activity: Activity): Promise<boolean> {
  if (!activity.id) return true;
  try {
    await deps.models.ProcessedActivity.create({
      _id: `${activity.conversation.id}|${activity.id}`,
      at: deps.now(),
    });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

function submittedVerb(activity: Activity): { verb: string; data: Record<string, unknown> } | undefined {
  if (!isRecord(activity.value) || typeof activity.value.verb !== 'string') return undefined;
  return { verb: activity.value.verb, data: activity.value };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
