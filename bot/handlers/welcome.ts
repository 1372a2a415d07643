import type { Models } from '../../src/store/models';
import { claimOnce, releaseOnce } from '../../src/store/processed-activity';
import { welcomeCard } from '../cards/welcome-card';
import { helpCard } from '../cards/help-card';
import { phraseMatcher, type BotCommand, type BotRoutes, type TurnHandler } from '../router';

const firstName = (displayName: string | undefined): string | undefined => displayName?.split(/\s+/)[0];

export const welcome: TurnHandler = async (turn) => {
  await turn.sendCard(
    welcomeCard({ firstName: firstName(turn.person?.displayName), known: turn.person !== undefined }),
  );
};

/**
 * Welcomes a person once. Teams says "installed" more than once for one person (an
 * installationUpdate and a conversationUpdate adding the bot, again on a reinstall, and the Agents
 * Playground on every page load), so the first welcome is claimed under a unique id — the person's
 * Entra object id, or the chat's id for someone without one — and later events are let pass.
 * If the card cannot be sent, the claim is given back so the next event tries again.
 */
export function welcomeOnce(models: Pick<Models, 'ProcessedActivity'>, now: () => Date): TurnHandler {
  return async (turn) => {
    const who = turn.activity.from?.aadObjectId ?? turn.activity.conversation?.id;
    if (!who) return welcome(turn);
    const _id = `welcome|${turn.tenantId}|${who}`;
    if (!(await claimOnce(models.ProcessedActivity, _id, now()))) return;
    try {
      await welcome(turn);
    } catch (error) {
      await releaseOnce(models.ProcessedActivity, _id);
      throw error;
    }
  };
}

/** Help lists every command the bot has, so it is built from the final command list. */
export function helpRoutes(
  commands: () => readonly BotCommand[],
  welcomed: { models: Pick<Models, 'ProcessedActivity'>; now: () => Date },
): Partial<BotRoutes> {
  const help: BotCommand = {
    name: 'help',
    description: 'Show this list.',
    matches: phraseMatcher('help', 'hi', 'hello', 'menu', '?', 'what can you do'),
    handle: async (turn) => {
      await turn.sendCard(helpCard({ commands: commands() }));
    },
  };
  return { onInstalled: [welcomeOnce(welcomed.models, welcomed.now)], commands: [help] };
}
