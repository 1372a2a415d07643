import { createHash } from 'node:crypto';
import type { Activity, TurnContext } from 'botbuilder';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RawRequest, RawResponse, RawRoute } from '../src/http/server';
import { AppError, isAppError } from '../src/errors';
import type { Authenticated, ConductAdapter, LoadedAdapter } from './adapter';
import { assertTrustedActivity, activityTenant, type GuardOptions } from './guard';
import {
  actionError,
  answerInvoke,
  dispatch,
  isCardAction,
  pressedAction,
  type DispatchDeps,
} from './dispatch';
import { maxMessageLength, parseActivity } from './inbound';
import { redactSdkLine } from './sdk-console';
import type { TurnLedger } from '../src/store/turn-ledger';
import { slowDownCard, tooLongCard } from './cards/limits-card';
import { policyVerbs } from './cards/policy-card';

export interface EndpointOptions {
  adapter: ConductAdapter;
  /** No app id (NODE_ENV=development only): activities are accepted from this machine only. */
  localOnly: boolean;
  guard: GuardOptions;
  deps: DispatchDeps;
  ledger: TurnLedger;
  /** Bot turns per person. */
  limiter: RateLimiterAbstract;
}

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const retryAfterSeconds = 5;

/**
 * POST /api/messages, where Teams delivers activities. In order: the sender must be allowed to
 * reach an unauthenticated bot at all, the body must be an activity (400 otherwise, before the
 * SDK sees it), its serviceUrl and tenant trusted (403), its token valid (401); then the turn runs
 * under a lease (see runTurn). Nothing the SDK says reaches a response.
 */
export function botEndpoint(options: EndpointOptions): RawRoute {
  return {
    method: 'post',
    path: '/api/messages',
    access: 'public',
    handle: async (req, res, context) => {
      if (options.localOnly && !loopback.has(req.socket.remoteAddress ?? '')) {
        throw new AppError(
          'forbidden',
          'This bot runs without authentication (no MICROSOFT_APP_ID, development) and only takes activities from this machine.',
        );
      }
      const activity = parseActivity(req.body);
      assertTrustedActivity(activity, options.guard);
      const log = context.log.child({ component: 'bot', activityId: activity.id, type: activity.type });
      const adapter = await ours(options.adapter.load(), res, (error) =>
        log.error(
          { error: describeSafely(error) },
          'the Bot Framework SDK could not be loaded; the activity will run when Teams redelivers it',
        ),
      );
      const authenticated = await authenticate(adapter, activity, req);
      const result = await ours(
        adapter.run(authenticated, activity, (turnContext) => runTurn(turnContext, options)),
        res,
        (error) =>
          // The turn was given back, so Teams' redelivery runs it again.
          log.error(
            { error: describeSafely(error) },
            'bot turn failed; it will run again when Teams redelivers it',
          ),
      );
      res.send(result?.status ?? 200, result?.body);
    },
  };
}

/**
 * Awaits work of ours. A refusal (an AppError) goes out as it is; anything else is our failure, not
 * the sender's: it is logged and answered 503 with Retry-After, so that Teams delivers it again.
 */
async function ours<T>(work: Promise<T>, res: RawResponse, logFailure: (error: unknown) => void): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isAppError(error)) {
      if (error.code === 'unavailable') res.header('retry-after', String(retryAfterSeconds));
      throw error;
    }
    logFailure(error);
    res.header('retry-after', String(retryAfterSeconds));
    throw new AppError(
      'unavailable',
      'Conduct could not handle this activity just now; please deliver it again.',
    );
  }
}

async function authenticate(
  adapter: LoadedAdapter,
  activity: Activity,
  req: RawRequest,
): Promise<Authenticated> {
  try {
    const header = req.headers.authorization;
    return await adapter.authenticate(activity, typeof header === 'string' ? header : '');
  } catch {
    // Forged, expired, wrongly signed or missing: the SDK's reason stays out of the answer.
    throw new AppError('unauthenticated', 'The Bot Framework token is missing or not valid.');
  }
}

/**
 * One turn, at least once and with its effects exactly once: a message (or install) is leased by
 * its activity id, a card press by who pressed what on which card (a retried press may come with a
 * new activity id). The turn is marked done only after it succeeded; on failure it is given back
 * so Teams' redelivery runs it again. A second delivery of a finished turn does nothing (a card
 * press gets the same answer again); one that arrives while the first still runs gets 503 and
 * Retry-After. Handlers stay idempotent besides, for a turn that fails after part of its work.
 */
async function runTurn(context: TurnContext, options: EndpointOptions): Promise<void> {
  const { activity } = context;
  if (!(await withinLimit(context, options))) return;
  if (activity.type === 'message' && (activity.text?.length ?? 0) > maxMessageLength) {
    await context.sendActivity(cardActivity(tooLongCard(maxMessageLength)));
    return;
  }
  const key = turnKey(activity);
  if (!key) {
    await dispatch(context, options.deps);
    return;
  }
  const claim = await options.ledger.claim(key);
  if (claim.outcome === 'running') {
    throw new AppError('unavailable', 'This activity is being handled already; deliver it again shortly.');
  }
  if (claim.outcome === 'done') {
    options.deps.logger.info({ activityId: activity.id }, 'duplicate activity ignored');
    if (isCardAction(activity)) await answerInvoke(context, claim.response);
    return;
  }
  try {
    let response: unknown;
    try {
      response = await dispatch(context, options.deps);
    } catch (error) {
      if (!isAppError(error) || error.code === 'unavailable') throw error;
      // A refusal meant for the person (an AppError): they are told, and the turn is done.
      response = await tellRefusal(context, error);
    }
    await options.ledger.complete(key, claim.lease, response);
  } catch (error) {
    await options.ledger
      .release(key, claim.lease)
      .catch((releaseError: unknown) =>
        options.deps.logger.warn({ error: describeSafely(releaseError) }, 'bot turn not given back'),
      );
    throw error;
  }
}

async function tellRefusal(context: TurnContext, error: AppError): Promise<unknown> {
  if (isCardAction(context.activity)) {
    const body = actionError(error.status, 'BadRequest', error.message);
    await answerInvoke(context, body);
    return body;
  }
  if (context.activity.type === 'message') await context.sendActivity(error.message);
  return undefined;
}

/**
 * Verbs that only show the current state of things: each press must read it afresh (a stored
 * answer would be stale), and there is no effect to keep from happening twice.
 */
const readOnlyVerbs: ReadonlySet<string> = new Set([policyVerbs.refresh, policyVerbs.showCurrent]);

/** What identifies a turn for deduplication; undefined for turns that are not deduplicated. */
export function turnKey(activity: Activity): string | undefined {
  if (isCardAction(activity)) {
    const value = activity.value as { trigger?: unknown } | undefined;
    const { verb, data } = pressedAction(activity);
    // Universal Actions' automatic refresh repeats the same press each time the card is shown;
    // a refresh by hand is the same verb with trigger "manual".
    if (value?.trigger === 'automatic' || readOnlyVerbs.has(verb)) return undefined;
    const person = `${activityTenant(activity) ?? ''}|${activity.from.aadObjectId ?? activity.from.id}`;
    const pressed = createHash('sha256').update(stableJson({ verb, data })).digest('base64url');
    return `action|${person}|${activity.conversation.id}|${activity.replyToId ?? ''}|${pressed}`;
  }
  if (activity.type === 'invoke' || !activity.id) return undefined;
  return `${activity.conversation.id}|${activity.id}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A per-person limit on bot turns. The first turn over it is answered (a card for a message, the
 * card's error line for a press); later ones in the same window are dropped without an answer, so
 * a flood is not echoed back through Teams' own limits.
 */
async function withinLimit(context: TurnContext, options: EndpointOptions): Promise<boolean> {
  const { activity } = context;
  const person = `${activityTenant(activity) ?? ''}|${activity.from.aadObjectId ?? activity.from.id}`;
  try {
    await options.limiter.consume(person);
    return true;
  } catch (rejection) {
    if (rejection instanceof Error) throw rejection;
    const { consumedPoints, msBeforeNext } = rejection as { consumedPoints: number; msBeforeNext: number };
    const firstOver = consumedPoints === options.limiter.points + 1;
    const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
    options.deps.logger.warn({ activityId: activity.id }, 'bot turn over the per-person limit');
    if (isCardAction(activity)) {
      await answerInvoke(
        context,
        actionError(
          429,
          'TooManyRequests',
          `You are going a bit fast for me. Please try again in ${seconds} s.`,
        ),
      );
    } else if (activity.type === 'invoke') {
      await answerInvoke(context, undefined);
    } else if (firstOver && activity.type === 'message') {
      await context.sendActivity(cardActivity(slowDownCard(seconds)));
    }
    return false;
  }
}

const cardActivity = (card: object): Partial<Activity> => ({
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
});

/** An error as it may be logged: its type and code, and a first line without quoted values. */
export function describeSafely(error: unknown): { type: string; code?: unknown; message: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: '' };
  return {
    type: error.name,
    ...((error as { code?: unknown }).code === undefined ? {} : { code: (error as { code?: unknown }).code }),
    message: redactSdkLine([error.message]),
  };
}
