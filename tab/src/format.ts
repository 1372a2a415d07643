/**
 * Dates and numbers as an English school reads them. Every date the tab shows goes through here, in
 * the school's time zone (TIME_ZONE, which /api/me gives; set once at start), so a moment falls on the
 * same day on every page as on the cards and in the exports, whatever the viewer's computer says.
 * A calendar date sent as YYYY-MM-DD (a policy's review date, a day of a chart) is that day anywhere.
 */

let zone = 'Europe/London';
let formats = formatsFor(zone);

function formatsFor(timeZone: string) {
  const day = { day: 'numeric', month: 'short', year: 'numeric' } as const;
  const long = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' } as const;
  return {
    /** "2026-03-14": the calendar day of a moment, in the zone. */
    key: new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }),
    day: new Intl.DateTimeFormat('en-GB', { ...day, timeZone }),
    calendarDay: new Intl.DateTimeFormat('en-GB', { ...day, timeZone: 'UTC' }),
    longDay: new Intl.DateTimeFormat('en-GB', { ...long, timeZone }),
    longCalendarDay: new Intl.DateTimeFormat('en-GB', { ...long, timeZone: 'UTC' }),
    dayTime: new Intl.DateTimeFormat('en-GB', { ...day, hour: '2-digit', minute: '2-digit', timeZone }),
  };
}

/** Shows every date from now on in the school's time zone (an unknown zone leaves the last one). */
export function setSchoolTimeZone(timeZone: string): void {
  try {
    formats = formatsFor(timeZone);
    zone = timeZone;
  } catch {
    formats = formatsFor(zone);
  }
}

const calendarDate = /^\d{4}-\d{2}-\d{2}$/;
const asDate = (value: string | Date): Date => (typeof value === 'string' ? new Date(value) : value);
/** A YYYY-MM-DD calendar date as midday UTC, shown in UTC: the same day in every zone. */
const atMidday = (key: string): Date => new Date(`${key}T12:00:00Z`);

/** The calendar day of a moment in the school's time zone, as YYYY-MM-DD (a calendar date stays itself). */
export const schoolDayKey = (value: string | Date): string =>
  typeof value === 'string' && calendarDate.test(value) ? value : formats.key.format(asDate(value));

/** "14 Mar 2026" */
export const formatDay = (value: string | Date): string =>
  typeof value === 'string' && calendarDate.test(value)
    ? formats.calendarDay.format(atMidday(value))
    : formats.day.format(asDate(value));
/** "Saturday 14 March 2026" */
export const formatLongDay = (value: string | Date): string =>
  typeof value === 'string' && calendarDate.test(value)
    ? formats.longCalendarDay.format(atMidday(value))
    : formats.longDay.format(asDate(value));
/** "14 Mar 2026, 09:12" */
export const formatDayTime = (value: string | Date): string => formats.dayTime.format(asDate(value));

/** True once the moment has passed (a due date is overdue after the end of its day). */
export const isPast = (value: string | Date, now: Date = new Date()): boolean =>
  asDate(value).getTime() < now.getTime();

/** Today in the school's time zone, `years` on, as YYYY-MM-DD (29 February becomes the 28th). */
export function schoolDate(years = 0, now: Date = new Date()): string {
  const [y, m, d] = schoolDayKey(now).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + years, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

const relative = new Intl.RelativeTimeFormat('en-GB', { numeric: 'auto' });
const whole = new Intl.NumberFormat('en-GB');
const dayMs = 86_400_000;

export const formatNumber = (value: number): string => whole.format(value);

/** "in 3 days", "yesterday", "2 hours ago": days are calendar days in the school's time zone. */
export function formatRelative(value: string | Date, now: Date = new Date()): string {
  const ms = asDate(value).getTime() - now.getTime();
  const minutes = Math.round(ms / 60_000);
  if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
  const hours = Math.round(ms / 3_600_000);
  if (Math.abs(hours) < 24) return relative.format(hours, 'hour');
  const days = (atMidday(schoolDayKey(value)).getTime() - atMidday(schoolDayKey(now)).getTime()) / dayMs;
  return relative.format(Math.round(days), 'day');
}

/** 0.734 → "73%" */
export const formatPercent = (part: number, total: number): string =>
  total === 0 ? '—' : `${Math.round((part / total) * 100)}%`;

export const plural = (count: number, one: string, many = `${one}s`): string =>
  `${formatNumber(count)} ${count === 1 ? one : many}`;
