/** Dates and numbers as an English school reads them. */
const day = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const longDay = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const dayTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});
const relative = new Intl.RelativeTimeFormat('en-GB', { numeric: 'auto' });
const whole = new Intl.NumberFormat('en-GB');

const asDate = (value: string | Date): Date => (typeof value === 'string' ? new Date(value) : value);

/** "14 Mar 2026" */
export const formatDay = (value: string | Date): string => day.format(asDate(value));
/** "Saturday 14 March 2026" */
export const formatLongDay = (value: string | Date): string => longDay.format(asDate(value));
/** "14 Mar 2026, 09:12" */
export const formatDayTime = (value: string | Date): string => dayTime.format(asDate(value));
export const formatNumber = (value: number): string => whole.format(value);

/** "in 3 days", "yesterday", "2 hours ago" */
export function formatRelative(value: string | Date, now: Date = new Date()): string {
  const ms = asDate(value).getTime() - now.getTime();
  const minutes = Math.round(ms / 60_000);
  if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
  const hours = Math.round(ms / 3_600_000);
  if (Math.abs(hours) < 24) return relative.format(hours, 'hour');
  return relative.format(Math.round(ms / 86_400_000), 'day');
}

/** 0.734 → "73%" */
export const formatPercent = (part: number, total: number): string =>
  total === 0 ? '—' : `${Math.round((part / total) * 100)}%`;

export const plural = (count: number, one: string, many = `${one}s`): string =>
  `${formatNumber(count)} ${count === 1 ? one : many}`;
