import { DateTime } from 'luxon';
import {
  addDays,
  dateTimeFormatter,
  dayKey,
  daysBetween,
  dueDateAfter,
  formatDate,
  formatDateTime,
  formatLongDate,
  sameTimeOn,
  since,
  wallClock,
  zonedTime,
} from '../../src/shared/time';

const london = 'Europe/London';

describe('the time module, in the school’s time zone', () => {
  it('shows dates as a UK school reads them, in GMT and in British Summer Time', () => {
    expect(formatDateTime(new Date('2026-11-23T09:05:00Z'), london)).toBe('23/11/2026 09:05');
    expect(formatDateTime(new Date('2026-07-16T09:05:00Z'), london)).toBe('16/07/2026 10:05');
    expect(formatDate(new Date('2026-03-14T23:30:00Z'), london)).toBe('14 March 2026');
    expect(formatLongDate(new Date('2026-12-05T12:00:00Z'), london)).toBe('Saturday 5 December 2026');
    // 23:30 UTC on 30 June is already 1 July in London.
    expect(dayKey(new Date('2026-06-30T23:30:00Z'), london)).toBe('2026-07-01');
    expect(wallClock(new Date('2026-06-08T07:30:00Z'), london)).toEqual({
      weekday: 'Mon',
      minutes: 8 * 60 + 30,
    });
  });

  it('formats many dates at once exactly as formatDateTime does, across the clock changes', () => {
    const format = dateTimeFormatter(london);
    // Every 37 minutes through 2026 (both changes of the clock, midnights and noons on the way), and
    // a date before the epoch.
    const start = Date.UTC(2026, 0, 1);
    const moments = [new Date('1969-07-20T20:17:00Z')];
    for (let at = start; at < start + 366 * 86_400_000; at += 37 * 60_000) moments.push(new Date(at));
    const differing = moments.filter((at) => format(at) !== formatDateTime(at, london));
    expect(differing).toEqual([]);
    expect(format(new Date('2026-07-16T09:05:00Z'))).toBe('16/07/2026 10:05');
  });

  it('gives the same calendar day as Luxon, across the clock changes and in other zones', () => {
    // Every 61 minutes through 2026, each side of midnight; a zone with half-hour clock changes; a
    // date before the epoch; and a zone Intl does not know, which Luxon answers as before.
    const start = Date.UTC(2026, 0, 1);
    const moments = [new Date('1969-07-20T20:17:00Z')];
    for (let at = start; at < start + 366 * 86_400_000; at += 61 * 60_000) moments.push(new Date(at));
    for (const zone of [london, 'Australia/Lord_Howe', 'America/St_Johns', 'UTC']) {
      const differing = moments.filter(
        (at) => dayKey(at, zone) !== DateTime.fromJSDate(at, { zone }).toISODate(),
      );
      expect(differing).toEqual([]);
    }
    expect(dayKey(new Date('2026-06-30T12:00:00Z'), 'Not/AZone')).toBe(
      DateTime.fromJSDate(new Date('2026-06-30T12:00:00Z'), { zone: 'Not/AZone' }).toISODate(),
    );
  });

  it('steps calendar days at the same wall-clock time, so the day the clocks change is 23 or 25 hours', () => {
    const fridayAutumn = new Date('2026-10-23T09:00:00Z'); // 10:00 BST
    expect(addDays(fridayAutumn, 3, london).toISOString()).toBe('2026-10-26T10:00:00.000Z'); // 10:00 GMT
    const saturdaySpring = new Date('2026-03-28T10:00:00Z'); // 10:00 GMT
    expect(addDays(saturdaySpring, 1, london).toISOString()).toBe('2026-03-29T09:00:00.000Z'); // 10:00 BST
    expect(addDays(new Date('2026-03-30T09:00:00Z'), -7, london).toISOString()).toBe(
      '2026-03-23T10:00:00.000Z',
    );
  });

  it('puts a due date at the end of a calendar day, so the clocks changing never move it to another day', () => {
    // 23:30 GMT on Friday 20 March + 10 days: the end of Monday 30 March, in BST (10 × 24 h is 00:30 on the 31st).
    expect(dueDateAfter(new Date('2026-03-20T23:30:00Z'), 10, london).toISOString()).toBe(
      '2026-03-30T22:59:59.999Z',
    );
    // 00:30 BST on Thursday 22 October + 10 days: the end of Sunday 1 November, in GMT (not 31 October).
    expect(dueDateAfter(new Date('2026-10-21T23:30:00Z'), 10, london).toISOString()).toBe(
      '2026-11-01T23:59:59.999Z',
    );
    // The time of day a card went, on its due day, across the change.
    expect(
      sameTimeOn(
        new Date('2026-03-30T22:59:59.999Z'),
        new Date('2026-03-20T10:15:00Z'),
        london,
      ).toISOString(),
    ).toBe('2026-03-30T09:15:00.000Z');
  });

  it('counts "within 24h" in hours and "within 7d" in calendar days', () => {
    const now = new Date('2026-03-30T09:00:00Z'); // Monday 10:00 BST
    expect(since({ now, timeZone: london }, '24h').toISOString()).toBe('2026-03-29T09:00:00.000Z');
    expect(since({ now, timeZone: london }, '7d').toISOString()).toBe('2026-03-23T10:00:00.000Z');
  });

  it('lists calendar days and finds wall-clock moments either side of a change', () => {
    expect(daysBetween('2026-03-28', '2026-03-31')).toEqual([
      '2026-03-28',
      '2026-03-29',
      '2026-03-30',
      '2026-03-31',
    ]);
    expect(daysBetween('2026-03-02', '2026-03-01')).toEqual([]);
    expect(zonedTime(2026, 3, 29, 0, 30, london).toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(zonedTime(2026, 3, 29, 3, 0, london).toISOString()).toBe('2026-03-29T02:00:00.000Z');
    // 01:30 on 29 March does not exist in London: it is taken as 02:30 BST, an hour on.
    expect(zonedTime(2026, 3, 29, 1, 30, london).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedTime(2026, 10, 25, 3, 0, london).toISOString()).toBe('2026-10-25T03:00:00.000Z');
  });
});
