import type { Activity, TurnContext } from 'botbuilder';
import type { Person } from '../src/directory/model';
import type { AdaptiveCard } from './cards/card';

/** What a handler gets for one turn: the activity, who sent it, and how to answer. */
export interface BotTurn {
  readonly context: TurnContext;
  readonly activity: Activity;
  readonly tenantId: string;
  /** The sender as Conduct knows them; undefined when they are not in the school's directory. */
  readonly person: Person | undefined;
  /** The message text, trimmed, without an @mention of the bot. */
  readonly text: string;
  sendCard(card: AdaptiveCard): Promise<void>;
  sendText(text: string): Promise<void>;
}

export type TurnHandler = (turn: BotTurn) => Promise<void>;
/** Returns true when it took the message (e.g. an intake in progress), so nothing else runs. */
export type TurnInterceptor = (turn: BotTurn) => Promise<boolean>;
/** Handles an Action.Execute verb and returns the card that replaces the one acted on. */
export type VerbHandler = (turn: BotTurn, data: Record<string, unknown>) => Promise<AdaptiveCard>;

export interface BotCommand {
  /** Shown in help, e.g. "my policies". */
  readonly name: string;
  readonly description: string;
  matches(text: string): boolean;
  handle: TurnHandler;
}

/**
 * The bot's route table. Each capability contributes its commands, card verbs and hooks; the
 * dispatcher picks one handler per turn. Order for a message: interceptors, commands, fallback.
 */
export interface BotRoutes {
  /** Run when the bot is installed for a person or they open the chat for the first time. */
  readonly onInstalled: readonly TurnHandler[];
  readonly interceptors: readonly TurnInterceptor[];
  readonly commands: readonly BotCommand[];
  /** Action.Execute verbs (Universal Actions): the returned card updates in place. */
  readonly verbs: Readonly<Record<string, VerbHandler>>;
  /** Action.Submit payloads carrying `{ verb }` arrive as messages with a value. */
  readonly submits: Readonly<Record<string, (turn: BotTurn, data: Record<string, unknown>) => Promise<void>>>;
  /** A message no command matched. */
  readonly fallback: TurnHandler;
}

/** Joins the routes of several capabilities into one table; the first fallback given wins. */
export function combineRoutes(...parts: Partial<BotRoutes>[]): BotRoutes {
  const fallback = parts.find((part) => part.fallback)?.fallback;
  if (!fallback) throw new Error('the bot needs a fallback handler');
  return {
    onInstalled: parts.flatMap((part) => part.onInstalled ?? []),
    interceptors: parts.flatMap((part) => part.interceptors ?? []),
    commands: parts.flatMap((part) => part.commands ?? []),
    verbs: Object.assign({}, ...parts.map((part) => part.verbs ?? {})) as BotRoutes['verbs'],
    submits: Object.assign({}, ...parts.map((part) => part.submits ?? {})) as BotRoutes['submits'],
    fallback,
  };
}

/** Matches a command by whole phrases, forgiving case, punctuation and extra spaces. */
export function phraseMatcher(...phrases: string[]): (text: string) => boolean {
  const normalised = phrases.map(normalisePhrase);
  return (text) => normalised.includes(normalisePhrase(text));
}

export function normalisePhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
