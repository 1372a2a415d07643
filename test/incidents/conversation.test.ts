import { useConductBot } from '../support/conduct';
import { expectValidCard } from '../support/cards';
import { cardAction, personalActivity, teamsUser } from '../../scripts/standins/teams';
import {
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

// What happens to a report once made (the person's list, follow-ups, stale and late buttons,
// claims) is in ./conversation-reports.test.ts: two files, so the two halves run side by side.
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

  it('asks someone not in the directory to go to their IT manager', async () => {
    const conduct = bot();
    const stranger = teamsUser('Sam Stranger');
    expect(await say(conduct, stranger, 'I think my laptop has a virus')).toContain(
      "can't find you in the school's directory",
    );
  });
});
