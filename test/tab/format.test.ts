import fc from 'fast-check';
import { dayKey, formatDay as serverDay } from '../../src/shared/time';
import { formatDay, formatRelative, schoolDate, schoolDayKey, setSchoolTimeZone } from '../../tab/src/format';

const london = 'Europe/London';

describe('dates in the tab', () => {
  afterEach(() => setSchoolTimeZone(london));

  it('puts every moment on the same day as the cards and the CSV exports, BST and GMT alike', () => {
    setSchoolTimeZone(london);
    // Any moment of 2026, with the two nights the clocks change weighted in.
    const moments = fc.oneof(
      fc.date({
        min: new Date('2026-01-01T00:00:00Z'),
        max: new Date('2026-12-31T23:59:59Z'),
        noInvalidDate: true,
      }),
      fc.date({
        min: new Date('2026-03-28T20:00:00Z'),
        max: new Date('2026-03-30T02:00:00Z'),
        noInvalidDate: true,
      }),
      fc.date({
        min: new Date('2026-10-24T20:00:00Z'),
        max: new Date('2026-10-26T02:00:00Z'),
        noInvalidDate: true,
      }),
    );
    fc.assert(
      fc.property(moments, (at) => {
        expect(schoolDayKey(at)).toBe(dayKey(at, london));
        const [day, month, year] = serverDay(at, london).split('/');
        expect(formatDay(at)).toBe(
          new Date(`${year}-${month}-${day}T12:00:00Z`).toLocaleDateString('en-GB', {
            day: 'numeric',
            month: 'short',
            year: 'numeric',
            timeZone: 'UTC',
          }),
        );
      }),
      { seed: 14, numRuns: 500 },
    );
    // The end of a due day in BST is still that day (it is 23:59 UTC+1, 22:59 UTC).
    expect(formatDay('2026-03-30T22:59:59.999Z')).toBe('30 Mar 2026');
  });

  it('uses the school’s time zone the server gives, and keeps a calendar date the same day anywhere', () => {
    setSchoolTimeZone('America/New_York');
    expect(formatDay('2026-03-31T02:00:00Z')).toBe('30 Mar 2026'); // 22:00 on the 30th in New York
    expect(formatDay('2026-03-31')).toBe('31 Mar 2026');
    setSchoolTimeZone('Not/AZone');
    expect(formatDay('2026-03-31T02:00:00Z')).toBe('30 Mar 2026');
  });

  it('counts "in 3 days" in calendar days, and today is the school’s today', () => {
    setSchoolTimeZone(london);
    // Friday 27 March 10:00 GMT; due by the end of Monday 30 March (BST): 3 days, not 3.5 rounded to 4.
    expect(formatRelative('2026-03-30T22:59:59.999Z', new Date('2026-03-27T10:00:00Z'))).toBe('in 3 days');
    // 00:30 BST on 1 July is still 30 June in UTC.
    expect(schoolDate(0, new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(schoolDate(1, new Date('2028-02-29T12:00:00Z'))).toBe('2029-02-28');
  });
});
