import { randomUUID } from 'node:crypto';
import { createPermissions } from '../../src/permissions/module';
import { kindsFor, saveKind } from '../../src/permissions/settings';
import { permissionStore } from '../../src/permissions/store';
import { loadActor } from '../../src/directory';
import type { PermissionMessage } from '../../src/permissions/messages';
import { seedPerson } from '../support/conduct';
import { useTestDatabase } from '../support/database';
import { fakeClock, fakeJobs } from '../incidents/fake-jobs';

/** The use cases on the embedded database, with the scheduler in memory and time moved by the test. */
describe('permission requests (use cases)', () => {
  const database = useTestDatabase();
  const clock = fakeClock(new Date('2026-11-26T10:00:00Z'));
  const jobs = fakeJobs(clock);
  const sent: PermissionMessage['kind'][] = [];
  /** The chats each card went to (a person's chat id is their name, see `seed`). */
  const sentTo: string[] = [];
  let signed = false;
  const setUp = () => {
    clock.set(new Date('2026-11-26T10:00:00Z'));
    return createPermissions({
      config: { reminders: { timeZone: 'Europe/London' } } as never,
      models: database().models,
      jobs,
      notifier: {
        send: (conversation, message) => {
          sent.push(message.kind);
          sentTo.push(conversation.id);
          return Promise.resolve({ status: 'sent', activityId: undefined, attempts: 1 });
        },
      },
      signedCurrent: () => Promise.resolve({ title: 'Staff AUP', signed }),
      now: clock.now,
    });
  };

  const chat = (id: string) => ({
    id,
    serviceUrl: 'http://127.0.0.1:1/',
    tenantId: 't',
    storedAt: new Date(),
  });
  const seed = async (
    name: string,
    role?: 'it_manager' | 'headteacher',
    options: { schoolId?: string; alsoAt?: string } = {},
  ) => {
    const { models } = database();
    const person = await seedPerson(
      models,
      { name, aadObjectId: randomUUID(), conversationId: name },
      options.schoolId ? { schoolId: options.schoolId } : {},
    );
    const extra = options.alsoAt ? [{ schoolId: options.alsoAt, audience: 'staff' }] : [];
    await models.Person.updateOne(
      { _id: person._id },
      {
        $set: { conversation: chat(name) },
        $push: {
          memberships: { $each: extra },
          membershipKeys: { $each: extra.map((m) => `${m.schoolId}:staff`) },
        },
      },
    );
    if (role)
      await models.RoleAssignment.create({
        tenantId: person.tenantId,
        personId: person._id,
        role,
        scopeKey: person.memberships[0]!.schoolId.toString(),
      });
    return (await models.Person.findById(person._id).lean())!;
  };
  /** A second school beside North Hill (which seedPerson makes), with its own headteacher. */
  let schools: { north: string; south: string } | undefined;
  const twoSchools = async () => {
    if (schools) return schools;
    const { models } = database();
    const hana = await seed('Hana North', 'headteacher');
    const north = hana.memberships[0]!.schoolId.toString();
    const south = (
      await models.School.create({
        tenantId: hana.tenantId,
        name: 'South Vale School',
        code: 'SVS',
        timeZone: 'Europe/London',
      })
    )._id.toString();
    await seed('Sol South', 'headteacher', { schoolId: south });
    schools = { north, south };
    return schools;
  };
  /** A trust admin makes the kind need a policy signed first (the test's `signed` says whether it is). */
  const requireSigned = async (kindId: string) => {
    const { models } = database();
    const admin = await seed(`Ada Admin ${kindId}`);
    await models.RoleAssignment.create({
      tenantId: admin.tenantId,
      personId: admin._id,
      role: 'trust_admin',
      scopeKey: 'trust',
    });
    const kind = (await kindsFor({ store: permissionStore(models) }, admin.tenantId)).find(
      (k) => k.id === kindId,
    )!;
    await saveKind(
      { store: permissionStore(models), models, now: clock.now },
      await loadActor(models, admin.tenantId, admin.entraObjectId),
      { ...kind, requiresSignedPolicyId: '65f0c0ffee0000000000abcd' },
    );
  };

  it('refuses a day gone by and an end before the start, saying why', async () => {
    const permissions = setUp();
    const ann = await seed('Ann Asker');
    await permissions.asking.start(ann, 'install_software');
    let draft = (await permissions.asking.current(ann))!;
    await permissions.asking.answer(draft, 'Zoom on my laptop');
    await permissions.asking.answer((await permissions.asking.current(ann))!, 'Calls with parents');
    draft = (await permissions.asking.current(ann))!;
    expect(await permissions.asking.answer(draft, '01/01/2020')).toMatchObject({
      problem: expect.stringContaining('passed'),
    });
    await permissions.asking.answer(draft, '04/12/2026');
    draft = (await permissions.asking.current(ann))!;
    expect(await permissions.asking.answer(draft, 'tomorrow')).toMatchObject({
      problem: expect.stringContaining('cannot be before the first'),
    });
    await permissions.asking.cancel(ann);
    expect(await permissions.asking.current(ann)).toBeUndefined();
  });

  it('refuses to start a kind that needs the AUP signed until it is', async () => {
    const permissions = setUp();
    await requireSigned('personal_device');
    const bob = await seed('Bob Borrower');
    signed = false;
    await expect(permissions.asking.start(bob, 'personal_device')).rejects.toThrow(
      'sign the current version of "Staff AUP"',
    );
    signed = true;
    await expect(permissions.asking.start(bob, 'personal_device')).resolves.toMatchObject({
      kind: 'question',
    });
  });

  it('reminds the holder once before an approval lapses, then ends it', async () => {
    const permissions = setUp();
    await seed('Ian Manager', 'it_manager');
    const ann = await seed('Ann Holder');
    await permissions.asking.start(ann, 'install_software');
    for (const answer of ['Zoom', 'Calls', 'today', '24/12/2026']) {
      await permissions.asking.answer((await permissions.asking.current(ann))!, answer);
    }
    const { request } = await permissions.asking.submit(ann, (await permissions.asking.current(ann))!);
    const ian = (await database().models.Person.findOne({ displayName: 'Ian Manager' }).lean())!;
    await permissions.decide(ian, request.id, { outcome: 'approved', reason: 'Fine' });
    sent.length = 0;
    await jobs.runUntil(new Date('2026-12-20T12:00:00Z'));
    expect(sent).toEqual(['ending-soon']);
    await jobs.runUntil(new Date('2026-12-26T12:00:00Z'));
    expect(sent).toEqual(['ending-soon', 'expired']);
    const stored = await database().models.PermissionRequest.findById(request.id).lean();
    expect(stored).toMatchObject({ status: 'expired' });
    expect(stored!.endsAt).toEqual(new Date('2026-12-25T00:00:00Z'));
  });

  it('asks a person in two schools which one the request is for, and sends it to that school only', async () => {
    const permissions = setUp();
    const { north, south } = await twoSchools();
    const tess = await seed('Tess Twoschools', undefined, { schoolId: north, alsoAt: south });
    const first = await permissions.asking.start(tess, 'personal_use');
    expect(first).toMatchObject({
      kind: 'school',
      schools: [
        { id: north, name: 'North Hill School' },
        { id: south, name: 'South Vale School' },
      ],
    });
    const current = async () => (await permissions.asking.current(tess))!;
    expect(await permissions.asking.answer(await current(), 'the moon')).toMatchObject({
      kind: 'school',
      problem: 'Please choose one of your schools: 1 for North Hill School, 2 for South Vale School.',
    });
    // Typed by name (or number, or pressed on the card: the school's id).
    expect(await permissions.asking.answer(await current(), 'north hill')).toMatchObject({
      kind: 'question',
      number: 1,
      canGoBack: true,
    });
    expect(await permissions.asking.back(await current())).toMatchObject({ kind: 'school' });
    await permissions.asking.answer(await current(), south);
    for (const answer of ['The staff room PC', 'To book a course', 'today', 'skip'])
      await permissions.asking.answer(await current(), answer);
    const confirm = await permissions.asking.prompt(await current());
    expect(confirm).toMatchObject({ kind: 'confirm' });
    expect(confirm.kind === 'confirm' && confirm.lines[0]).toEqual({
      label: 'School',
      value: 'South Vale School',
    });
    sentTo.length = 0;
    const { request, told } = await permissions.asking.submit(tess, await current());
    expect(request.schoolName).toBe('South Vale School');
    expect(told).toBe(1);
    expect(sentTo).toEqual(['Sol South']);
  });

  it("asks a person in one school no question about it: the request is that school's", async () => {
    const permissions = setUp();
    await twoSchools();
    const nick = await seed('Nick North');
    expect(await permissions.asking.start(nick, 'personal_use')).toMatchObject({
      kind: 'question',
      number: 1,
      canGoBack: false,
    });
    for (const answer of ['The staff room PC', 'To book a course', 'today', 'skip'])
      await permissions.asking.answer((await permissions.asking.current(nick))!, answer);
    sentTo.length = 0;
    const sent = await permissions.asking.submit(nick, (await permissions.asking.current(nick))!);
    expect(sent.request.schoolName).toBe('North Hill School');
    expect(sentTo).toEqual(['Hana North']);
  });

  describe('asked all at once (the tab form)', () => {
    const answers = { what: 'The staff room PC', why: 'To book a course', from: 'today' };

    it('records the request with its answers read as the chat reads them, and tells the approvers', async () => {
      const permissions = setUp();
      await twoSchools();
      const nick = await seed('Nick North');
      sentTo.length = 0;
      const { request, told } = await permissions.asking.atOnce(nick, { kind: 'personal_use', answers });
      expect(told).toBe(1);
      expect(sentTo).toEqual(['Hana North']);
      expect(request.answers).toEqual([
        { label: 'What', value: 'The staff room PC' },
        { label: 'Why', value: 'To book a course' },
        { label: 'From', value: 'Thursday 26 November 2026' },
      ]);
      const actions = await database()
        .models.AuditEvent.find({ 'subject.id': request.id })
        .sort({ seq: 1 })
        .lean();
      expect(actions.map((a) => a.action)).toEqual(['permission.requested', 'permission.sent_to_approvers']);
      // Nothing is left half-asked in the chat.
      expect(await permissions.asking.current(nick)).toBeUndefined();
    });

    it('refuses every answer that cannot be taken at once, each beside its question, and records nothing', async () => {
      const permissions = setUp();
      const nick = await seed('Nick North');
      const refused = permissions.asking.atOnce(nick, {
        kind: 'install_software',
        answers: { what: ' ', from: '01/01/2020', until: 'someday', colour: 'blue' },
      });
      await expect(refused).rejects.toMatchObject({
        code: 'validation_failed',
        details: [
          { path: 'answers.what', message: 'Please type an answer.' },
          { path: 'answers.why', message: 'Please type an answer.' },
          { path: 'answers.from', message: expect.stringContaining('That day has passed') },
          { path: 'answers.until', message: expect.stringContaining('could not read that as a day') },
          { path: 'answers.colour', message: 'This kind of request has no such question.' },
        ],
      });
      await expect(
        permissions.asking.atOnce(nick, { kind: 'teleporting', answers: {} }),
      ).rejects.toMatchObject({ code: 'validation_failed', details: [{ path: 'kind' }] });
      expect(await database().models.PermissionRequest.countDocuments({ requesterId: nick._id })).toBe(0);
    });

    it('makes a person in two schools say which, and only one of their own', async () => {
      const permissions = setUp();
      const { north, south } = await twoSchools();
      const tess = await seed('Tess Twoschools', undefined, { schoolId: north, alsoAt: south });
      await expect(permissions.asking.atOnce(tess, { kind: 'personal_use', answers })).rejects.toMatchObject({
        details: [{ path: 'schoolId', message: 'Choose which of your schools this request is for.' }],
      });
      const elsewhere = '65f0c0ffee0000000000abcd';
      await expect(
        permissions.asking.atOnce(tess, { kind: 'personal_use', schoolId: elsewhere, answers }),
      ).rejects.toMatchObject({
        details: [{ path: 'schoolId', message: 'You are not a member of that school.' }],
      });
      sentTo.length = 0;
      const { request } = await permissions.asking.atOnce(tess, {
        kind: 'personal_use',
        schoolId: south,
        answers,
      });
      expect(request.schoolName).toBe('South Vale School');
      expect(sentTo).toEqual(['Sol South']);
    });

    it('refuses a kind that needs the AUP signed until it is, saying which policy', async () => {
      const permissions = setUp();
      await requireSigned('personal_use');
      const bob = await seed('Bob Borrower');
      signed = false;
      const { models } = database();
      await expect(permissions.asking.atOnce(bob, { kind: 'personal_use', answers })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('sign the current version of "Staff AUP"'),
      });
      expect(await models.PermissionRequest.countDocuments({ requesterId: bob._id })).toBe(0);
      signed = true;
      await expect(permissions.asking.atOnce(bob, { kind: 'personal_use', answers })).resolves.toMatchObject({
        request: { status: 'pending' },
      });
    });
  });
});
