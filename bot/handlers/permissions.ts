import { z } from 'zod';
import { isAppError } from '../../src/errors';
import type { Person } from '../../src/directory/model';
import type { PermissionDraft } from '../../src/permissions/model';
import type { Permissions } from '../../src/permissions/module';
import { decisionOutcomes } from '../../src/permissions/model';
import { idText } from '../../src/shared/input';
import {
  askingCard,
  decisionCard,
  permissionMenuCard,
  permissionRefusedCard,
  permissionVerbs,
  sentCard,
} from '../cards/permission-cards';
import type { AdaptiveCard } from '../cards/card';
import {
  normalisePhrase,
  phraseMatcher,
  type BotRoutes,
  type BotTurn,
  type TurnHandler,
  type VerbHandler,
} from '../router';

export interface PermissionBotDeps {
  readonly permissions: Permissions;
  /**
   * Recognises a request for permission in free text: the kind, or undefined. Messages it does not
   * take go to `otherwise` (incident reporting), and so does anything that may be about a child.
   */
  readonly recognise?: (text: string) => string | undefined;
  readonly otherwise?: TurnHandler;
}

const said = (...words: string[]) => {
  const set = new Set(words);
  return (text: string): boolean => set.has(normalisePhrase(text));
};
const isCancel = said('cancel', 'stop', 'quit', 'forget it', 'cancel it', 'cancel request');
const isBack = said('back', 'go back', 'previous', 'undo');
const isSend = said('send', 'send it', 'send request', 'submit', 'yes', 'confirm');
const isPermissionMenu = phraseMatcher(
  'permission',
  'permissions',
  'ask permission',
  'ask for permission',
  'request permission',
  'new request',
);
const isHelp = phraseMatcher('help', '?');

const notInDirectory =
  "I can't find you in the school's directory, so I can't take a request from you here yet. Please ask your IT manager.";
const unreadable = 'That button sent something I could not read.';
const noLongerInProgress =
  'That request is no longer in progress (it was sent or cancelled). Type "permission" to start a new one.';

const startData = z.object({ kind: z.string().max(40) });
const answerData = z.object({
  step: z.string().max(40),
  value: z.string().max(2_000).optional(),
  answer: z.string().max(2_000).optional(),
});
const requestData = z.object({ requestId: idText });
const decideData = requestData.extend({
  outcome: z.enum(decisionOutcomes),
  reason: z.string().max(1_000).optional(),
  conditions: z.string().max(1_000).optional(),
});

/** Asking permission in the chat, and the approver's card. */
export function permissionBotRoutes(deps: PermissionBotDeps): Partial<BotRoutes> {
  const { permissions } = deps;
  const tz = permissions.timeZone;

  const refusing = async (turn: BotTurn, run: () => Promise<void>): Promise<void> => {
    try {
      await run();
    } catch (error) {
      if (!isAppError(error) || error.status >= 500) throw error;
      await turn.sendCard(permissionRefusedCard(error.message));
    }
  };
  const withPerson = (turn: BotTurn, run: (person: Person) => Promise<void>): Promise<void> =>
    turn.person ? refusing(turn, () => run(turn.person!)) : turn.sendText(notInDirectory);
  const withDraft =
    (
      run: (
        turn: BotTurn,
        person: Person,
        draft: PermissionDraft,
        data: Record<string, unknown>,
      ) => Promise<void>,
    ) =>
    (turn: BotTurn, data: Record<string, unknown>) =>
      withPerson(turn, async (person) => {
        const draft = await permissions.asking.current(person);
        if (draft) await run(turn, person, draft, data);
        else await turn.sendText(noLongerInProgress);
      });

  const showMenu = (turn: BotTurn, intro?: string) =>
    withPerson(turn, async (person) => {
      const kinds = await permissions.kinds(person.tenantId);
      await turn.sendCard(permissionMenuCard({ kinds, ...(intro ? { intro } : {}) }));
    });

  const start = (turn: BotTurn, kind: string, fromText = false) =>
    withPerson(turn, async (person) =>
      turn.sendCard(askingCard(await permissions.asking.start(person, kind), { fromText })),
    );

  const send = async (turn: BotTurn, person: Person, draft: PermissionDraft) =>
    turn.sendCard(sentCard(await permissions.asking.submit(person, draft)));

  const cancel = async (turn: BotTurn, person: Person) => {
    await permissions.asking.cancel(person);
    await turn.sendText('Cancelled. Nothing was sent, and nothing of it was kept.');
  };

  /** While a request is being asked, what the person types is an answer (help and the menus aside). */
  const inProgress = async (turn: BotTurn): Promise<boolean> => {
    if (!turn.person || !turn.text || isHelp(turn.text) || isPermissionMenu(turn.text)) return false;
    const draft = await permissions.asking.current(turn.person);
    if (!draft) return false;
    const person = turn.person;
    await refusing(turn, async () => {
      if (isCancel(turn.text)) return cancel(turn, person);
      if (isBack(turn.text)) return turn.sendCard(askingCard(await permissions.asking.back(draft)));
      if (draft.step === 'confirm') {
        if (isSend(turn.text)) return send(turn, person, draft);
        return turn.sendCard(
          askingCard(
            await permissions.asking.prompt(
              draft,
              'Say "send" to send it, "back" to change an answer, or "cancel".',
            ),
          ),
        );
      }
      await turn.sendCard(askingCard(await permissions.asking.answer(draft, turn.text)));
    });
    return true;
  };

  const fromFreeText: TurnHandler = async (turn) => {
    const kind = turn.text ? deps.recognise?.(turn.text) : undefined;
    if (kind && turn.person) {
      const kinds = await permissions.kinds(turn.person.tenantId);
      if (kinds.some((k) => k.id === kind)) return start(turn, kind, true);
    }
    if (deps.otherwise) return deps.otherwise(turn);
    return showMenu(turn);
  };

  const startFromCard = (turn: BotTurn, data: Record<string, unknown>) => {
    const parsed = startData.safeParse(data);
    return parsed.success ? start(turn, parsed.data.kind) : showMenu(turn, `${unreadable} Choose below.`);
  };

  const answerFromCard = withDraft(async (turn, _person, draft, data) => {
    const parsed = answerData.safeParse(data);
    if (!parsed.success || parsed.data.step !== draft.step) {
      const problem = parsed.success
        ? 'That was an answer to an earlier question. Here is where we are now.'
        : `${unreadable} Here is where we are now.`;
      return turn.sendCard(askingCard(await permissions.asking.prompt(draft, problem)));
    }
    const value = parsed.data.value ?? parsed.data.answer ?? '';
    await turn.sendCard(askingCard(await permissions.asking.answer(draft, value)));
  });

  /** The approver's card, as it stands now, for whoever is looking at it. */
  const current = async (turn: BotTurn, requestId: string, problem?: string): Promise<AdaptiveCard> => {
    if (!turn.person) return permissionRefusedCard(notInDirectory);
    try {
      const state = await permissions.view(turn.person, requestId);
      return decisionCard(state.request, {
        timeZone: tz,
        approverIds: state.approverIds,
        ...(problem ? { problem } : {}),
      });
    } catch (error) {
      if (isAppError(error) && error.status < 500) return permissionRefusedCard(error.message);
      throw error;
    }
  };

  const refresh: VerbHandler = async (turn, data) => {
    const parsed = requestData.safeParse(data);
    return parsed.success
      ? current(turn, parsed.data.requestId)
      : permissionRefusedCard(`${unreadable} Open the register in Conduct's tab.`);
  };

  const decide: VerbHandler = async (turn, data) => {
    const parsed = decideData.safeParse(data);
    if (!parsed.success) {
      const request = requestData.safeParse(data);
      return request.success
        ? current(turn, request.data.requestId, `${unreadable} Nothing was decided; please try again.`)
        : permissionRefusedCard(`${unreadable} Nothing was decided.`);
    }
    if (!turn.person) return permissionRefusedCard(notInDirectory);
    const { requestId, outcome, reason, conditions } = parsed.data;
    try {
      const state = await permissions.decide(turn.person, requestId, {
        outcome,
        reason: reason ?? '',
        conditions,
      });
      return decisionCard(state.request, { timeZone: tz, approverIds: state.approverIds });
    } catch (error) {
      if (!isAppError(error) || error.status >= 500) throw error;
      return current(turn, requestId, error.message);
    }
  };

  return {
    commands: [
      {
        name: 'permission',
        description:
          'Ask permission for something the policies say needs it (or just tell me what you need).',
        matches: isPermissionMenu,
        handle: (turn) => showMenu(turn),
      },
    ],
    interceptors: [inProgress],
    fallback: fromFreeText,
    submits: {
      [permissionVerbs.menu]: (turn) => showMenu(turn),
      [permissionVerbs.start]: startFromCard,
      [permissionVerbs.answer]: answerFromCard,
      [permissionVerbs.back]: withDraft(async (turn, _p, draft) =>
        turn.sendCard(askingCard(await permissions.asking.back(draft))),
      ),
      [permissionVerbs.cancel]: withDraft((turn, person) => cancel(turn, person)),
      [permissionVerbs.send]: withDraft((turn, person, draft) => send(turn, person, draft)),
    },
    verbs: { [permissionVerbs.decide]: decide, [permissionVerbs.refresh]: refresh },
  };
}
