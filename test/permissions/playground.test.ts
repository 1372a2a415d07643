import { randomUUID } from 'node:crypto';
import { messageText, type Playground, type PlaygroundMessage } from '../../scripts/standins/playground';
import {
  inChat,
  seatCast,
  tellerFor,
  useConductWithPlayground,
  useEntraStandIn,
} from '../incidents/playground-app';

/**
 * Asking permission through the Agents Playground (standing in for Teams). The requester chats in
 * the personal chat; the approvers (an IT manager and a headteacher) share the group chat, where
 * their cards arrive and where they press the card's buttons as themselves.
 */
describe('asking permission in the Agents Playground', () => {
  const requester = { name: 'Rosa Requester', aadObjectId: randomUUID() };
  const itManager = { name: 'Ian Manager', aadObjectId: randomUUID() };
  const secondItManager = { name: 'Ines Manager', aadObjectId: randomUUID() };
  const head = { name: 'Hana Head', aadObjectId: randomUUID() };
  const entra = useEntraStandIn();
  const conduct = useConductWithPlayground({
    currentUser: requester,
    users: [itManager, secondItManager, head],
    // The register is read in the tab: the REST API signs people in through Entra (a local stand-in).
    env: () => ({ AUTH_ISSUER: entra().issuer, AUTH_AUDIENCE: entra().clientId }),
  });
  let playground: Playground;

  const userId = (name: string) => playground.users.find((u) => u.name === name)!.id;

  beforeAll(async () => {
    playground = conduct().playground;
    await seatCast(conduct(), requester, [
      [itManager, 'it_manager'],
      [secondItManager, 'it_manager'],
      [head, 'headteacher'],
    ]);
  });

  const tell = tellerFor(() => playground);

  /** Asks to install software from the menu, answers every question, sends; the approver's card. */
  const askToInstall = async (what: string, until: string) => {
    const menu = await tell('permission', 'What would you like permission for?');
    const before = playground.messages.length;
    await playground.submit(menu.messageId, { verb: 'permission.start', kind: 'install_software' });
    await playground.waitForMessage(inChat(playground.personalChatId, 'What do you want to install'), {
      after: before,
    });
    await tell(what, 'What is it for?');
    await tell('Parents evening calls', 'From which day?');
    await tell('today', 'Until which day?');
    const summary = await tell(until, 'Please check your request');
    expect(messageText(summary)).toContain(what);
    const beforeSend = playground.messages.length;
    const sent = await tell('send', 'Your request is in');
    const reference = /PRM-\d{4}-\d{4}/.exec(messageText(sent))![0];
    const card = await playground.waitForMessage(inChat(playground.groupChatId, reference), {
      after: beforeSend,
    });
    expect(messageText(card)).toContain('Permission asked: Installing software or hardware');
    const request = await conduct().app.models.PermissionRequest.findOne({ reference }).lean();
    return { reference, card, requestId: request!._id.toString() };
  };

  const decide = (card: PlaygroundMessage, who: string, data: Record<string, unknown>) =>
    playground.invoke(card.messageId, 'permission.decide', data, {
      conversationId: playground.groupChatId,
      from: userId(who),
    });

  const actions = async (requestId: string) =>
    (await conduct().app.models.AuditEvent.find({ 'subject.id': requestId }).sort({ seq: 1 }).lean()).map(
      (event) => event.action,
    );

  it('recognises a request in free text and asks its questions; an incident still goes to reporting', async () => {
    const first = await tell(
      'Can I install Zoom on my laptop?',
      'Asking permission: Installing software or hardware',
    );
    expect(messageText(first)).toContain('What do you want to install');
    expect(JSON.stringify(first.cards)).toContain('Not asking permission: report something');
    await tell('cancel', 'Nothing was sent');
    await tell('I think my laptop has a virus', 'Which device was it?');
    await tell('cancel', 'Nothing was sent');
  });

  it('takes a request to the IT manager, who approves it on the card; the requester is told and it is audited', async () => {
    const { reference, card, requestId } = await askToInstall('Zoom on my classroom laptop', 'friday');
    const before = playground.messages.length;
    // Without a reason nothing is decided (nor recorded), and the card says why.
    const refused = await decide(card, 'Ian Manager', { requestId, outcome: 'approved', reason: '' });
    expect(JSON.stringify(refused.value)).toContain('Please give a reason');
    const reply = await decide(card, 'Ian Manager', {
      requestId,
      outcome: 'approved',
      reason: 'Licensed for staff',
    });
    expect(JSON.stringify(reply.value)).toContain('Approved by Ian Manager');
    const told = await playground.waitForMessage(
      inChat(playground.personalChatId, `${reference}: approved`),
      {
        after: before,
      },
    );
    expect(messageText(told)).toContain('Licensed for staff');
    const stored = await conduct().app.models.PermissionRequest.findById(requestId).lean();
    expect(stored).toMatchObject({ status: 'approved', decision: { outcome: 'approved' } });
    expect(await actions(requestId)).toEqual([
      'permission.requested',
      'permission.sent_to_approvers',
      'permission.decided',
      'permission.requester_told',
    ]);
    // The card, refreshed for the other IT manager, shows the outcome instead of the buttons; the
    // headteacher, who does not decide software, is not shown the request.
    const refresh = (who: string) =>
      playground.invoke(
        card.messageId,
        'permission.refresh',
        { requestId },
        { conversationId: playground.groupChatId, from: userId(who) },
      );
    const refreshed = JSON.stringify((await refresh('Ines Manager')).value);
    expect(refreshed).toContain('Approved by Ian Manager');
    expect(refreshed).not.toContain('permission.decide');
    expect(JSON.stringify((await refresh('Hana Head')).value)).toContain('There is no such request');
  });

  it('declines with the reason; a later press by another approver is refused, saying who decided', async () => {
    const { reference, card, requestId } = await askToInstall('A game for wet play', 'skip');
    const before = playground.messages.length;
    const reply = await decide(card, 'Ian Manager', {
      requestId,
      outcome: 'declined',
      reason: 'Not on the approved list',
    });
    expect(JSON.stringify(reply.value)).toContain('Declined by Ian Manager');
    const told = await playground.waitForMessage(
      inChat(playground.personalChatId, `${reference}: declined`),
      {
        after: before,
      },
    );
    expect(messageText(told)).toContain('Not on the approved list');
    // The headteacher is no approver of software; the IT manager pressing again changes nothing.
    const late = await decide(card, 'Ian Manager', {
      requestId,
      outcome: 'approved',
      reason: 'changed my mind',
    });
    expect(JSON.stringify(late.value)).toContain('already decided by Ian Manager');
    const stored = await conduct().app.models.PermissionRequest.findById(requestId).lean();
    expect(stored).toMatchObject({ status: 'declined', decision: { reason: 'Not on the approved list' } });
  });

  it('ends an approval after its last day and tells the holder', async () => {
    const { reference, card, requestId } = await askToInstall('A screen recorder', 'tomorrow');
    await decide(card, 'Ian Manager', {
      requestId,
      outcome: 'approved_with_conditions',
      reason: 'For the training video',
      conditions: 'Uninstall it afterwards',
    });
    const { models, connection } = conduct().app;
    const jobs = connection.db!.collection('jobs');
    const pending = await jobs.find({ 'data.requestId': requestId }).toArray();
    expect(pending.map((job) => String(job.name)).sort()).toEqual(['permission.expire']);
    // Time passes: the last day is over and the expiry job is due.
    const before = playground.messages.length;
    await models.PermissionRequest.updateOne(
      { _id: requestId },
      { $set: { endsAt: new Date(Date.now() - 1000) } },
    );
    await jobs.updateMany({ 'data.requestId': requestId }, { $set: { nextRunAt: new Date() } });
    const told = await playground.waitForMessage(
      inChat(playground.personalChatId, `${reference} has ended`),
      {
        after: before,
        timeoutMs: 15_000,
      },
    );
    expect(messageText(told)).toContain('Uninstall it afterwards');
    expect(await models.PermissionRequest.findById(requestId).lean()).toMatchObject({ status: 'expired' });
    expect(await actions(requestId)).toContain('permission.expired');
  });

  it('lists every request in the register with its decision, exports it as CSV, and refuses what does not fit', async () => {
    const token = await entra().tokenFor({ oid: itManager.aadObjectId });
    const get = (path: string) =>
      fetch(`${conduct().app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const page = (await (await get('/api/permissions')).json()) as {
      items: { reference: string; status: string; decision: { outcomeLabel: string } | null }[];
      total: number;
    };
    expect(page.total).toBe(3);
    expect(page.items.map((item) => item.status).sort()).toEqual(['approved', 'declined', 'expired'].sort());
    const declined = (await (await get('/api/permissions?status=declined')).json()) as typeof page;
    expect(declined.items).toHaveLength(1);
    expect(declined.items[0]!.decision!.outcomeLabel).toBe('Declined');
    const csv = await (await get('/api/permissions/export.csv')).text();
    expect(csv).toContain('Not on the approved list');
    expect(csv).toContain('Approved with conditions');
    expect((await get('/api/permissions?status=lost')).status).toBe(400);
    // Everyone signed in reads the kinds (to ask); only the trust admin changes them.
    expect((await get('/api/permissions/kinds')).status).toBe(200);
    const change = await fetch(`${conduct().app.url}/api/permissions/kinds/install_software`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(change.status).toBe(403);
  });
});
