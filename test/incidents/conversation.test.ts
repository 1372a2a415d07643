import { useConductBot } from '../support/conduct';
import { expectValidCard } from '../support/cards';
import { cardAction, personalActivity, teamsUser } from '../../scripts/standins/teams';
import {
  answerAll,
  cardsSince,
  eventually,
  notified,
  press,
  referenceIn,
  say,
  seedReporter,
  seedRoleHolder,
  sentSince,
  testIncidentKey,
} from './helpers';

describe('reporting an incident by chatting with the bot', () => {
  const bot = useConductBot({ env: { INCIDENT_ENCRYPTION_KEY: testIncidentKey } });

  it('takes a virus report from free text, question by question, and the ICT helpdesk can take it on', async () => {
    const conduct = bot();
    const helpdesk = await seedRoleHolder(conduct, 'Harriet Helpdesk', 'ict_helpdesk');
    const ann = await seedReporter(conduct, 'Ann Teacher');
    const first = conduct.connector.received.length;

    expect(await say(conduct, ann, 'I think my laptop has a virus')).toContain('Which device was it?');
    expect(await say(conduct, ann, 'My school laptop')).toContain('What happened?');
    expect(await say(conduct, ann, 'A red window says my files are locked')).toContain('name of the virus');
    expect(await say(conduct, ann, 'skip')).toContain('What has been done so far?');
    expect(await say(conduct, ann, 'Unplugged the network cable')).toContain('When did it happen?');
    const summary = await say(conduct, ann, 'now');
    expect(summary).toContain('Please check your report');
    expect(summary).toContain('Unplugged the network cable');
    const sent = await say(conduct, ann, 'send');
    const reference = referenceIn(sent);
    expect(reference).toMatch(/^INC-\d{4}-0001$/);
    expect(sent).toContain('ICT helpdesk');

    const stored = await conduct.models.Incident.findOne({ reference }).lean();
    expect(stored).toMatchObject({
      type: 'virus',
      status: 'new',
      handlingRole: 'ict_helpdesk',
      restricted: false,
    });
    expect(stored?.fields).toMatchObject({
      device: 'My school laptop',
      actionsTaken: 'Unplugged the network cable',
    });
    expect(stored?.fields).not.toHaveProperty('virusName');
    expect(await conduct.models.Intake.countDocuments()).toBe(0);

    await notified(conduct, reference!);
    const helpdeskCards = cardsSince(conduct, helpdesk.user.conversationId, first);
    expect(JSON.stringify(helpdeskCards)).toContain(`New incident: Virus or malware`);
    expect(JSON.stringify(helpdeskCards)).toContain('Take ownership');

    const beforeClaim = conduct.connector.received.length;
    const claim = await conduct.send(
      cardAction(helpdesk.user, conduct.connector.url, 'incident.claim', {
        incidentId: stored!._id.toString(),
      }),
    );
    expect(JSON.stringify(claim.body)).toContain(`You have taken ownership of ${reference}`);
    const unreadableClaim = await conduct.send(
      cardAction(helpdesk.user, conduct.connector.url, 'incident.claim', { incidentId: { $gt: '' } }),
    );
    expect(unreadableClaim.status).toBe(200);
    expect(JSON.stringify(unreadableClaim.body)).toContain('That button sent something I could not read.');
    const claimed = await conduct.models.Incident.findById(stored!._id).lean();
    expect(claimed).toMatchObject({ status: 'triaged' });
    expect(claimed?.ownerId?.toString()).toBe(helpdesk.personId);
    expect(claimed?.timeline.map((e) => e.what)).toEqual([
      'reported',
      'notified',
      'claimed',
      'status:triaged',
    ]);
    await eventually(
      () => sentSince(conduct, ann.conversationId, beforeClaim).join(),
      (told) => told.includes('is now **taken on**. Harriet Helpdesk has it.'),
    );

    for (const card of [...cardsSince(conduct, ann.conversationId, first), ...helpdeskCards])
      expectValidCard(card);
  });

  it('stores nothing when the person cancels half-way', async () => {
    const conduct = bot();
    const cal = await seedReporter(conduct, 'Cal Cancel');
    const counter = await conduct.models.Counter.findById(`incident:${new Date().getUTCFullYear()}`).lean();
    await say(conduct, cal, 'I clicked a link in a weird email');
    await say(conduct, cal, 'bank@examp1e.com');
    expect(await say(conduct, cal, 'cancel')).toContain('Nothing was sent');
    const person = await conduct.models.Person.findOne({ entraObjectId: cal.aadObjectId }).lean();
    expect(await conduct.models.Intake.countDocuments({ personId: person!._id })).toBe(0);
    expect(await conduct.models.Incident.countDocuments({ type: 'suspicious_email' })).toBe(0);
    const after = await conduct.models.Counter.findById(`incident:${new Date().getUTCFullYear()}`).lean();
    expect(after?.value).toBe(counter?.value);
  });

  it('asks again, clearly, for an answer it cannot take: a future date, nothing at all, far too much', async () => {
    const conduct = bot();
    const fay = await seedReporter(conduct, 'Fay Future');
    await say(conduct, fay, 'I left my laptop on the train');
    await say(conduct, fay, 'Staff laptop 12');
    await say(conduct, fay, 'Left it on the 17:05 to Leeds');
    const future = new Date(Date.now() + 3 * 86_400_000);
    const date = `${String(future.getUTCDate()).padStart(2, '0')}/${String(future.getUTCMonth() + 1).padStart(2, '0')}/${future.getUTCFullYear()}`;
    expect(await say(conduct, fay, `${date} 09:00`)).toContain('which has not happened yet');
    expect(await say(conduct, fay, 'the day after the trip, I think')).toContain(
      'could not read that as a date',
    );
    await say(conduct, fay, 'yesterday 17:30');
    const intake = await conduct.models.Intake.findOne({}).lean();
    expect(intake?.step).toBe('encrypted');

    const empty = await press(conduct, fay, { verb: 'incident.answer', step: 'encrypted', answer: '' });
    expect(empty).toContain('I need an answer to this one');

    await say(conduct, fay, 'yes');
    await say(conduct, fay, 'no');
    const long = await say(conduct, fay, 'x'.repeat(5_000));
    expect(long).toContain('please keep this answer under 100');
    const huge = await conduct.send(
      personalActivity(fay, conduct.connector.url, { type: 'message', text: 'y'.repeat(20 * 1024 * 1024) }),
    );
    // Beyond the 1 MB request limit the server refuses the request before the bot reads it (Teams
    // itself stops a message long before); anything up to it is read, and re-asked.
    expect(huge.status).toBe(413);
    expect(await say(conduct, fay, 'z'.repeat(90_000))).toContain('That is 90,000 characters');
    // Longer than any message Teams sends: the bot's edge says so without reading it.
    expect(await say(conduct, fay, 'z'.repeat(900_000))).toContain('That message is too long for me');
    expect(await say(conduct, fay, 'CR/12345/26')).toContain('Please check your report');
  });

  it('tells someone whose password may be known to change it first, with the self-service link', async () => {
    const conduct = bot();
    const pat = await seedReporter(conduct, 'Pat Password');
    const before = conduct.connector.received.length;
    await say(conduct, pat, 'I think someone knows my password');
    const cards = cardsSince(conduct, pat.conversationId, before);
    expect(JSON.stringify(cards[0])).toContain('First: change your password now');
    expect(JSON.stringify(cards[0])).toContain('https://passwordreset.microsoftonline.com/');
    expect(JSON.stringify(cards[1])).toContain('Which account is it?');
    cards.forEach(expectValidCard);

    await say(conduct, pat, 'my school Microsoft 365 account');
    const exposure = await say(conduct, pat, 'yes');
    expect(exposure).toContain('When might someone else have seen or got hold of it?');
    expect(exposure).toContain('"title":"Not known"');
    // A time still to come is not kept; the person is told why and asked again.
    expect(await say(conduct, pat, 'tomorrow at 3')).toContain('which has not happened yet');
    expect(await say(conduct, pat, 'yesterday at lunch')).toContain('How might it have become known?');
    const review = await say(conduct, pat, 'Typed it in while the class was watching the board');
    expect(review).toMatch(/May have been exposed[^}]*\d\d\/\d\d\/\d{4} 12:30/);
  });

  it('offers the menu for "report", and the likeliest types first when it is unsure', async () => {
    const conduct = bot();
    const max = await seedReporter(conduct, 'Max Menu');
    const menu = await say(conduct, max, 'report an incident');
    expect(menu).toContain('What would you like to report?');
    expect(menu).toContain('Lost or stolen device');
    const unsure = await say(
      conduct,
      max,
      'a pupil knows my password and has been messaging other pupils as me',
    );
    expect(unsure).toContain("I'm not sure which kind of incident this is");
    expect(unsure.indexOf('Password may be known')).toBeLessThan(unsure.indexOf('Virus or malware'));
    expect(await press(conduct, max, { verb: 'incident.start', type: 'lost_device' })).toContain(
      'Which device was it?',
    );
  });

  it('goes back a question, keeping the answer given, and a late button does not answer the wrong question', async () => {
    const conduct = bot();
    const bo = await seedReporter(conduct, 'Bo Back');
    await say(conduct, bo, 'a pupil is being bullied on Snapchat');
    await say(conduct, bo, 'A Year 8 pupil, by two classmates');
    const back = await say(conduct, bo, 'back');
    expect(back).toContain('Who is involved');
    expect(back).toContain('Your answer before: A Year 8 pupil, by two classmates');
    const late = await press(conduct, bo, { verb: 'incident.answer', step: 'evidence', value: '' });
    expect(late).toContain('That was an answer to an earlier question');
    const malformed = await press(conduct, bo, { verb: 'incident.answer', step: ['evidence'], value: 7 });
    expect(malformed).toContain('That button sent something I could not read. Here is where we are now.');
    expect(malformed).toContain('Who is involved');
    const badStart = await press(conduct, bo, { verb: 'incident.start', type: { $ne: '' } });
    expect(badStart).toContain('That button sent something I could not read. Choose what to report below.');
  });

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

  it('asks someone not in the directory to go to their IT manager', async () => {
    const conduct = bot();
    const stranger = teamsUser('Sam Stranger');
    expect(await say(conduct, stranger, 'I think my laptop has a virus')).toContain(
      "can't find you in the school's directory",
    );
  });
});
