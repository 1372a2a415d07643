import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localKeyFile } from '../../src/incidents/local-key';
import { messageText, type Playground } from '../../scripts/standins/playground';
import { expectValidCard } from '../support/cards';
import { inChat, reportSenderFor, seatCast, tellerFor, useConductWithPlayground } from './playground-app';

/**
 * What a member of staff and the safeguarding leads see in the Agents Playground, with Conduct run
 * as `npm run dev` runs it: NODE_ENV=development and no INCIDENT_ENCRYPTION_KEY. The role holders'
 * chat with Conduct is the Playground's group chat (see playground.test.ts).
 */
describe('urgent concerns, advice and the DSL in the Agents Playground (development, no key set)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'conduct-dev-data-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const reporter = { name: 'Rosa Reporter', aadObjectId: randomUUID() };
  const dsl = { name: 'Dee Lead', aadObjectId: randomUUID() };
  const deputy = { name: 'Dan Deputy', aadObjectId: randomUUID() };
  const safety = { name: 'Olu Online', aadObjectId: randomUUID() };
  const helpdesk = { name: 'Harriet Helpdesk', aadObjectId: randomUUID() };
  const dpo = { name: 'Dot Protection', aadObjectId: randomUUID() };
  const conduct = useConductWithPlayground({
    currentUser: reporter,
    users: [dsl, deputy, safety, helpdesk, dpo],
    env: () => ({
      NODE_ENV: 'development',
      DEVDB_DATA_DIR: path.join(dataDir, 'devdb'),
      // The reporter here makes four reports in a few minutes, faster than the per-person limit allows.
      BOT_TURNS_PER_MINUTE: '10000',
    }),
  });
  let playground: Playground;

  const tell = tellerFor(() => playground);
  const sendReport = reportSenderFor(() => playground);
  /** Starts a report from free text; the advice, which must come before the first question, as the reporter sees it. */
  const adviceOnStarting = async (text: string, firstQuestion: string): Promise<string> => {
    const start = playground.messages.length;
    await tell(text, firstQuestion);
    const advice = await playground.waitForMessage(
      inChat(playground.personalChatId, 'First, what to do now'),
      { after: start },
    );
    const question = playground.messages.slice(start).find(inChat(playground.personalChatId, firstQuestion))!;
    expect(playground.messages.indexOf(advice)).toBeLessThan(playground.messages.indexOf(question));
    return messageText(advice);
  };

  beforeAll(async () => {
    playground = conduct().playground;
    await seatCast(conduct(), reporter, [
      [dsl, 'dsl'],
      [deputy, 'deputy_dsl'],
      [safety, 'online_safety_officer'],
      [helpdesk, 'ict_helpdesk'],
      [dpo, 'dpo'],
    ]);
  });

  it('takes a concern about a child with a key of its own, shows the reporter their answers, and alerts the DSL and deputy as urgent before thanking them', async () => {
    const start = playground.messages.length;
    await tell("I'm worried about a child in my class", 'Which child is it?');
    const advice = await playground.waitForMessage(
      inChat(playground.personalChatId, 'First, what to do now'),
      { after: start },
    );
    expect(messageText(advice)).toContain('call 999');
    await tell('Kit Example, Year 2', 'Tell me what you saw or heard');
    await tell('Kit said he is scared to go home tonight', 'immediate danger');
    const review = await tell('yes', 'Please check your report');
    expect(messageText(review)).toContain('Kit Example, Year 2');
    expect(messageText(review)).toContain('Kit said he is scared to go home tonight');
    const stored = await conduct().app.connection.db!.collection('intakes').findOne({});
    expect(JSON.stringify(stored)).not.toContain('scared');

    const { thanks, reference, before } = await sendReport();
    expect(messageText(thanks)).toContain('alerted the safeguarding leads and their deputies now');
    const urgent = playground.messages
      .slice(before)
      .filter(inChat(playground.groupChatId, 'URGENT: a child may be in immediate danger'));
    // The DSL's and the deputy's cards arrived before the reporter's thank-you.
    expect(urgent).toHaveLength(2);
    for (const card of urgent) {
      expect(playground.messages.indexOf(card)).toBeLessThan(playground.messages.indexOf(thanks));
      expect(messageText(card)).toContain('call 999');
      expect(messageText(card)).not.toContain('scared');
      card.cards.forEach(expectValidCard);
    }
    const incident = await conduct().app.models.Incident.findOne({ reference }).lean();
    expect(incident).toMatchObject({ urgentReason: 'immediate_danger', restricted: true });
    expect(JSON.stringify(incident)).not.toContain('scared');
    expect(statSync(path.join(dataDir, localKeyFile)).mode & 0o777).toBe(0o600);
  });

  it('tells the online safety officer and the DSL when pupils saw inappropriate material, after advice on what to do', async () => {
    const start = playground.messages.length;
    await tell('a pupil saw something awful on the projector', 'Which site, address or app');
    const advice = await playground.waitForMessage(
      inChat(playground.personalChatId, 'First, what to do now'),
      {
        after: start,
      },
    );
    expect(messageText(advice)).toContain('turn off the screen');
    expect(messageText(advice)).toContain('Note the time and the address');
    await tell('a video site', 'When did it happen?');
    await tell('now', 'Which device was it?');
    await tell('Room 4 projector PC', 'What was shown?');
    await tell('A violent clip, for a few seconds', 'Were pupils present');
    await tell('yes', 'What was done at the time?');
    await tell('Closed the lid', 'Please check your report');
    const { thanks, reference, toGroup } = await sendReport();
    expect(messageText(thanks)).toContain('Meanwhile, remember');
    const handler = await toGroup('New incident: Inappropriate material seen');
    const dslCopy = await toGroup('pupils may have seen it');
    for (const message of [handler, dslCopy]) expect(messageText(message)).toContain(reference);
    expect(messageText(dslCopy)).toContain('For your information');
  });

  it('advises on a virus before the first question: off the network, leave it on, no signing in elsewhere', async () => {
    const advice = await adviceOnStarting('I think my laptop has a virus', 'Which device was it?');
    expect(advice).toMatch(/off the network.*Leave it switched on.*Do not sign in/s);
    await tell('cancel', 'Nothing was sent');
  });

  it('advises on a lost device before the first question and again with the thank-you: act now, change passwords, tell the police', async () => {
    const advice = await adviceOnStarting('I left my laptop on the train', 'Which device was it?');
    expect(advice).toMatch(
      /Do not wait to see if it turns up.*locked or wiped remotely.*Change the password.*report it to the police.*crime reference/s,
    );
    await tell('Staff laptop 7', 'Where and how was it lost');
    await tell('On the 17:05 to Leeds', 'When did you last have it');
    await tell('yesterday 17:30', 'encrypted');
    await tell('yes', 'personal data');
    await tell('no', 'crime reference');
    await tell('none', 'Please check your report');
    const { thanks, reference, toGroup } = await sendReport();
    expect(messageText(thanks)).toMatch(
      /Meanwhile, remember.*Change the password.*tell the helpdesk before you use it again/s,
    );
    const handler = await toGroup('New incident: Lost or stolen device');
    expect(messageText(handler)).toContain(reference);
  });

  it('advises on a data breach before the first question and again with the thank-you: contain it, keep the evidence, the 72 hours', async () => {
    const advice = await adviceOnStarting(
      'I sent an email with pupil data to the wrong parent',
      'What happened?',
    );
    expect(advice).toMatch(
      /Stop it spreading.*recall the email.*Do not try to investigate.*do not delete it.*72 hours/s,
    );
    await tell('Class list with phone numbers sent to the wrong parent', 'What personal data');
    await tell('Names and parents phone numbers', 'how many people');
    await tell('28', 'how many records');
    await tell('28', 'first become aware');
    await tell('1 hour ago', 'What might happen');
    await tell('Unwanted contact is possible', 'What has been done to contain it?');
    await tell('Asked the parent to delete it', 'Please check your report');
    const { thanks, reference, toGroup } = await sendReport();
    expect(messageText(thanks)).toMatch(/Meanwhile, remember.*Stop it spreading.*72 hours/s);
    expect(messageText(thanks)).toContain('I have passed it to the data protection officer');
    const handler = await toGroup('New incident: Data breach');
    expect(messageText(handler)).toContain(reference);
  });
});
