import type { AnswerContext, ParsedAnswer } from './answer-shape';

/** A few minutes' grace, so a clock a little ahead on someone's device is not "the future". */
const futureGraceMs = 5 * 60_000;

const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * "now", "today 10:15", "yesterday at 2pm", "14:30", "monday 9am", "3 hours ago", "21/11/2026",
 * "21/11/2026 09:00" or an ISO date, read in the school's time zone; never in the future.
 */
export function parseWhen(text: string, context: AnswerContext): ParsedAnswer {
  const moment = readMoment(simplifyWhen(text), context);
  if (!moment) {
    return {
      ok: false,
      problem:
        'I could not read that as a date or time. Try "now", "today 10:15", "yesterday 14:30" or "21/11/2026 09:00".',
    };
  }
  if (moment.getTime() > context.now.getTime() + futureGraceMs) {
    return {
      ok: false,
      problem: 'That is in the future. When did it actually happen (or when did you notice)?',
    };
  }
  return { ok: true, value: moment.toISOString() };
}

const simplifyWhen = (text: string): string =>
  text
    .toLowerCase()
    .replace(/\b(at|on|about|around|approx|roughly|last|this)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function readMoment(text: string, context: AnswerContext): Date | undefined {
  if (/^(just now|right now|now|a moment ago|just)$/.test(text)) return context.now;
  const ago = /^(\d+|an?|one|two|few|a few) (minute|min|hour|hr|day)s? ago$/.exec(text);
  if (ago) return minus(context.now, agoAmount(ago[1]!), ago[2]!);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:t(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(z|[+-]\d{2}:?\d{2})?)?$/.exec(
    text,
  );
  if (iso?.[6]) return validDate(new Date(text.toUpperCase()));
  if (iso) {
    // Without an offset, an ISO time is the school's wall clock, like every other answer.
    const day = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]), weekday: 0 };
    return atLocal(day, iso[4] ? `${iso[4]}:${iso[5]}` : undefined, context, 12);
  }
  const today = localParts(context.now, context.timeZone);
  const [dayWord, ...rest] = text.split(' ');
  const timeText = rest.join(' ');
  if (dayWord === 'today' || dayWord === 'tonight' || dayWord === 'morning' || dayWord === 'afternoon') {
    return atLocal(today, timeText || undefined, context, dayWord === 'morning' ? 9 : undefined);
  }
  if (dayWord === 'yesterday') return atLocal(shiftDays(today, -1), timeText || undefined, context, 12);
  const weekday = weekdays.indexOf(dayWord ?? '');
  if (weekday >= 0) {
    const back = (today.weekday - weekday + 7) % 7 || 7;
    return atLocal(shiftDays(today, -back), timeText || undefined, context, 12);
  }
  const date = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?$/.exec(dayWord ?? '');
  if (date) {
    const year = date[3] ? (date[3].length === 2 ? 2000 + Number(date[3]) : Number(date[3])) : today.year;
    const day = { year, month: Number(date[2]), day: Number(date[1]), weekday: 0 };
    return atLocal(day, timeText || undefined, context, 12);
  }
  return atLocal(today, text, context);
}

function agoAmount(word: string): number {
  if (/^\d+$/.test(word)) return Number(word);
  return word === 'two' ? 2 : word.includes('few') ? 3 : 1;
}

function minus(now: Date, amount: number, unit: string): Date {
  const ms = unit.startsWith('min') ? 60_000 : unit.startsWith('h') ? 3_600_000 : 86_400_000;
  return new Date(now.getTime() - amount * ms);
}

interface LocalDay {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday. */
  weekday: number;
}

/**
 * The moment `time` ("14:30", "2pm", "9.15am") on `day` in the school's time zone. Without a time,
 * the day itself: now if it is today, otherwise `defaultHour` (midday unless given).
 */
function atLocal(
  day: LocalDay,
  time: string | undefined,
  context: AnswerContext,
  defaultHour?: number,
): Date | undefined {
  const clock = time === undefined ? undefined : readClock(time);
  if (time !== undefined && !clock) return undefined;
  if (!clock && defaultHour === undefined) return context.now;
  const { hour, minute } = clock ?? { hour: defaultHour!, minute: 0 };
  if (day.month < 1 || day.month > 12 || day.day < 1 || day.day > 31) return undefined;
  const moment = zonedTime(day.year, day.month, day.day, hour, minute, context.timeZone);
  // Reject 31/02 and the like, which Date would roll over into March.
  const check = localParts(moment, context.timeZone);
  return check.day === day.day && check.month === day.month ? moment : undefined;
}

function readClock(text: string): { hour: number; minute: number } | undefined {
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/.exec(text.trim());
  if (!match || (!match[2] && !match[3])) return undefined;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  if (match[3] === 'pm' && hour < 12) hour += 12;
  if (match[3] === 'am' && hour === 12) hour = 0;
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}

/** Calendar date and weekday of a moment in a time zone. */
export function localParts(moment: Date, timeZone: string): LocalDay & { hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    weekday: 'short',
    hourCycle: 'h23',
  }).formatToParts(moment);
  const value = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(value('year')),
    month: Number(value('month')),
    day: Number(value('day')),
    hour: Number(value('hour')),
    minute: Number(value('minute')),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(value('weekday')),
  };
}

/** The UTC moment of a wall-clock time in a time zone (British Summer Time included). */
export function zonedTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall;
  // Two passes settle the offset either side of a clock change.
  for (let pass = 0; pass < 2; pass += 1) {
    const seen = localParts(new Date(guess), timeZone);
    const seenWall = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute);
    guess += wall - seenWall;
  }
  return new Date(guess);
}

function shiftDays(day: LocalDay, by: number): LocalDay {
  const date = new Date(Date.UTC(day.year, day.month - 1, day.day + by));
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
  };
}

const validDate = (date: Date): Date | undefined => (Number.isNaN(date.getTime()) ? undefined : date);
