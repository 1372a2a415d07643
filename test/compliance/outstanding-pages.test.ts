import { randomUUID } from 'node:crypto';
import type { Types } from 'mongoose';
import type { OutstandingPage } from '../../src/compliance/outstanding';
import { rebuildComplianceSummaries, reconcileStandings } from '../../src/compliance/store';
import { useConductWithStandIns } from '../directory/app';
import { daysAgo, seeder, type SeededPerson } from './seed';

/**
 * The outstanding list's keyed pages (issue 18) across the roster's chunks of 200, read while people
 * sign between one page and the next: every page holds the next fifty still outstanding, no one
 * appears twice, and no one still outstanding is missed.
 */
describe('paging through who is outstanding while people sign', () => {
  const conduct = useConductWithStandIns();
  const guests: SeededPerson[] = [];
  let ivy: SeededPerson;
  let version: Types.ObjectId;
  let schoolId: string;

  const tokenOf = (person: SeededPerson) => conduct().entra.tokenFor({ oid: person.oid });
  const page = async (query = '') => {
    const answer = await conduct().call<OutstandingPage>(
      'GET',
      `/api/compliance/outstanding?policyVersionId=${version.toString()}${query}`,
      { token: await tokenOf(ivy) },
    );
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const sign = async (person: SeededPerson) => {
    const answer = await conduct().call('POST', `/api/my/policies/${version.toString()}/sign`, {
      token: await tokenOf(person),
      body: { accepted: true, signedName: person.name },
    });
    expect(answer.status).toBe(201);
  };
  const nameOf = (i: number) => `Guest ${String(i).padStart(3, '0')}`;

  beforeAll(async () => {
    const seed = seeder(conduct().models, conduct().tenantId);
    schoolId = await seed.school('East Park School', 'EPS');
    ivy = await seed.person('Ivy Tech', { memberships: [{ schoolId, audience: 'staff' }] });
    await seed.role(ivy, 'it_manager', null);
    // 450 visitors, written at once and out of name order: three chunks of the roster.
    const order = Array.from({ length: 450 }, (_, i) => (i * 7) % 450);
    const created = await conduct().models.Person.insertMany(
      order.map((i) => ({
        tenantId: conduct().tenantId,
        entraObjectId: randomUUID(),
        displayName: nameOf(i),
        email: `guest.${i}@school.test`,
        active: true,
        memberships: [{ schoolId, audience: 'visitor' }],
        membershipKeys: [`${schoolId}:visitor`],
      })),
    );
    order.forEach((i, at) => {
      const person = created[at]!;
      guests[i] = { id: person._id, oid: person.entraObjectId, name: nameOf(i), jobTitle: undefined };
    });
    const policy = await seed.policy('Visitor Wi-Fi Rules', { audiences: ['visitor'] });
    version = await seed.publish(policy, '1', { publishedAt: daysAgo(2) });
    await rebuildComplianceSummaries(conduct().models, conduct().tenantId);
  });

  it('gives every outstanding person once, forwards and back, as signatures land between pages', async () => {
    const everyone = Array.from({ length: 450 }, (_, i) => nameOf(i));
    const signed = new Set<string>();
    const signName = async (name: string | undefined) => {
      if (name === undefined || signed.has(name)) return;
      await sign(guests[everyone.indexOf(name)]!);
      signed.add(name);
    };
    const unsigned = () => everyone.filter((name) => !signed.has(name));

    const forwards: string[] = [];
    let current = await page();
    expect(current).toMatchObject({ total: 450, previous: null, pageSize: 50 });
    for (let n = 2; current.next; n += 1) {
      forwards.push(...current.items.map((p) => p.displayName));
      // Between two reads: the next page's first person and one 150 further on (another chunk)
      // sign, and so does someone already listed.
      const last = forwards.at(-1)!;
      const ahead = unsigned().filter((name) => name > last);
      await signName(ahead[0]);
      await signName(ahead[150]);
      await signName(forwards.at(-10));
      current = await page(`&page=${n}&after=${current.next}`);
      expect(current.items.length === 50 || current.next === null).toBe(true);
    }
    forwards.push(...current.items.map((p) => p.displayName));
    const inOrderOnce = (names: string[]) => expect(names).toEqual([...new Set(names)].sort());
    const missed = (names: string[]) => everyone.filter((name) => !names.includes(name) && !signed.has(name));
    inOrderOnce(forwards);
    expect(missed(forwards)).toEqual([]);
    expect(everyone.length - forwards.length).toBeGreaterThan(10);

    // And back from the last page, with the person before the earliest read signing between reads.
    const backwards = current.items.map((p) => p.displayName);
    while (current.previous) {
      await signName(
        unsigned()
          .filter((name) => name < backwards[0]!)
          .at(-1),
      );
      current = await page(`&before=${current.previous}`);
      expect(current.items.length).toBeGreaterThan(0);
      backwards.unshift(...current.items.map((p) => p.displayName));
    }
    inOrderOnce(backwards);
    expect(missed(backwards)).toEqual([]);
    expect((await page()).total).toBe(unsigned().length);
  });

  it('lists a joiner as soon as the directory change is counted', async () => {
    const seed = seeder(conduct().models, conduct().tenantId);
    const joiner = await seed.person('Aaron Early', { memberships: [{ schoolId, audience: 'visitor' }] });
    await reconcileStandings(conduct().models, conduct().tenantId, { personIds: [joiner.id], touch: true });
    const first = await page();
    expect(first.items[0]?.displayName).toBe('Aaron Early');
  });
});
