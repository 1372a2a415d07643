import { createLogger } from '../../src/logger';
import type { ReviewCardSender } from '../../src/policies/review/cycle';
import { runReviewCycle } from '../../src/policies/review/cycle';
import { monthsAfter } from '../../src/policies/review/actions';
import { dayDate, dayText } from '../../src/policies/views';
import { expectValidCard } from '../support/cards';
import { seedPerson, useConductBot } from '../support/conduct';
import { sampleVersion } from '../support/policies';
import { waitForCard } from './processes';
import { cardAction, install, teamsUser, testTenantId } from '../../scripts/standins/teams';

const json = (value: unknown): string => JSON.stringify(value);
const day = 86_400_000;
const claimMs = 600_000;
const inDays = (days: number): string => dayText(new Date(Date.now() + days * day));
const cardOf = (answer: { body: unknown }): unknown => (answer.body as { value: unknown }).value;

type Summary = { id: string; nextReviewDate: string; reviewStatus: string; draftVersions: number };
type Review = {
  policyId: string;
  status: string;
  nextReviewDate: string;
  cards: { stage: string; outcome: string | null }[];
};

describe('the review cycle', () => {
  const conduct = useConductBot();
  const ida = teamsUser('Ida Manager');
  const omar = teamsUser('Omar Owner');
  const alex = teamsUser('Alex Morgan');
  let policyId = '';
  let versionId = '';

  const asIda = <T>(method: string, path: string, body?: unknown) =>
    conduct().api<T>(method, path, { as: ida.aadObjectId, body });
  const reviewCards = (conversationId: string, title: string) =>
    conduct()
      .connector.cardsFor(conversationId)
      .filter((c) => json(c).includes(`Review due: ${title}`));

  /** The daily check as a fresh process would run it, with its own card sender and clock. */
  const cycleWith = (cards: ReviewCardSender, now: Date) =>
    runReviewCycle({
      models: conduct().models,
      cards,
      rules: { noticeDays: 30, timeZone: 'Europe/London' },
      now: () => now,
      logger: createLogger('silent'),
      claimMs,
    });

  /** A trust-wide staff policy whose current version is due for review in `days` days. */
  async function publishDueIn(title: string, days: number, ownerId?: string) {
    const created = await asIda<{ id: string }>('POST', '/api/policies', {
      title,
      audiences: ['staff'],
      scope: 'trust',
      ...(ownerId ? { ownerId } : {}),
    });
    const draft = await asIda<{ id: string }>('POST', `/api/policies/${created.body.id}/versions`, {
      ...sampleVersion('2026.1'),
      effectiveDate: inDays(-300),
      reviewDate: inDays(-300),
      nextReviewDate: inDays(days),
    });
    expect(draft.status).toBe(201);
    const published = await asIda(
      'POST',
      `/api/policies/${created.body.id}/versions/${draft.body.id}/publish`,
    );
    expect(published.status).toBe(200);
    return { policyId: created.body.id, versionId: draft.body.id };
  }

  beforeAll(async () => {
    const { models, connector, send } = conduct();
    const manager = await seedPerson(models, ida, { jobTitle: 'IT manager' });
    await models.RoleAssignment.create({
      tenantId: testTenantId,
      personId: manager._id,
      role: 'it_manager',
      scopeKey: 'trust',
    });
    await seedPerson(models, omar, { jobTitle: 'Deputy head' });
    await seedPerson(models, alex);
    for (const user of [ida, omar, alex]) await send(install(user, connector.url));
    ({ policyId, versionId } = await publishDueIn('Acceptable use of ICT', 10));
  });

  it('shows a policy due within the notice period as due soon, in the library and the reviews', async () => {
    const library = await asIda<{ items: Summary[] }>('GET', '/api/policies');
    expect(library.body.items.find((p) => p.id === policyId)).toMatchObject({
      nextReviewDate: inDays(10),
      reviewStatus: 'due-soon',
    });
    const reviews = await asIda<{ items: Review[]; noticeDays: number }>('GET', '/api/policy-reviews');
    expect(reviews.body.noticeDays).toBe(30);
    expect(reviews.body.items.find((r) => r.policyId === policyId)).toMatchObject({
      status: 'due-soon',
      cards: [],
    });
    const overview = await asIda<{
      reviewDue: { policyId: string; status: string; nextReviewDate: string }[];
    }>('GET', '/api/compliance/overview');
    expect(overview.body.reviewDue).toEqual([
      expect.objectContaining({
        policyId,
        status: 'due-soon',
        nextReviewDate: expect.stringContaining(inDays(10)),
      }),
    ]);
  });

  it('sends the owner one review card however often the check runs, at once or again', async () => {
    const checks = await Promise.all([
      asIda<{ sent: number }>('POST', '/api/policy-reviews/check'),
      asIda<{ sent: number }>('POST', '/api/policy-reviews/check'),
    ]);
    expect(checks.map((c) => c.status)).toEqual([200, 200]);
    expect(checks[0].body.sent + checks[1].body.sent).toBe(1);
    const again = await asIda<{ sent: number }>('POST', '/api/policy-reviews/check');
    expect(again.body).toEqual({ sent: 0, failed: 0 });
    const card = await waitForCard(conduct(), ida.conversationId, 'Review due: Acceptable use of ICT');
    expectValidCard(card);
    expect(json(card)).toContain('Publish again unchanged');
    expect(json(card)).toContain('Start a new draft');
    expect(json(card)).toContain('Set the review date');
    expect(reviewCards(ida.conversationId, 'Acceptable use of ICT')).toHaveLength(1);
    const audit = await conduct().models.AuditEvent.find({ action: 'policy.review_requested' }).lean();
    expect(audit.map((e) => e.subject?.id)).toEqual([policyId]);
  });

  it('after a restart sends nothing already sent, and once overdue sends the overdue card once', async () => {
    const sent: string[] = [];
    const cards: ReviewCardSender = {
      sendReviewCard: ({ policy, stage }) => {
        sent.push(`${policy.title}:${stage}`);
        return Promise.resolve({ status: 'sent', activityId: undefined, attempts: 1 });
      },
    };
    const cycle = (now: Date) => cycleWith(cards, now);
    // A fresh process, the same day: the stored notice stops it.
    expect(await cycle(new Date())).toEqual({ sent: 0, failed: 0 });
    // Twelve days on, the review date has passed: one overdue card, then nothing each day after.
    const later = new Date(Date.now() + 12 * day);
    expect(await cycle(later)).toEqual({ sent: 1, failed: 0 });
    expect(await cycle(later)).toEqual({ sent: 0, failed: 0 });
    expect(await cycle(new Date(later.getTime() + day))).toEqual({ sent: 0, failed: 0 });
    expect(sent).toEqual(['Acceptable use of ICT:overdue']);
  });

  it('tries a card that failed again on the next run', async () => {
    const { models } = conduct();
    const omarPerson = await models.Person.findOne({ entraObjectId: omar.aadObjectId }).lean();
    const other = await publishDueIn('Remote learning', 5, omarPerson!._id.toString());
    let fail = true;
    const sent: string[] = [];
    const cards: ReviewCardSender = {
      sendReviewCard: ({ policy, stage }) => {
        if (policy._id.toString() !== other.policyId)
          return Promise.resolve({ status: 'sent', activityId: undefined, attempts: 1 });
        if (fail) return Promise.resolve({ status: 'failed', error: 'connector unavailable', attempts: 6 });
        sent.push(`${policy.title}:${stage}`);
        return Promise.resolve({ status: 'sent', activityId: undefined, attempts: 1 });
      },
    };
    const run = () => cycleWith(cards, new Date());
    expect(await run()).toEqual({ sent: 0, failed: 1 });
    const reviews = await asIda<{ items: (Review & { cards: { status: string }[] })[] }>(
      'GET',
      '/api/policy-reviews',
    );
    expect(reviews.body.items.find((r) => r.policyId === other.policyId)?.cards).toEqual([
      expect.objectContaining({ stage: 'due-soon', status: 'failed' }),
    ]);
    fail = false;
    expect(await run()).toEqual({ sent: 1, failed: 0 });
    expect(await run()).toEqual({ sent: 0, failed: 0 });
    expect(sent).toEqual(['Remote learning:due-soon']);
  });

  it('takes over a card a stopped worker left "sending" once its claim lapses, and sends it once', async () => {
    const { models } = conduct();
    const omarPerson = await models.Person.findOne({ entraObjectId: omar.aadObjectId }).lean();
    const stuck = await publishDueIn('Email and messaging', 7, omarPerson!._id.toString());
    const sent: string[] = [];
    const sender = (stops: boolean): ReviewCardSender => ({
      sendReviewCard: ({ policy, stage }) => {
        if (policy._id.toString() === stuck.policyId) {
          // The worker claims the card, then stops before it goes (its process ends mid-send).
          if (stops) return Promise.reject(new Error('worker stopped'));
          sent.push(`${policy.title}:${stage}`);
        }
        return Promise.resolve({ status: 'sent', activityId: undefined, attempts: 1 });
      },
    });
    const start = new Date();
    await expect(cycleWith(sender(true), start)).rejects.toThrow('worker stopped');
    const notice = () => models.PolicyReviewNotice.findOne({ policyId: stuck.policyId }).lean();
    expect(await notice()).toMatchObject({ status: 'sending', attempts: 1 });
    // While the claim holds, another run leaves it to the worker that holds it...
    expect(await cycleWith(sender(false), new Date(start.getTime() + claimMs - 1_000))).toEqual({
      sent: 0,
      failed: 0,
    });
    // ...and once it lapses the next run sends it, once.
    const lapsed = new Date(start.getTime() + claimMs + 1_000);
    expect(await cycleWith(sender(false), lapsed)).toEqual({ sent: 1, failed: 0 });
    expect(await cycleWith(sender(false), new Date(lapsed.getTime() + 1_000))).toEqual({
      sent: 0,
      failed: 0,
    });
    expect(sent).toEqual(['Email and messaging:due-soon']);
    expect(await notice()).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('refuses a review date in the past on the card, keeping the date typed, and changes nothing', async () => {
    const { send, connector, models } = conduct();
    const answer = await send(
      cardAction(ida, connector.url, 'policyReview.setDate', {
        policyId,
        versionId,
        nextReviewDate: '2020-01-01',
      }),
    );
    const card = cardOf(answer);
    expectValidCard(card);
    expect(json(card)).toContain('The new review date must be today');
    expect(json(card)).toContain('"value":"2020-01-01"');
    const policy = await models.Policy.findById(policyId).lean();
    expect(policy?.review).toBeUndefined();
  });

  it('refuses a button whose data does not fit with a card saying nothing changed', async () => {
    const { send, connector } = conduct();
    const answer = await send(cardAction(ida, connector.url, 'policyReview.setDate', { policyId: 'nope' }));
    expect(json(cardOf(answer))).toContain('nothing was changed');
  });

  it('sets a new review date from the card: recorded, audited, and the policy is no longer due', async () => {
    const { send, connector, models } = conduct();
    const next = inDays(200);
    const answer = await send(
      cardAction(ida, connector.url, 'policyReview.setDate', { policyId, versionId, nextReviewDate: next }),
    );
    const card = cardOf(answer);
    expectValidCard(card);
    expect(json(card)).toContain(`Next review set for ${next.split('-').reverse().join('/')}`);
    const library = await asIda<{ items: Summary[] }>('GET', '/api/policies');
    expect(library.body.items.find((p) => p.id === policyId)).toMatchObject({
      nextReviewDate: next,
      reviewStatus: 'scheduled',
    });
    const reviews = await asIda<{ items: Review[] }>('GET', '/api/policy-reviews');
    expect(reviews.body.items.find((r) => r.policyId === policyId)?.cards.map((c) => c.outcome)).toEqual([
      'date-set',
      'date-set',
    ]);
    // The overview counts the date set after publishing, not the version's own.
    const overview = await asIda<{
      reviewDue: { policyId: string }[];
      policies: { policyId: string; nextReviewDate: string }[];
    }>('GET', '/api/compliance/overview');
    expect(overview.body.reviewDue.map((r) => r.policyId)).not.toContain(policyId);
    expect(overview.body.policies.find((p) => p.policyId === policyId)?.nextReviewDate).toContain(next);
    const audit = await models.AuditEvent.findOne({ action: 'policy.review_date_set' }).lean();
    expect(audit?.details).toMatchObject({ nextReviewDate: next, via: 'card', versionId });
  });

  it('sets the review date and period from the tab, defaulting to a period from today', async () => {
    const answer = await asIda<Review & { reviewPeriodMonths: number }>(
      'PUT',
      `/api/policies/${policyId}/review`,
      {
        reviewPeriodMonths: 24,
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      reviewPeriodMonths: 24,
      status: 'scheduled',
      nextReviewDate: dayText(monthsAfter(dayDate(inDays(0)), 24)),
    });
    const refused = await asIda<{ error: { details: unknown } }>('PUT', `/api/policies/${policyId}/review`, {
      nextReviewDate: '2026-02-30',
    });
    expect(refused.status).toBe(400);
    const stranger = await conduct().api('PUT', `/api/policies/${policyId}/review`, {
      as: alex.aadObjectId,
      body: { reviewPeriodMonths: 6 },
    });
    expect(stranger.status).toBe(403);
  });

  it('lets the owner who is not a manager set the date, but not publish: the card says why', async () => {
    const { send, connector, models } = conduct();
    const other = (await models.Policy.findOne({ title: 'Remote learning' }).lean())!;
    const target = { policyId: other._id.toString(), versionId: other.currentVersionId!.toString() };
    const refused = await send(cardAction(omar, connector.url, 'policyReview.republish', target));
    expect(json(cardOf(refused))).toContain('Only a trust-wide IT manager or a trust admin');
    expect(await models.PolicyVersion.countDocuments({ policyId: other._id })).toBe(1);
    const dated = await send(
      cardAction(omar, connector.url, 'policyReview.setDate', { ...target, nextReviewDate: inDays(90) }),
    );
    expect(json(cardOf(dated))).toContain('Next review set for');
  });

  it('publishes the policy again unchanged from the card: a new version everyone signs again', async () => {
    const { send, connector, models } = conduct();
    const answer = await send(
      cardAction(ida, connector.url, 'policyReview.republish', { policyId, versionId }),
    );
    const card = cardOf(answer);
    expectValidCard(card);
    expect(json(card)).toContain(`Published again unchanged as version reviewed ${inDays(0)}`);
    const policy = (await models.Policy.findById(policyId).lean())!;
    expect(policy.currentVersionId?.toString()).not.toBe(versionId);
    const current = (await models.PolicyVersion.findById(policy.currentVersionId).lean())!;
    const previous = (await models.PolicyVersion.findById(versionId).lean())!;
    expect([current.bodyMarkdown, current.keyPoints, current.material]).toEqual([
      previous.bodyMarkdown,
      previous.keyPoints,
      true,
    ]);
    expect(dayText(current.reviewDate)).toBe(inDays(0));
    await waitForCard(conduct(), alex.conversationId, `reviewed ${inDays(0)}`);
    expect(await models.AuditEvent.countDocuments({ action: 'policy.review_republished' })).toBe(1);
    // The old card's other button: the version it asked about is no longer current.
    const stale = await send(cardAction(ida, connector.url, 'policyReview.draft', { policyId, versionId }));
    expect(json(cardOf(stale))).toContain('has been published since this review was asked for');
    expect(await models.PolicyVersion.countDocuments({ policyId, status: 'draft' })).toBe(0);
  });

  it('starts a new draft from the current version for edits in the tab', async () => {
    const { send, connector } = conduct();
    const policy = (await conduct().models.Policy.findById(policyId).lean())!;
    const answer = await send(
      cardAction(ida, connector.url, 'policyReview.draft', {
        policyId,
        versionId: policy.currentVersionId!.toString(),
      }),
    );
    const card = cardOf(answer);
    expectValidCard(card);
    expect(json(card)).toContain(`New draft \\"draft ${inDays(0)}\\" started`);
    expect(json(card)).toContain(`/tab/admin/policies/${policyId}/versions/`);
    const detail = await asIda<Summary>('GET', `/api/policies/${policyId}`);
    expect(detail.body.draftVersions).toBe(1);
  });
});
