import { randomUUID } from 'node:crypto';
import { createPermissions } from '../../src/permissions/module';
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
  let signed = false;
  const setUp = () =>
    createPermissions({
      config: { reminders: { timeZone: 'Europe/London' } } as never,
      models: database().models,
      jobs,
      notifier: {
        send: (_conversation, message) => {
          sent.push(message.kind);
          return Promise.resolve({ status: 'sent', activityId: undefined, attempts: 1 });
        },
      },
      signedCurrent: () => Promise.resolve({ title: 'Staff AUP', signed }),
      now: clock.now,
    });

  const chat = (id: string) => ({
    id,
    serviceUrl: 'http://127.0.0.1:1/',
    tenantId: 't',
    storedAt: new Date(),
  });
  const seed = async (name: string, role?: 'it_manager') => {
    const { models } = database();
    const person = await seedPerson(models, { name, aadObjectId: randomUUID(), conversationId: name });
    await models.Person.updateOne({ _id: person._id }, { $set: { conversation: chat(name) } });
    if (role)
      await models.RoleAssignment.create({
        tenantId: person.tenantId,
        personId: person._id,
        role,
        scopeKey: person.memberships[0]!.schoolId.toString(),
      });
    return (await models.Person.findById(person._id).lean())!;
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
    const { models } = database();
    const admin = await seed('Ada Admin');
    await models.RoleAssignment.create({
      tenantId: admin.tenantId,
      personId: admin._id,
      role: 'trust_admin',
      scopeKey: 'trust',
    });
    const { loadActor } = await import('../../src/directory');
    const kinds = await permissions.kinds(admin.tenantId);
    const device = kinds.find((k) => k.id === 'personal_device')!;
    const { saveKind } = await import('../../src/permissions/settings');
    const { permissionStore } = await import('../../src/permissions/store');
    await saveKind(
      { store: permissionStore(models), models, now: clock.now },
      await loadActor(models, admin.tenantId, admin.entraObjectId),
      { ...device, requiresSignedPolicyId: '65f0c0ffee0000000000abcd' },
    );
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
});
