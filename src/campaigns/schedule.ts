import { dayKey } from '../shared/dates';

const dayMs = 86_400_000;
const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/**
 * When the next reminder is due: `reminderDays` after the card was sent (e.g. 3 and 7 days), then
 * on the due date, then weekly while overdue. `remindersSent` counts those already sent.
 */
export function nextReminderAt(
  sentAt: Date,
  dueAt: Date,
  remindersSent: number,
  reminderDays: readonly number[],
): Date {
  const planned = [...reminderDays]
    .sort((a, b) => a - b)
    .map((days) => new Date(sentAt.getTime() + days * dayMs))
    .filter((at) => at < dueAt);
  planned.push(dueAt);
  if (remindersSent < planned.length) return planned[remindersSent]!;
  return new Date(dueAt.getTime() + (remindersSent - planned.length + 1) * 7 * dayMs);
}

export interface ReminderWindow {
  days: readonly (typeof weekdays)[number][];
  /** Minutes after midnight. */
  from: number;
  to: number;
  timeZone: string;
}

/** Parses "Mon-Fri 08:00-17:00" (already checked by the configuration's pattern). */
export function parseWindow(text: string, timeZone: string): ReminderWindow {
  const match = /^(\w{3})-(\w{3}) (\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(text);
  if (!match) throw new Error(`not a reminder window: ${text}`);
  const [, first, last, fromH, fromM, toH, toM] = match;
  const start = weekdays.indexOf(first as (typeof weekdays)[number]);
  const end = weekdays.indexOf(last as (typeof weekdays)[number]);
  const days: (typeof weekdays)[number][] = [];
  for (let i = start; ; i = (i + 1) % 7) {
    days.push(weekdays[i]!);
    if (i === end) break;
  }
  return { days, from: Number(fromH) * 60 + Number(fromM), to: Number(toH) * 60 + Number(toM), timeZone };
}

/** True when the moment falls on a school day within school hours, in the school's time zone. */
export function withinWindow(at: Date, window: ReminderWindow): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: window.timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const minutes = Number(part('hour')) * 60 + Number(part('minute'));
  return (
    (window.days as readonly string[]).includes(part('weekday')) &&
    minutes >= window.from &&
    minutes < window.to
  );
}

/** The calendar day in the time zone, as YYYY-MM-DD. */
export const localDay = dayKey;
