import { z } from 'zod';
import { isAppError } from '../../src/errors';
import { monthsAfter } from '../../src/policies/review/actions';
import type { PolicyReviews } from '../../src/policies/review/module';
import type { PolicyReviewItem } from '../../src/policies/review/overview';
import { dayDate, dayText, schoolToday } from '../../src/policies/views';
import { idText } from '../../src/shared/input';
import { card, type AdaptiveCard } from '../cards/card';
import { heading, paragraph } from '../cards/text';
import { reviewAnsweredCard, reviewCard, reviewVerbs } from '../cards/review-card';
import type { BotRoutes, BotTurn, VerbHandler } from '../router';

export interface ReviewBotDeps {
  reviews: Pick<PolicyReviews, 'setDate' | 'republish' | 'draft' | 'current'>;
  timeZone: string;
  publicBaseUrl: string;
  now: () => Date;
}

/** The tab's page of a policy, and of one of its versions. */
export const policyPageUrl = (publicBaseUrl: string, policyId: string, versionId?: string): string =>
  `${publicBaseUrl}/tab/admin/policies/${encodeURIComponent(policyId)}${versionId ? `/versions/${encodeURIComponent(versionId)}` : ''}`;

const target = z.object({ policyId: idText, versionId: idText });
const dateAnswer = target.extend({ nextReviewDate: z.string().max(40).optional() });

/** A refusal as a sentence: the fields' own messages when there are some. */
function reasonOf(error: {
  message: string;
  details?: readonly { path: string; message: string }[] | undefined;
}) {
  if (!error.details || error.details.length === 0) return error.message;
  return error.details
    .map((d) => (d.path === 'nextReviewDate' ? `The new review date ${d.message}.` : `${d.message}.`))
    .join(' ');
}

const refused = (text: string): AdaptiveCard => card([heading('Policy review'), paragraph(text)]);
const unreadable = (): AdaptiveCard =>
  refused(
    'That button sent something I could not read, so nothing was changed. Open the policy in the tab to review it there.',
  );

/** The review card as it stands now, for an owner (after a refusal: with the reason and what they typed). */
export function reviewCardFor(
  deps: Pick<ReviewBotDeps, 'timeZone' | 'publicBaseUrl' | 'now'>,
  review: Pick<
    PolicyReviewItem,
    'policyId' | 'versionId' | 'title' | 'versionLabel' | 'nextReviewDate' | 'reviewPeriodMonths'
  > & { ownerName: string; stage: 'due-soon' | 'overdue' },
  form?: { nextReviewDate?: string | undefined; error: string },
): AdaptiveCard {
  const today = schoolToday(deps.now(), deps.timeZone);
  return reviewCard({
    policyId: review.policyId,
    versionId: review.versionId,
    policyTitle: review.title,
    label: review.versionLabel,
    ownerName: review.ownerName,
    nextReviewDate: dayDate(review.nextReviewDate),
    stage: review.stage,
    suggestedDate: form?.nextReviewDate ?? dayText(monthsAfter(today, review.reviewPeriodMonths)),
    policyUrl: policyPageUrl(deps.publicBaseUrl, review.policyId),
    timeZone: deps.timeZone,
    ...(form ? { error: form.error } : {}),
  });
}

/** The review card's Universal Actions: publish again unchanged, start a new draft, set a new date. */
export function reviewBotRoutes(deps: ReviewBotDeps): Partial<BotRoutes> {
  const { reviews } = deps;

  /** Runs an answer; a refusal re-shows the card with the reason, keeping the date typed. */
  const answer =
    <S extends typeof target>(
      schema: S,
      act: (
        turn: BotTurn & { person: NonNullable<BotTurn['person']> },
        data: z.infer<S>,
      ) => Promise<AdaptiveCard>,
    ): VerbHandler =>
    async (turn, data) => {
      const parsed = schema.safeParse(data);
      if (!parsed.success) return unreadable();
      const person = turn.person;
      if (!person) return refused("I can't find you in the school's directory, so I can't record a review.");
      try {
        return await act({ ...turn, person }, parsed.data);
      } catch (error) {
        if (!isAppError(error) || error.status >= 500) throw error;
        const { policyId } = parsed.data;
        const current = await reviews.current(person.tenantId, policyId).catch(() => undefined);
        if (!current || current.status === 'scheduled' || current.versionId !== parsed.data.versionId) {
          return refused(error.message);
        }
        const typed = (parsed.data as { nextReviewDate?: string }).nextReviewDate;
        return reviewCardFor(
          deps,
          { ...current, ownerName: current.owner.displayName ?? person.displayName, stage: current.status },
          { nextReviewDate: typed, error: reasonOf(error) },
        );
      }
    };

  const who = (turn: { tenantId: string; person: { entraObjectId: string } }) => ({
    tenantId: turn.tenantId,
    entraObjectId: turn.person.entraObjectId,
  });

  return {
    verbs: {
      [reviewVerbs.setDate]: answer(dateAnswer, async (turn, data) => {
        const review = await reviews.setDate(who(turn), data, {
          ...(data.nextReviewDate ? { nextReviewDate: data.nextReviewDate } : {}),
        });
        return reviewAnsweredCard({
          policyTitle: review.title,
          done: `Next review set for ${review.nextReviewDate.split('-').reverse().join('/')}.`,
          then: 'You will be asked again when it comes near.',
          link: { title: 'Open the policy', url: policyPageUrl(deps.publicBaseUrl, review.policyId) },
        });
      }),
      [reviewVerbs.republish]: answer(target, async (turn, data) => {
        const published = await reviews.republish(who(turn), data);
        return reviewAnsweredCard({
          policyTitle: (await reviews.current(turn.tenantId, data.policyId)).title,
          done: `Published again unchanged as version ${published.label}.`,
          then: 'Everyone it applies to is being asked to sign it again.',
          link: {
            title: 'See the new version',
            url: policyPageUrl(deps.publicBaseUrl, data.policyId, published.versionId),
          },
        });
      }),
      [reviewVerbs.draft]: answer(target, async (turn, data) => {
        const draft = await reviews.draft(who(turn), data);
        return reviewAnsweredCard({
          policyTitle: (await reviews.current(turn.tenantId, data.policyId)).title,
          done: `New draft "${draft.label}" started from the current version.`,
          then: 'Edit it in the tab and publish it when it is ready; the review date comes with it.',
          link: {
            title: 'Edit the draft',
            url: policyPageUrl(deps.publicBaseUrl, data.policyId, draft.versionId),
          },
        });
      }),
    },
  };
}
