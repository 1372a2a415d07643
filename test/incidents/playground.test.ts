import { randomUUID } from 'node:crypto';
import { incidentTypes } from '../../src/incidents/catalogue';
import {
  messageText,
  type Playground,
  type PlaygroundMessage,
  type PlaygroundUser,
} from '../../scripts/standins/playground';
import { testIncidentKey } from './helpers';
import {
  inChat,
  reportSenderFor,
  seatCast,
  tellerFor,
  useConductWithPlayground,
  useEntraStandIn,
} from './playground-app';

/**
 * Reporting through the Microsoft 365 Agents Playground, which stands in for Teams and its Bot
 * Connector. The Playground has one current user with a personal chat (the reporter here) and five
 * more users who share a group chat with the bot. It has no personal chats for those five, so the
 * role holders' stored 1:1 conversation is that group chat: the card Conduct sends them shows up
 * there, and they press "Take ownership" in it as themselves — the bot sees their own Entra id, as
 * it would in their personal chat in Teams.
 */
describe('reporting an incident in the Agents Playground', () => {
  const reporter = { name: 'Rosa Reporter', aadObjectId: randomUUID() };
  const helpdesk = { name: 'Harriet Helpdesk', aadObjectId: randomUUID() };
  const safety = { name: 'Olu Online', aadObjectId: randomUUID() };
  const entra = useEntraStandIn();
  const conduct = useConductWithPlayground({
    currentUser: reporter,
    users: [helpdesk, safety],
    // The helpdesk also uses the tab: the REST API signs people in through Entra (a local stand-in).
    env: () => ({
      INCIDENT_ENCRYPTION_KEY: testIncidentKey,
      AUTH_ISSUER: entra().issuer,
      AUTH_AUDIENCE: entra().clientId,
    }),
  });
  let playground: Playground;
  let virusId: string;

  const from = (after: number) => ({ after });
  const userOf = (name: string): PlaygroundUser => playground.users.find((u) => u.name === name)!;

  beforeAll(async () => {
    playground = conduct().playground;
    await seatCast(conduct(), reporter, [
      [helpdesk, 'ict_helpdesk'],
      [safety, 'online_safety_officer'],
    ]);
  });

  /** Says something as the reporter and waits for the bot's answer containing `expected`. */
  const tell = tellerFor(() => playground);
  const sendReport = reportSenderFor(() => playground);

  /** The incident types a card's choices would start, in the order shown. */
  const choicesOf = (message: PlaygroundMessage): string[] =>
    [...JSON.stringify(message.cards).matchAll(/"verb":"incident\.start","type":"([a-z_]+)"/g)].map(
      (m) => m[1]!,
    );

  it('takes "a pupil told me she is scared to go home" as a concern about a child', async () => {
    const reply = await tell('a pupil told me she is scared to go home', "Concern about a child's safety");
    expect(messageText(reply)).toContain("Reporting: Concern about a child's safety");
    await tell('cancel', 'Nothing was sent');
  });

  it('never leaves a message it cannot place at a dead end: the choices, child safety first, and tell the DSL', async () => {
    const reply = await tell('qwertyuiop asdfgh', 'tell the DSL now');
    expect(messageText(reply)).not.toContain('did not understand');
    expect(choicesOf(reply)[0]).toBe('child_safety');
    expect(choicesOf(reply)).toHaveLength(incidentTypes.length);
    const before = playground.messages.length;
    await playground.submit(reply.messageId, { verb: 'incident.start', type: 'child_safety' });
    await playground.waitForMessage(
      inChat(playground.personalChatId, "Reporting: Concern about a child's safety"),
      from(before),
    );
    await tell('cancel', 'Nothing was sent');
  });

  it('takes a virus report from free text to a reference; the helpdesk takes it on and the reporter is told', async () => {
    await tell('I think my laptop has a virus', 'Which device was it?');
    await tell('My classroom laptop', 'What happened?');
    await tell('Files renamed, a ransom note on the desktop', 'name of the virus');
    await tell('skip', 'What has been done so far?');
    await tell('Turned off the Wi-Fi', 'When did it happen?');
    await tell('1 hour ago', 'Please check your report');
    const { reference, toGroup } = await sendReport();

    const card = await toGroup(reference);
    expect(messageText(card)).toContain('New incident: Virus or malware');
    expect(messageText(card)).toContain('Rosa Reporter');
    const incident = await conduct().app.models.Incident.findOne({ reference }).lean();
    virusId = incident!._id.toString();
    const beforeClaim = playground.messages.length;
    const reply = await playground.invoke(
      card.messageId,
      'incident.claim',
      { incidentId: incident!._id.toString() },
      { conversationId: playground.groupChatId, from: userOf('Harriet Helpdesk').id },
    );
    expect(JSON.stringify(reply.value)).toContain(`You have taken ownership of ${reference}`);
    const told = await playground.waitForMessage(
      inChat(playground.personalChatId, reference),
      from(beforeClaim),
    );
    expect(messageText(told)).toContain('taken on');
    expect(messageText(told)).toContain('Harriet Helpdesk has it');
    // Pressed again by the same person (or redelivered by Teams), the press counts once and gets the
    // same answer; pressed by someone who does not handle viruses, it is refused, saying why.
    const press = (name: string) =>
      playground.invoke(
        card.messageId,
        'incident.claim',
        { incidentId: virusId },
        { conversationId: playground.groupChatId, from: userOf(name).id },
      );
    expect(JSON.stringify((await press('Harriet Helpdesk')).value)).toContain(
      `You have taken ownership of ${reference}`,
    );
    expect(JSON.stringify((await press('Olu Online')).value)).toContain(
      'You do not hold a role that may see this',
    );
  });

  it("brings the helpdesk's message to the reporter's chat, and keeps the note for the record to the helpdesk", async () => {
    const token = await entra().tokenFor({ oid: helpdesk.aadObjectId });
    const before = playground.messages.length;
    const response = await fetch(`${conduct().app.url}/api/incidents/${virusId}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        status: 'in_progress',
        note: 'Ticket 4471 with the network team',
        messageToReporter: 'Keep the laptop off the network; I will collect it at 2pm.',
      }),
    });
    expect(response.status).toBe(200);
    const told = await playground.waitForMessage(
      inChat(playground.personalChatId, 'I will collect it at 2pm'),
      from(before),
    );
    expect(messageText(told)).toContain('is now **in progress**');
    expect(messageText(told)).toContain('Message from Harriet Helpdesk');
    expect(messageText(told)).not.toContain('Ticket 4471');
    const mine = await tell('my reports', 'Your reports');
    expect(messageText(mine)).toContain('I will collect it at 2pm');
  });

  it('sends an inadvertent-access report to the online safety officer', async () => {
    await tell('a pupil saw something awful on the projector', 'Which site, address or app');
    await tell('a video site, link in a search result', 'When did it happen?');
    await tell('now', 'Which device was it?');
    await tell('Room 4 projector PC', 'What was shown?');
    await tell('A violent clip, for a few seconds', 'Were pupils present');
    await tell('yes', 'What was done at the time?');
    await tell('Closed the lid and reassured the class', 'Please check your report');
    const { reference, toGroup } = await sendReport('online safety officer');
    const card = await toGroup(reference);
    expect(messageText(card)).toContain('New incident: Inappropriate material seen');
    const incident = await conduct().app.models.Incident.findOne({ reference }).lean();
    expect(incident).toMatchObject({ type: 'inadvertent_access', handlingRole: 'online_safety_officer' });
  });

  it('keeps nothing when the reporter cancels half-way', async () => {
    const incidents = await conduct().app.models.Incident.countDocuments();
    await tell('I got a phishing email', 'Who did it come from?');
    await tell('it-support@examp1e.com', 'What was the subject line?');
    await tell('cancel', 'Nothing was sent');
    expect(await conduct().app.models.Incident.countDocuments()).toBe(incidents);
    expect(await conduct().app.models.Intake.countDocuments()).toBe(0);
  });

  it('carries on where it was when Conduct restarts half-way through', async () => {
    await tell('I left my laptop on the train', 'Which device was it?');
    await tell('Staff laptop 7', 'Where and how was it lost');
    await conduct().restartApp();
    await tell('On the 17:05 to Leeds', 'When did you last have it');
    await tell('yesterday 17:30', 'encrypted');
    await tell('yes', 'personal data');
    await tell('no', 'crime reference');
    const summary = await tell('none', 'Please check your report');
    expect(messageText(summary)).toContain('Staff laptop 7');
    expect(messageText(summary)).toContain('On the 17:05 to Leeds');
    const sent = await tell('send', 'Your report is in');
    expect(messageText(sent)).toMatch(/INC-\d{4}-\d{4}/);
  });
});
