import { randomUUID } from 'node:crypto';
import { expectValidCard } from '../support/cards';
import { sampleVersion } from '../support/policies';
import { messageText, type Playground, type PlaygroundMessage } from '../../scripts/standins/playground';
import { testTenantId } from '../../scripts/standins/teams';
import { inChat, seatCast, useConductWithPlayground, useEntraStandIn } from '../incidents/playground-app';

type Question = {
  id: string;
  text: string;
  status: string;
  delivery: string;
  sentTo: string[];
  answer: { text: string; by: { displayName: string }; askerTold: string } | null;
  faq: { question: string } | null;
};

/**
 * Asking about a policy through the Agents Playground (standing in for Teams): the member of staff
 * asks in the personal chat, from the policy's card or by chat; the policy's owner and the IT
 * manager share the group chat, where the question's card arrives and is answered.
 */
describe('asking about a policy in the Agents Playground', () => {
  const asker = { name: 'Rosa Reader', aadObjectId: randomUUID() };
  const owner = { name: 'Olive Owner', aadObjectId: randomUUID() };
  const manager = { name: 'Ian Manager', aadObjectId: randomUUID() };
  const entra = useEntraStandIn();
  const conduct = useConductWithPlayground({
    currentUser: asker,
    users: [owner, manager],
    env: () => ({ AUTH_ISSUER: entra().issuer, AUTH_AUDIENCE: entra().clientId }),
  });
  let playground: Playground;
  let policyId = '';
  let versionId = '';
  let policyCard: PlaygroundMessage;
  const title = 'Staff use of ICT';

  const api = async <T>(as: string, method: string, path: string, body?: unknown) => {
    const token = await entra().tokenFor({ oid: as });
    const response = await fetch(`${conduct().app.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const userId = (name: string) => playground.users.find((u) => u.name === name)!.id;
  /** Presses a button of a card in the group chat as one of its people. */
  const pressAs = (name: string, card: PlaygroundMessage, verb: string, data: Record<string, unknown>) =>
    playground.invoke(card.messageId, verb, data, {
      conversationId: playground.groupChatId,
      from: userId(name),
    });
  const cardText = (reply: { value?: unknown }) => JSON.stringify(reply.value);
  const latestQuestion = async () =>
    (await conduct().app.models.PolicyQuestion.findOne().sort({ askedAt: -1, _id: -1 }).lean())!;
  const actions = async (questionId: string) =>
    (await conduct().app.models.AuditEvent.find({ 'subject.id': questionId }).sort({ seq: 1 }).lean()).map(
      (event) => event.action,
    );

  beforeAll(async () => {
    playground = conduct().playground;
    const { models } = conduct().app;
    // The owner reads the library (headteacher) but does not manage policies; Ian manages them all.
    await seatCast(conduct(), asker, [
      [owner, 'headteacher'],
      [manager, 'it_manager'],
    ]);
    const ian = (await models.Person.findOne({ entraObjectId: manager.aadObjectId }).lean())!;
    await models.RoleAssignment.create({
      tenantId: testTenantId,
      personId: ian._id,
      role: 'it_manager',
      scopeKey: 'trust',
    });
    const olive = (await models.Person.findOne({ entraObjectId: owner.aadObjectId }).lean())!;
    const created = await api<{ id: string }>(manager.aadObjectId, 'POST', '/api/policies', {
      title,
      audiences: ['staff'],
      scope: 'trust',
      ownerId: olive._id.toString(),
    });
    policyId = created.body.id;
    const draft = await api<{ id: string }>(
      manager.aadObjectId,
      'POST',
      `/api/policies/${policyId}/versions`,
      sampleVersion('2026.1'),
    );
    versionId = draft.body.id;
    const published = await api(
      manager.aadObjectId,
      'POST',
      `/api/policies/${policyId}/versions/${versionId}/publish`,
    );
    expect(published.status).toBe(200);
    policyCard = await playground.waitForMessage(inChat(playground.personalChatId, title));
  });

  it("asks from the policy's card: the owner gets it in Teams and answers, and the answer reaches the asker", async () => {
    expect(JSON.stringify(policyCard.cards)).toContain('Ask about this policy');
    const before = playground.messages.length;
    const asked = await playground.invoke(policyCard.messageId, 'policyQuestion.ask', {
      policyId,
      versionId,
      from: 'card',
      questionKind: 'question',
      questionText: 'Does the rule on passwords cover the photocopier PIN too?',
    });
    // The policy card comes back, still to sign, saying where the question went.
    expectValidCard(asked.value);
    expect(cardText(asked)).toContain('went to Olive Owner');
    expect(cardText(asked)).toContain('policy.sign');
    const toAnswer = await playground.waitForMessage(
      inChat(playground.groupChatId, `Question about ${title}`),
      { after: before },
    );
    expect(messageText(toAnswer)).toContain('photocopier PIN');
    expect(messageText(toAnswer)).toContain('Rosa Reader');
    const question = await latestQuestion();
    const questionId = question._id.toString();
    expect(question).toMatchObject({ status: 'open', delivery: 'sent', via: 'card' });

    // Someone who is neither owner nor manager cannot answer it, and nothing is recorded.
    const stranger = await api<{ error: { message: string } }>(
      asker.aadObjectId,
      'POST',
      `/api/policy-questions/${questionId}/answer`,
      { answer: 'Anything' },
    );
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.message).toContain("Only the policy's owner or its IT manager");
    // An empty answer is refused on the card.
    const empty = await pressAs('Olive Owner', toAnswer, 'policyQuestion.answer', {
      questionId,
      answer: '  ',
    });
    expect(cardText(empty)).toContain('write the answer');

    const beforeAnswer = playground.messages.length;
    const answered = await pressAs('Olive Owner', toAnswer, 'policyQuestion.answer', {
      questionId,
      answer: 'Yes: keep the PIN to yourself, as with any password.',
    });
    expectValidCard(answered.value);
    expect(cardText(answered)).toContain('Answered by Olive Owner');
    expect(cardText(answered)).toContain('Publish in the FAQ');
    const told = await playground.waitForMessage(inChat(playground.personalChatId, `Answer: ${title}`), {
      after: beforeAnswer,
    });
    expect(messageText(told)).toContain('keep the PIN to yourself');
    // The first answer counts: the IT manager's later answer is refused, saying who answered.
    const late = await pressAs('Ian Manager', toAnswer, 'policyQuestion.answer', {
      questionId,
      answer: 'No.',
    });
    expect(cardText(late)).toContain('answered already by Olive Owner');
    expect(await latestQuestion()).toMatchObject({
      status: 'answered',
      answer: { askerTold: 'sent', text: 'Yes: keep the PIN to yourself, as with any password.' },
    });
    expect(await actions(questionId)).toEqual([
      'policy.question_asked',
      'policy.question_sent',
      'policy.question_answered',
      'policy.question_asker_told',
    ]);
  });

  it('asks by chat: a concern with no words is refused keeping the choice, then sent', async () => {
    const before = playground.messages.length;
    await playground.say('ask about a policy');
    const form = await playground.waitForMessage(inChat(playground.personalChatId, 'Ask about a policy'), {
      after: before,
    });
    const refused = await playground.invoke(form.messageId, 'policyQuestion.ask', {
      from: 'chat',
      policyId,
      questionKind: 'concern',
      questionText: '',
    });
    expect(cardText(refused)).toContain('Nothing was sent');
    expect(cardText(refused)).toContain('"value":"concern"');
    const sent = await playground.invoke(form.messageId, 'policyQuestion.ask', {
      from: 'chat',
      policyId,
      questionKind: 'concern',
      questionText: 'Locking the screen every time slows lessons down on the shared board.',
    });
    expectValidCard(sent.value);
    expect(cardText(sent)).toContain(`Concern about ${title}`);
    expect(cardText(sent)).toContain('Sent to Olive Owner');
    await playground.waitForMessage(inChat(playground.groupChatId, `Concern about ${title}`), {
      after: before,
    });
    expect(await latestQuestion()).toMatchObject({ kind: 'concern', via: 'chat', status: 'open' });
  });

  it("publishes an answered question, reworded, as the policy's FAQ that signers read, and takes it out", async () => {
    const { models } = conduct().app;
    const answered = (await models.PolicyQuestion.findOne({ status: 'answered' }).lean())!;
    const questionId = answered._id.toString();
    const open = await latestQuestion();
    // An open question cannot go in the FAQ.
    const early = await api<{ error: { message: string } }>(
      owner.aadObjectId,
      'PUT',
      `/api/policy-questions/${open._id.toString()}/faq`,
      { published: true },
    );
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('Answer the question before');
    const toAnswer = await playground.waitForMessage(inChat(playground.groupChatId, 'photocopier PIN'));
    const published = await pressAs('Olive Owner', toAnswer, 'policyQuestion.publish', {
      questionId,
      faqQuestion: 'Does a photocopier PIN count as a password?',
      faqAnswer: '',
    });
    expect(cardText(published)).toContain("Published in the policy's FAQ");
    const faq = await api<{ items: { question: string; answer: string }[] }>(
      asker.aadObjectId,
      'GET',
      `/api/policies/${policyId}/faq`,
    );
    expect(faq.status).toBe(200);
    expect(faq.body.items).toEqual([
      expect.objectContaining({
        question: 'Does a photocopier PIN count as a password?',
        answer: 'Yes: keep the PIN to yourself, as with any password.',
      }),
    ]);
    expect(JSON.stringify(faq.body)).not.toContain('Rosa');
    const withdrawn = await pressAs('Ian Manager', toAnswer, 'policyQuestion.withdraw', { questionId });
    expect(cardText(withdrawn)).toContain('Publish in the FAQ');
    const after = await api<{ items: unknown[] }>(asker.aadObjectId, 'GET', `/api/policies/${policyId}/faq`);
    expect(after.body.items).toEqual([]);
    const audit = await models.AuditEvent.find({ action: /^policy\.faq_/ })
      .sort({ seq: 1 })
      .lean();
    expect(audit.map((e) => e.action)).toEqual(['policy.faq_published', 'policy.faq_withdrawn']);
  });

  it('lists questions to their answerers in the API, answers there too, and refuses everyone else', async () => {
    const refused = await api<{ error: { message: string } }>(
      asker.aadObjectId,
      'GET',
      '/api/policy-questions',
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain("Only a policy's owner or its IT manager");
    const open = await api<{ items: Question[] }>(
      owner.aadObjectId,
      'GET',
      '/api/policy-questions?status=open',
    );
    expect(open.status).toBe(200);
    expect(open.body.items.map((q) => q.text)).toEqual([
      'Locking the screen every time slows lessons down on the shared board.',
    ]);
    const id = open.body.items[0]!.id;
    const blank = await api(manager.aadObjectId, 'POST', `/api/policy-questions/${id}/answer`, {
      answer: '',
    });
    expect(blank.status).toBe(400);
    const before = playground.messages.length;
    const answered = await api<Question>(manager.aadObjectId, 'POST', `/api/policy-questions/${id}/answer`, {
      answer: 'Fair point: the board may stay unlocked while you teach from it.',
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({
      status: 'answered',
      answer: { by: { displayName: 'Ian Manager' }, askerTold: 'sent' },
    });
    await playground.waitForMessage(inChat(playground.personalChatId, 'the board may stay unlocked'), {
      after: before,
    });
    const mine = await api<{ items: Question[] }>(asker.aadObjectId, 'GET', '/api/policy-questions/mine');
    expect(mine.body.items.map((q) => q.status)).toEqual(['answered', 'answered']);
    // Asking in the tab about a policy that is not theirs to sign is refused with the reason.
    const other = await api<{ id: string }>(manager.aadObjectId, 'POST', '/api/policies', {
      title: 'Governors only',
      audiences: ['governor'],
      scope: 'trust',
    });
    const notPublished = await api<{ error: { message: string } }>(
      asker.aadObjectId,
      'POST',
      `/api/policies/${other.body.id}/questions`,
      { text: 'Is this for me?' },
    );
    expect(notPublished.status).toBe(409);
  });
});
