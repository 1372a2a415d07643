import { welcomeCard } from '../cards/welcome-card';
import { helpCard } from '../cards/help-card';
import { phraseMatcher, type BotCommand, type BotRoutes, type TurnHandler } from '../router';

const firstName = (displayName: string | undefined): string | undefined => displayName?.split(/\s+/)[0];

export const welcome: TurnHandler = async (turn) => {
  await turn.sendCard(
    welcomeCard({ firstName: firstName(turn.person?.displayName), known: turn.person !== undefined }),
  );
};

/** Help lists every command the bot has, so it is built from the final command list. */
export function helpRoutes(commands: () => readonly BotCommand[]): Partial<BotRoutes> {
  const help: BotCommand = {
    name: 'help',
    description: 'Show this list.',
    matches: phraseMatcher('help', 'hi', 'hello', 'menu', '?', 'what can you do'),
    handle: async (turn) => {
      await turn.sendCard(helpCard({ commands: commands() }));
    },
  };
  return { onInstalled: [welcome], commands: [help] };
}
