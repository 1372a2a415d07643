import { useConductBot } from '../support/conduct';
import { cardAction } from '../../scripts/standins/teams';
import {
  answerAll,
  cardsSince,
  notified,
  press,
  referenceIn,
  say,
  seedReporter,
  seedRoleHolder,
  testIncidentKey,
} from './helpers';

// The conversation that makes a report is in ./conversation.test.ts.
describe('a report made by chatting with the bot, afterwards', () => {
  const bot = useConductBot({ env: { INCIDENT_ENCRYPTION_KEY: testIncidentKey } });

  it("lists a person's own reports with where each has got to", async () => {
    const conduct = bot();
    const mo = await seedReporter(conduct, 'Mo Mine');
    expect(await say(conduct, mo, 'my reports')).toContain('You have not reported anything yet');
    await say(conduct, mo, 'I got a phishing email');
    await answerAll(conduct, mo, ['ceo@examp1e.com', 'Urgent gift cards', 'no', 'no', 'no', 'send']);
    const mine = await say(conduct, mo, 'my reports');
    expect(mine).toContain('Suspicious email or attachment — new');
  });

  it('tells the DPO of a lost device with personal data, and offers to raise the data breach too', async () => {
    const conduct = bot();
    const dpo = await seedRoleHolder(conduct, 'Dot Protection', 'dpo');
    const lu = await seedReporter(conduct, 'Lu Lost');
    const first = conduct.connector.received.length;
    await say(conduct, lu, 'my school iPad was stolen from my car');
    const sent = await answerAll(conduct, lu, [
      'iPad 14 (Year 6 set)',
      'Taken from my car outside my house',
      'yesterday 18:00',
      'no',
      'yes',
      'Photos of pupils and the class email inbox',
      'CR/998/26',
      'send',
    ]);
    const reference = referenceIn(sent)!;
    expect(sent).toContain('may be a data breach');
    await notified(conduct, reference);
    expect(JSON.stringify(cardsSince(conduct, dpo.user.conversationId, first))).toContain(
      `For your information: Lost or stolen device`,
    );
    const follow = await press(conduct, lu, {
      verb: 'incident.start',
      type: 'data_breach',
      relatedReference: reference,
    });
    expect(follow).toContain('Reporting: Data breach');
    const breach = await answerAll(conduct, lu, [
      'The stolen iPad held pupil photos and the class inbox',
      'Photos, names, parent emails',
      'not known',
      'about 300',
      'yesterday 18:30',
      'Photos of pupils could be shared',
      'Wiped the iPad remotely',
      'send',
    ]);
    const stored = await conduct.models.Incident.findOne({ reference: referenceIn(breach) }).lean();
    expect(stored).toMatchObject({ type: 'data_breach', relatedReference: reference });
    expect(stored?.fields).toMatchObject({ peopleAffected: null, recordsAffected: 300 });
  });

  it('offers to carry on or drop a report left for more than a day, and does as asked', async () => {
    const conduct = bot();
    const sal = await seedReporter(conduct, 'Sal Stale');
    await say(conduct, sal, 'I got a phishing email');
    await say(conduct, sal, 'ceo@examp1e.com');
    const person = await conduct.models.Person.findOne({ entraObjectId: sal.aadObjectId }).lean();
    const dayAgo = new Date(Date.now() - 25 * 3_600_000);
    await conduct.models.Intake.updateOne({ personId: person!._id }, { $set: { lastActivityAt: dayAgo } });
    const offer = await say(conduct, sal, 'Gift cards please');
    expect(offer).toContain('did not finish');
    expect(
      (await conduct.models.Intake.findOne({ personId: person!._id }).lean())?.answers,
    ).not.toHaveProperty('subject');
    expect(await say(conduct, sal, 'what?')).toContain('carry on where you left off');
    expect(await say(conduct, sal, 'carry on')).toContain('What was the subject line?');
    expect(await say(conduct, sal, 'Gift cards please')).toContain('Did you open an attachment?');
    await conduct.models.Intake.updateOne({ personId: person!._id }, { $set: { lastActivityAt: dayAgo } });
    await say(conduct, sal, 'no');
    // The card's own buttons: "Carry on" shows the question again, "Drop it" drops it.
    expect(await press(conduct, sal, { verb: 'incident.resume' })).toContain('Did you open an attachment?');
    await conduct.models.Intake.updateOne({ personId: person!._id }, { $set: { lastActivityAt: dayAgo } });
    await say(conduct, sal, 'no');
    expect(await press(conduct, sal, { verb: 'incident.discard' })).toContain('Dropped');
    expect(await conduct.models.Intake.countDocuments({ personId: person!._id })).toBe(0);
  });

  it('answers every button of a report being made, and says why when one comes too late', async () => {
    const conduct = bot();
    const nia = await seedReporter(conduct, 'Nia Buttons');
    const person = await conduct.models.Person.findOne({ entraObjectId: nia.aadObjectId }).lean();
    const mine = () => conduct.models.Incident.find({ reporterId: person!._id }).lean();
    expect(await press(conduct, nia, { verb: 'incident.start', type: 'suspicious_email' })).toContain(
      'Who did it come from?',
    );
    // "Not this: another kind" shows the choices, saying a report is part-way and how to carry on.
    expect(await press(conduct, nia, { verb: 'incident.menu' })).toContain(
      'You are part-way through reporting suspicious email or attachment',
    );
    expect(await say(conduct, nia, 'continue')).toContain('Who did it come from?');
    await say(conduct, nia, 'ceo@examp1e.com');
    const back = await press(conduct, nia, { verb: 'incident.back' });
    expect(back).toContain('Your answer before: ceo@examp1e.com');
    expect(await press(conduct, nia, { verb: 'incident.cancel' })).toContain('Nothing was sent');
    expect(await conduct.models.Intake.countDocuments({ personId: person!._id })).toBe(0);
    expect(await press(conduct, nia, { verb: 'incident.cancel' })).toContain(
      'That report is no longer in progress (it was sent or cancelled)',
    );

    // Sent once; the same button pressed again (a new activity) sends nothing more, saying why.
    await say(conduct, nia, 'I got a phishing email');
    await answerAll(conduct, nia, ['ceo@examp1e.com', 'Urgent gift cards', 'no', 'no', 'no']);
    expect(referenceIn(await press(conduct, nia, { verb: 'incident.send' }))).toBeDefined();
    expect(await press(conduct, nia, { verb: 'incident.send' })).toContain(
      'That report is no longer in progress',
    );
    expect(await mine()).toHaveLength(1);

    // "cancel" typed while the same report is sent from another window, forced to land between the
    // bot's read of the report and its delete: the report went, and the person is not told otherwise.
    await say(conduct, nia, 'I got a phishing email');
    await answerAll(conduct, nia, ['ceo@examp1e.com', 'Urgent gift cards', 'no', 'no', 'no']);
    const { Intake } = conduct.models;
    const deleteOne = Intake.deleteOne.bind(Intake);
    const spy = jest
      .spyOn(Intake, 'deleteOne')
      .mockImplementationOnce(((...args: Parameters<typeof deleteOne>) =>
        press(conduct, nia, { verb: 'incident.send' }).then(() => deleteOne(...args))) as typeof deleteOne);
    const cancelled = await say(conduct, nia, 'cancel');
    spy.mockRestore();
    expect(cancelled).toContain('That report is no longer in progress (it was sent or cancelled)');
    expect(cancelled).not.toContain('Nothing was sent');
    expect(await mine()).toHaveLength(2);

    // A send cut short after its reference was taken (a restart): "cancel" is refused, "send" finishes it.
    await say(conduct, nia, 'I got a phishing email');
    await answerAll(conduct, nia, ['ceo@examp1e.com', 'Urgent gift cards', 'no', 'no', 'no']);
    await Intake.updateOne(
      { personId: person!._id },
      { $set: { step: 'sending', reference: 'INC-2026-9990' } },
    );
    expect(await say(conduct, nia, 'cancel')).toContain(
      'already being sent, so it can no longer be cancelled',
    );
    expect(await say(conduct, nia, 'send')).toContain('INC-2026-9990');
    expect((await mine()).map((i) => i.reference)).toContain('INC-2026-9990');
  });

  it('tells the second person to press "Take ownership" who has it, and keeps nothing of theirs', async () => {
    const conduct = bot();
    const first = await seedRoleHolder(conduct, 'Hana Helpdesk', 'ict_helpdesk');
    const second = await seedRoleHolder(conduct, 'Huw Helpdesk', 'ict_helpdesk');
    const kim = await seedReporter(conduct, 'Kim Keys');
    await say(conduct, kim, 'I got a phishing email');
    const reference = referenceIn(
      await answerAll(conduct, kim, ['ceo@examp1e.com', 'Urgent gift cards', 'no', 'no', 'no', 'send']),
    )!;
    const incidentId = (await conduct.models.Incident.findOne({ reference }).lean())!._id.toString();
    const take = (who: typeof first) =>
      conduct.send(cardAction(who.user, conduct.connector.url, 'incident.claim', { incidentId }));
    expect(JSON.stringify((await take(first)).body)).toContain(`You have taken ownership of ${reference}`);
    const refused = await take(second);
    expect(refused.status).toBe(200);
    expect(JSON.stringify(refused.body)).toContain(
      `Hana Helpdesk has already taken ownership of ${reference}.`,
    );
    const stored = await conduct.models.Incident.findById(incidentId).lean();
    expect(stored?.ownerId?.toString()).toBe(first.personId);
    expect(stored?.timeline.filter((e) => e.what === 'claimed')).toHaveLength(1);
    const claims = await conduct.models.AuditEvent.countDocuments({
      action: 'incident.claimed',
      'subject.id': incidentId,
    });
    expect(claims).toBe(1);
  });
});
