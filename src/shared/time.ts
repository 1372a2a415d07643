// English only: the package's root loads every language it knows (about 270 modules), and every
// start of Conduct, every test file that loads the app, would load them all.
import * as chrono from 'chrono-node/en';
import { DateTime } from 'luxon';

// The one time module: every date shown, every calendar step and every free-text time a person
// types goes through here, in the school's time zone (Europe/London by default, so British Summer
// Time and its changes are Luxon's business, never a fixed offset). Free text is read by chrono-node
// (British day-first dates) and placed in the time zone by Luxon.

/** The moment now and the school's time zone: "14:30" means 14:30 there. */
export interface SchoolClock {
  readonly now: Date;
  readonly timeZone: string;
}

const zoned = (at: Date, timeZone: string): DateTime => DateTime.fromJSDate(at, { zone: timeZone });

// ---- Showing dates ---------------------------------------------------------------------------

const dayFormats = new Map<string, ((at: Date) => string) | null>();

/**
 * The calendar day of a moment in a time zone, as YYYY-MM-DD: from one Intl formatter per zone, the
 * same day as Luxon's, which zoned each date on its own (a summaries' rebuild asks for two days of
 * every standing, and Luxon's zoning was a tenth of its time). A zone Intl does not know goes to
 * Luxon as before.
 */
export function dayKey(at: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (format === undefined) {
    try {
      const intl = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      format = (date) => {
        const [day, month, year] = intl.format(date).split('/');
        return `${year}-${month}-${day}`;
      };
    } catch {
      format = null;
    }
    dayFormats.set(timeZone, format);
  }
  return format ? format(at) : zoned(at, timeZone).toISODate()!;
}

/** "14/03/2026 09:12" in the time zone: how a date and time reads in an English school. */
export const formatDateTime = (at: Date, timeZone: string): string =>
  zoned(at, timeZone).toFormat('dd/MM/yyyy HH:mm');

/**
 * formatDateTime for many dates in one time zone (a subject-access export prints about a thousand):
 * the same text from one Intl formatter, about twenty times faster than Luxon's per-date zoning.
 */
export function dateTimeFormatter(timeZone: string): (at: Date) => string {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return (at) => format.format(at).replace(',', '');
}

/** "14/03/2026" in the time zone. */
export const formatDay = (at: Date, timeZone: string): string => zoned(at, timeZone).toFormat('dd/MM/yyyy');

/** "14 March 2026" in the time zone. */
export const formatDate = (at: Date, timeZone: string): string =>
  zoned(at, timeZone).setLocale('en-GB').toFormat('d MMMM yyyy');

/** "Saturday 5 December 2026" in the time zone. */
export const formatLongDate = (at: Date, timeZone: string): string =>
  zoned(at, timeZone).setLocale('en-GB').toFormat('cccc d MMMM yyyy');

/** "Saturday 5 December 2026 at 15:00" in the time zone. */
export const formatLongDateTime = (at: Date, timeZone: string): string =>
  zoned(at, timeZone).setLocale('en-GB').toFormat("cccc d MMMM yyyy 'at' HH:mm");

/** Weekday ("Mon") and minutes after midnight of a moment in a time zone. */
export function wallClock(at: Date, timeZone: string): { weekday: string; minutes: number } {
  const local = zoned(at, timeZone).setLocale('en-GB');
  return { weekday: local.toFormat('ccc'), minutes: local.hour * 60 + local.minute };
}

// ---- Calendar arithmetic ---------------------------------------------------------------------

/**
 * The same wall-clock time `days` calendar days later (earlier if negative) in the time zone: across
 * a change of the clocks, 10:00 stays 10:00, so such a day is 23 or 25 hours long.
 */
export const addDays = (at: Date, days: number, timeZone: string): Date =>
  zoned(at, timeZone).plus({ days }).toJSDate();

/**
 * A due date `days` calendar days after a moment: the end of that day in the time zone (its last
 * millisecond). A due date is a day, not a time: "due 3 April" holds until midnight there, whatever
 * the clocks did in between, and is shown as that day on every page, card and export.
 */
export const dueDateAfter = (from: Date, days: number, timeZone: string): Date =>
  zoned(from, timeZone).plus({ days }).endOf('day').toJSDate();

/** The wall-clock time of `time` on the calendar day of `day`, in the time zone. */
export function sameTimeOn(day: Date, time: Date, timeZone: string): Date {
  const clock = zoned(time, timeZone);
  return zoned(day, timeZone)
    .set({ hour: clock.hour, minute: clock.minute, second: clock.second, millisecond: clock.millisecond })
    .toJSDate();
}

/** `hours` hours of elapsed time later: a deadline such as the ICO's 72 hours counts real hours. */
export const addHours = (at: Date, hours: number): Date => new Date(at.getTime() + hours * 3_600_000);

/**
 * From when a filter such as "reported within 24h / 7d" counts: hours are elapsed time, days are
 * calendar days in the time zone (7d at 10:00 reaches back to 10:00 a week ago, clock change or not).
 */
export function since(clock: SchoolClock, age: string): Date {
  const amount = Number(age.slice(0, -1));
  return age.endsWith('h') ? addHours(clock.now, -amount) : addDays(clock.now, -amount, clock.timeZone);
}

/** Every day from the first to the last, inclusive, as YYYY-MM-DD (calendar days, no time zone). */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = DateTime.fromISO(first, { zone: 'utc' }); ; day = day.plus({ days: 1 })) {
    const key = day.toISODate()!;
    if (!day.isValid || key > last) return days;
    days.push(key);
  }
}

/** The moment of a wall-clock time in a time zone; a time the clocks skip (01:30 on the spring change) moves on an hour. */
export function zonedTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): Date {
  return DateTime.fromObject({ year, month, day, hour, minute }, { zone: timeZone }).toJSDate();
}

// ---- Reading when something happened ---------------------------------------------------------

/** What a person's "when" reads as: a moment in the past, one in the future (said why), or nothing. */
export type ReadMoment =
  | { readonly kind: 'past'; readonly at: Date }
  | { readonly kind: 'future'; readonly at: Date }
  | { readonly kind: 'unreadable' };

/** A few minutes' grace, so a clock a little ahead on someone's device is not "the future". */
const futureGraceMs = 5 * 60_000;
/** Longer answers are not a time; reading stops here, so the work stays small whatever is sent. */
const maxWhenLength = 120;

/** Words that say "about" or "I think" around a time; chrono reads better without them. */
const hedges =
  /\b(about|around|roughly|approx(?:imately)?|circa|ish|i think|i guess|probably|maybe|possibly|sometime|some time|at some point|or so)\b|~/g;

/** School words for a time of day, as the clock time they usually mean. */
const schoolTimes: readonly [RegExp, string][] = [
  [/\b(first thing|before school|registration)\b/g, ' 08:30 '],
  [/\b(morning break|break ?time|at break|during break)\b/g, ' 10:30 '],
  [/\b(lunch ?time|at lunch|over lunch|during lunch)\b/g, ' 12:30 '],
  [/\b(after school|end of (the )?day|home time)\b/g, ' 15:30 '],
  [/\blast night\b/g, ' yesterday evening '],
];

/** A part of the day said without a time: when it begins, and the hour it is taken to mean. */
const partsOfDay: Record<string, { begins: number; hour: number }> = {
  'casualReference/morning': { begins: 0, hour: 9 },
  'casualReference/noon': { begins: 12, hour: 12 },
  'casualReference/afternoon': { begins: 12, hour: 14 },
  'casualReference/evening': { begins: 17, hour: 19 },
  'casualReference/night': { begins: 19, hour: 21 },
  'casualReference/midnight': { begins: 0, hour: 0 },
};

/** Words around a time that change nothing ("it was on monday at 3"). */
const fillers = new Set([
  'earlier',
  'at',
  'on',
  'in',
  'the',
  'it',
  'was',
  'that',
  'so',
  'ok',
  'er',
  'erm',
  'um',
  'yes',
  'and',
]);

const nowWords = new Set([
  'now',
  'just now',
  'right now',
  'just',
  'a moment ago',
  'moments ago',
  'just happened',
  'it just happened',
  'still happening',
  'happening now',
  'ongoing',
]);

/**
 * When something happened, as a person says it: "now", "today 10:15", "yesterday at 2pm", "3 hours
 * ago", "this morning", "last week", "at lunch", "monday", "21/11/2026 09:00" or an ISO date. Read as
 * the school's wall clock, whatever the season; a time with no am/pm from 1 to 6 is the afternoon (a
 * school's "at 3"); a weekday is the last one; a part of the day without a time takes its usual hour
 * (or now, if it is the part of today we are in). Something still to come is `future`, with the moment
 * it was read as, so the person can be told why it was not taken.
 */
export function readPastMoment(text: string, clock: SchoolClock): ReadMoment {
  const said = simplify(text);
  if (!said || said.length > maxWhenLength) return { kind: 'unreadable' };
  if (nowWords.has(said)) return { kind: 'past', at: clock.now };
  const read = readMoment(said, clock);
  if (!read) return { kind: 'unreadable' };
  const { at, ahead } = read;
  return ahead || at.getTime() > clock.now.getTime() + futureGraceMs
    ? { kind: 'future', at }
    : { kind: 'past', at };
}

function simplify(text: string): string {
  let said = text.toLowerCase().replace(/\s+/g, ' ').trim();
  if (said.length > maxWhenLength) return said;
  said = said.replace(hedges, ' ');
  for (const [words, time] of schoolTimes) said = said.replace(words, time);
  return (
    said
      // "8.15" and "2.30pm" are times; "21.11.2026" stays a date.
      .replace(/(?<![\d.])(\d{1,2})\.(\d{2})(?![\d.])/g, '$1:$2')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

const parser = chrono.GB;

/**
 * chrono's reading of the whole text, given the school's wall clock as if it were UTC. Words or
 * digits chrono did not use ("today 25:61", "the day after the trip") mean a time it could not read
 * in full: undefined, rather than keep half of it.
 */
function parseWhole(said: string, wallNow: Date, forwardDate: boolean): chrono.ParsedResult | undefined {
  const result = parser.parse(said, { instant: wallNow, timezone: 0 }, { forwardDate })[0];
  if (!result) return undefined;
  const rest = (said.slice(0, result.index) + ' ' + said.slice(result.index + result.text.length))
    .split(/[^a-z0-9]+/)
    .filter((word) => word && !fillers.has(word));
  return rest.length ? undefined : result;
}

/** The moment read; `ahead` when it was said as a time still to come ("in a few minutes"). */
function readMoment(said: string, clock: SchoolClock): { at: Date; ahead?: boolean } | undefined {
  const local = zoned(clock.now, clock.timeZone);
  // chrono is given the school's wall clock as if it were UTC, so its calendar is the school's;
  // the day and time it finds are then placed in the real time zone by Luxon.
  const wallNow = new Date(
    Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second),
  );
  const result = parseWhole(said, wallNow, false);
  if (!result) return undefined;
  const start = result.start;
  const tags = start.tags();
  if (tags.has('casualReference/now')) return { at: clock.now };
  // "3 hours ago": elapsed time back from now, even across a change of the clocks.
  if (tags.has('result/relativeDateAndTime')) {
    const offset = start.date().getTime() - wallNow.getTime();
    return { at: new Date(clock.now.getTime() + offset), ahead: offset > 0 };
  }
  // An ISO time with its own offset ("…T16:45Z") is already a moment.
  if (start.isCertain('timezoneOffset')) return { at: start.date() };

  let day = DateTime.fromObject(
    { year: start.get('year')!, month: start.get('month')!, day: start.get('day')! },
    { zone: clock.timeZone },
  );
  if (!day.isValid) return undefined;
  // "monday", "friday 3pm": the last such day, not the next (nor today, unless its time has passed).
  const onlyWeekday = start.isCertain('weekday') && !start.isCertain('day');
  if (onlyWeekday && day.startOf('day') > local.startOf('day')) day = day.minus({ weeks: 1 });

  const today = day.hasSame(local, 'day');
  const part = [...tags].map((tag) => partsOfDay[tag]).find(Boolean);
  let hour: number;
  let minute = 0;
  if (start.isCertain('hour')) {
    hour = start.get('hour')!;
    minute = start.get('minute') ?? 0;
    const saidHour = /\b0\d[:.]/.test(result.text);
    if (!start.isCertain('meridiem') && hour >= 1 && hour <= 6 && !saidHour) hour += 12;
  } else if (part) {
    // "this afternoon", said at 15:10: the afternoon so far, so now at the latest.
    if (today && !onlyWeekday && local.hour >= part.begins && local.hour < part.hour)
      return { at: clock.now };
    hour = part.hour;
  } else if (today && !onlyWeekday) {
    return { at: clock.now };
  } else {
    hour = 12;
  }
  let moment = day.set({ hour, minute });
  if (onlyWeekday && today && (moment > local || (!start.isCertain('hour') && !part)))
    moment = moment.minus({ weeks: 1 });
  return moment.isValid ? { at: moment.toJSDate() } : undefined;
}

// ---- Reading a day to come -------------------------------------------------------------------

/**
 * A calendar day as a person names one from today on: "today", "monday" (the next one), "next
 * friday", "end of march", "21/12/2026". YYYY-MM-DD in the school's calendar, or undefined when the
 * text is not (only) a day. A day already past is read as it is; the caller says what it allows.
 */
export function readDay(text: string, clock: SchoolClock): string | undefined {
  const said = text.toLowerCase().replace(/\s+/g, ' ').trim();
  if (!said || said.length > maxWhenLength) return undefined;
  const local = zoned(clock.now, clock.timeZone);
  const wallNoon = new Date(Date.UTC(local.year, local.month - 1, local.day, 12));
  const start = parseWhole(said, wallNoon, true)?.start;
  if (!start) return undefined;
  const day = DateTime.fromObject(
    { year: start.get('year')!, month: start.get('month')!, day: start.get('day')! },
    { zone: 'utc' },
  );
  return day.isValid ? day.toISODate() : undefined;
}

/** The first moment of a calendar day (YYYY-MM-DD) in the time zone. */
export const startOfDay = (day: string, timeZone: string): Date =>
  DateTime.fromISO(day, { zone: timeZone }).startOf('day').toJSDate();
