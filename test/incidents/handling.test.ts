import type { Person } from '../../src/directory/model';
import { loadActor } from '../../src/directory/sign-in';
import { changeStatus, claimIncident, type HandlingDeps } from '../../src/incidents/handling';
import { incidentStatuses } from '../../src/incidents/model';
import { incidentDetail } from '../../src/incidents/queue';
import { createSealer } from '../../src/incidents/seal';
import type { Models } from '../../src/store/models';
import { testTenantId } from '../../scripts/standins/teams';
import { useIncidentsFixture, type IncidentsFixture } from './fixture';
import { testIncidentKey } from './helpers';

const virusAnswers = ['Room 12 PC', 'A ransom note on the screen', 'skip', 'Unplugged it', 'now'];

/** What the handling use cases need, on the fixture's database and clock. */
const handlingDeps = (f: IncidentsFixture, models: Models = f.models): HandlingDeps => ({
  models,
  notifier: f.notifier,
  sealer: createSealer(testIncidentKey),
  jobs: f.jobs,
  now: f.clock.now,
  timeZone: 'Europe/London',
});

/**
 * The fixture's models, except that reading a report (by id and tenant, as an action does first)
 * runs `meanwhile` once between the read and the action's write: someone else's change, forced to
 * land in the gap rather than left to chance.
 */
function withChangeBetweenReadAndWrite(models: Models, meanwhile: () => Promise<unknown>): Models {
  let pending = true;
  const Incident = new Proxy(models.Incident, {
    get(target, property, receiver) {
      if (property !== 'findOne') return Reflect.get(target, property, receiver) as unknown;
      return (...args: Parameters<Models['Incident']['findOne']>) => ({
        lean: async () => {
          const read: unknown = await target.findOne(...args).lean();
          if (pending) {
            pending = false;
            await meanwhile();
          }
          return read;
        },
      });
    },
  });
  return { ...models, Incident };
}

describe('moving a report on when something gets in the way', () => {
  const fixture = useIncidentsFixture(new Date('2026-11-23T09:00:00Z'));
  let f: IncidentsFixture;
  let reporter: Person;
  let harriet: Person;
  let hugo: Person;

  beforeAll(async () => {
    f = fixture();
    reporter = await f.person('Rae Reporter');
    harriet = await f.person('Harriet Helpdesk', 'ict_helpdesk');
    hugo = await f.person('Hugo Helpdesk', 'ict_helpdesk');
  });

  it('refuses the later of two moves made at once (forced between its read and its write), saying why, and records and tells the reporter nothing of it', async () => {
    const id = await f.report(reporter, 'virus', virusAnswers);
    const first = await loadActor(f.models, testTenantId, harriet.entraObjectId);
    const second = await loadActor(f.models, testTenantId, hugo.entraObjectId);
    await claimIncident(handlingDeps(f), first, id);
    const sentBefore = f.notifier.sent.length;

    // Hugo's page reads the report as triaged; before his move is written, Harriet resolves it.
    const models = withChangeBetweenReadAndWrite(f.models, () =>
      changeStatus(handlingDeps(f), first, id, { status: 'resolved', note: 'Reimaged the PC' }),
    );
    await expect(
      changeStatus(handlingDeps(f, models), second, id, {
        status: 'in_progress',
        note: 'Having a look',
        messageToReporter: 'I am on my way to Room 12',
      }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: 'Someone else changed this incident a moment ago; reload it and try again.',
    });

    const stored = await f.models.Incident.findById(id).lean();
    expect(stored).toMatchObject({ status: 'resolved', outcome: 'Reimaged the PC' });
    expect(stored?.timeline.map((e) => e.what)).toEqual([
      'reported',
      'notified',
      'claimed',
      'status:triaged',
      'status:resolved',
    ]);
    expect(JSON.stringify(stored)).not.toMatch(/Having a look|on my way/);
    const changes = await f.models.AuditEvent.find({
      action: 'incident.status_changed',
      'subject.id': id,
    }).lean();
    expect(changes.map((e) => ({ actor: e.actorId?.toString(), details: e.details as unknown }))).toEqual([
      {
        actor: harriet._id.toString(),
        details: expect.objectContaining({ from: 'triaged', to: 'resolved' }),
      },
    ]);
    // The reporter hears of the move that happened, and of nothing else.
    const told = f.notifier.sent
      .slice(sentBefore)
      .filter((s) => s.conversationId === reporter.conversation!.id);
    expect(told.map((s) => [s.message.kind, s.message.notice.status])).toEqual([['status', 'resolved']]);
    expect(JSON.stringify(told)).not.toContain('on my way');
  });

  it('refuses the later of two claims made at once (forced between its read and its write), naming who has it', async () => {
    const id = await f.report(reporter, 'virus', virusAnswers);
    const first = await loadActor(f.models, testTenantId, harriet.entraObjectId);
    const second = await loadActor(f.models, testTenantId, hugo.entraObjectId);
    const sentBefore = f.notifier.sent.length;
    // Hugo's press reads the report as nobody's; before his claim is written, Harriet takes it.
    const models = withChangeBetweenReadAndWrite(f.models, () => claimIncident(handlingDeps(f), first, id));
    await expect(claimIncident(handlingDeps(f, models), second, id)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/^Harriet Helpdesk has already taken ownership of INC-/),
    });
    const stored = await f.models.Incident.findById(id).lean();
    expect(stored?.ownerId?.toString()).toBe(harriet._id.toString());
    expect(stored?.timeline.map((e) => e.what)).toEqual([
      'reported',
      'notified',
      'claimed',
      'status:triaged',
    ]);
    const claims = await f.models.AuditEvent.find({ action: 'incident.claimed', 'subject.id': id }).lean();
    expect(claims.map((e) => e.actorId?.toString())).toEqual([harriet._id.toString()]);
    const told = f.notifier.sent
      .slice(sentBefore)
      .filter((s) => s.conversationId === reporter.conversation!.id);
    expect(told.map((s) => [s.message.kind, JSON.stringify(s.message.notice)])).toEqual([
      ['status', expect.stringContaining('"ownerName":"Harriet Helpdesk"')],
    ]);
  });

  it('records every move of the status table exactly, offers only those, and refuses every other saying why, keeping nothing', async () => {
    const actor = await loadActor(f.models, testTenantId, harriet.entraObjectId);
    // Reopening is resolved → in progress; closed is final.
    const moves = [
      'new>triaged',
      'new>in_progress',
      'new>closed',
      'triaged>in_progress',
      'triaged>resolved',
      'triaged>closed',
      'in_progress>triaged',
      'in_progress>resolved',
      'in_progress>closed',
      'resolved>in_progress',
      'resolved>closed',
    ];
    const recorded: string[] = [];
    for (const from of incidentStatuses) {
      const offered = new Set<string>();
      for (const to of incidentStatuses) {
        const id = await f.report(reporter, 'virus', virusAnswers);
        await f.models.Incident.updateOne({ _id: id }, { $set: { status: from, ownerId: harriet._id } });
        if (to === incidentStatuses[0])
          for (const s of (await incidentDetail(handlingDeps(f), actor, id)).allowed.changeStatus)
            offered.add(`${from}>${s}`);
        const before = await f.models.Incident.findById(id).lean();
        const note = `From ${from} to ${to}`;
        const attempt = changeStatus(handlingDeps(f), actor, id, { status: to, note });
        if (!moves.includes(`${from}>${to}`)) {
          await expect(attempt).rejects.toMatchObject({
            code: 'conflict',
            message: from === to ? expect.stringMatching(/already/) : expect.stringMatching(/cannot become/),
          });
          expect(await f.models.Incident.findById(id).lean()).toEqual(before);
          continue;
        }
        const changed = await attempt;
        recorded.push(`${from}>${to}`);
        expect(changed.status).toBe(to);
        expect(changed.timeline.slice(before!.timeline.length)).toEqual([
          expect.objectContaining({ what: `status:${to}`, note, by: harriet._id }),
        ]);
        if (to === 'resolved' || to === 'closed') expect(changed.outcome).toBe(note);
      }
      expect([...offered]).toEqual(moves.filter((m) => m.startsWith(`${from}>`)));
    }
    expect(recorded).toEqual(moves);
  });

  it('takes the first of two answers to one question sent at once, and says so to the second', async () => {
    let { intake } = await f.incidents.intake.start(reporter, 'virus');
    const read = intake;
    intake = (await f.incidents.intake.answer(reporter, intake, 'Room 12 PC')).intake;
    await expect(f.incidents.intake.answer(reporter, read, 'Room 14 PC')).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/^Two answers arrived at the same time, so I took only the first/),
    });
    const stored = await f.models.Intake.findById(intake._id).lean();
    expect(stored?.answers).toEqual({ device: 'Room 12 PC' });
    expect(stored?.step).toBe(intake.step);
    await f.incidents.intake.cancel(reporter, intake);
  });

  it('keeps a message Teams would not deliver for the reporter\'s "my reports", and says on the timeline it did not reach them', async () => {
    const id = await f.report(reporter, 'virus', virusAnswers);
    const actor = await loadActor(f.models, testTenantId, harriet.entraObjectId);
    // The reporter has blocked the bot in Teams: the next message to them is refused.
    jest
      .spyOn(f.notifier, 'send')
      .mockResolvedValueOnce({ status: 'blocked', error: 'the user blocked the bot', attempts: 1 });
    await changeStatus(handlingDeps(f), actor, id, {
      status: 'in_progress',
      messageToReporter: 'Please bring the PC to the office.',
    });
    const stored = await f.models.Incident.findById(id).lean();
    expect(stored?.timeline.map((e) => e.what).slice(-3)).toEqual([
      'status:in_progress',
      'to_reporter',
      'reporter_not_reached',
    ]);
    const mine = await f.incidents.mine({ _id: reporter._id, tenantId: testTenantId });
    expect(mine.find((r) => r.id === id)?.messages).toEqual([
      { at: expect.any(Date), from: 'Harriet Helpdesk', text: 'Please bring the PC to the office.' },
    ]);
  });
});
