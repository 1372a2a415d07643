import { addDays, sameTimeOn, wallClock } from '../shared/time';

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/**
 * When the next reminder is due: `reminderDays` after the card was sent (e.g. 3 and 7 days), then
 * on the due date, then weekly while overdue. `remindersSent` counts those already sent. Days are
 * calendar days in the school's time zone: a card sent at 10:00 is recalled at 10:00, clock change
 * or not, on the due date too (a due date ends at midnight, so its reminder keeps the time of day the
 * card went, and never falls after the due date itself).
 */
export function nextReminderAt(
  sentAt: Date,
  dueAt: Date,
  remindersSent: number,
  reminderDays: readonly number[],
  timeZone: string,
): Date {
  const onDueDate = new Date(Math.min(sameTimeOn(dueAt, sentAt, timeZone).getTime(), dueAt.getTime()));
  const planned = [...reminderDays]
    .sort((a, b) => a - b)
    .map((days) => addDays(sentAt, days, timeZone))
    .filter((at) => at < onDueDate);
  planned.push(onDueDate);
  if (remindersSent < planned.length) return planned[remindersSent]!;
  return addDays(onDueDate, (remindersSent - planned.length + 1) * 7, timeZone);
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
  const { weekday, minutes } = wallClock(at, window.timeZone);
  return (
    (window.days as readonly string[]).includes(weekday) && minutes >= window.from && minutes < window.to
  );
}
