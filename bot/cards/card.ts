import { formatDay, formatLongDate } from '../../src/shared/time';

// Until every card imports its text blocks from ./text.
export { attention, bullets, facts, good, heading, note, paragraph } from './text';

/** An Adaptive Card as JSON. Cards are built by pure functions and validated in tests. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  body: CardElement[];
  actions?: CardElement[];
  refresh?: { action: CardElement; userIds?: string[] };
  msteams?: { width?: 'Full' };
}

export type CardElement = Record<string, unknown> & { type: string };

export const card = (body: CardElement[], extra: Partial<AdaptiveCard> = {}): AdaptiveCard => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body,
  ...extra,
});

export const openUrl = (title: string, url: string): CardElement => ({ type: 'Action.OpenUrl', title, url });

export const execute = (
  title: string,
  verb: string,
  data: Record<string, unknown>,
  style?: string,
): CardElement => ({
  type: 'Action.Execute',
  title,
  verb,
  data,
  ...(style ? { style } : {}),
});

export const submit = (title: string, data: Record<string, unknown>): CardElement => ({
  type: 'Action.Submit',
  title,
  data,
});

/** Dates as people in a UK school read them: 21/11/2026, in the school's time zone. */
export const ukDate = formatDay;

/** A longer form for due dates, as written in the UK: Saturday 5 December 2026. */
export const ukLongDate = formatLongDate;
