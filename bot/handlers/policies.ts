import { Types } from 'mongoose';
import { z } from 'zod';
import { signatureFields } from '../../src/acknowledgements/input';
import type { Acknowledgements } from '../../src/acknowledgements/module';
import type { VersionStanding } from '../../src/acknowledgements/status';
import type { Person } from '../../src/directory/model';
import type { Policy, PolicyVersion } from '../../src/policies/model';
import { isAppError } from '../../src/errors';
import { objectId } from '../../src/shared/input';
import { dueDateAfter } from '../../src/shared/time';
import { card, type AdaptiveCard } from '../cards/card';
import { heading, paragraph } from '../cards/text';
import { policyCard, policyVerbs, type PolicyCardView } from '../cards/policy-card';
import { myPoliciesCard } from '../cards/my-policies-card';
import { phraseMatcher, type BotRoutes, type BotTurn, type VerbHandler } from '../router';

export interface PolicyBotDeps {
  acknowledgements: Pick<Acknowledgements, 'sign' | 'standing' | 'mine'>;
  timeZone: string;
  publicBaseUrl: string;
  now: () => Date;
}

type CardState = PolicyCardView['state'];

/** Where the card's "Read the full policy" goes: the personal tab's reading page. */
export const readUrl = (publicBaseUrl: string, versionId: string): string =>
  `${publicBaseUrl}/tab/my-policies?version=${encodeURIComponent(versionId)}`;

/** Where a policy read together with another opens: its current version on the reading page. */
export const policyReadUrl = (publicBaseUrl: string, policyId: string): string =>
  `${publicBaseUrl}/tab/my-policies?policy=${encodeURIComponent(policyId)}`;

/** Renders a person's standing on a version as their card; `form` carries a refused attempt. */
export function cardForStanding(
  deps: Pick<PolicyBotDeps, 'timeZone' | 'publicBaseUrl'>,
  person: Pick<Person, 'displayName' | 'jobTitle' | 'entraObjectId'>,
  standing: Exclude<VersionStanding, { kind: 'unknown' }>,
  form?: {
    signedName: string;
    jobTitle: string;
    error: string;
    ticked?: { accepted: boolean; readWith: readonly string[] };
  },
  reminder = false,
): AdaptiveCard {
  const state: CardState =
    standing.kind === 'signed'
      ? {
          kind: 'signed',
          signedName: standing.acknowledgement.signedName,
          jobTitle: standing.acknowledgement.jobTitle ?? undefined,
          signedAt: standing.acknowledgement.signedAt,
          alsoRead: (standing.acknowledgement.readWith ?? []).map((other) => other.title),
        }
      : standing.kind === 'superseded'
        ? {
            kind: 'superseded',
            currentLabel: standing.current.label,
            currentVersionId: standing.current._id.toString(),
          }
        : standing.kind === 'withdrawn'
          ? { kind: 'withdrawn' }
          : {
              kind: 'to-sign',
              signedName: form?.signedName ?? person.displayName,
              jobTitle: form?.jobTitle ?? person.jobTitle ?? '',
              ...(form ? { error: form.error } : {}),
              ...(form?.ticked ? { ticked: form.ticked } : {}),
              reminder,
            };
  return policyCard({
    policyTitle: standing.policy.title,
    policyId: standing.policy._id.toString(),
    versionId: standing.version._id.toString(),
    label: standing.version.label,
    keyPoints: standing.version.keyPoints,
    notices: standing.version.notices ?? [],
    readWith: (standing.version.readWith ?? []).map((other) => ({
      policyId: other.policyId.toString(),
      title: other.title,
      url: policyReadUrl(deps.publicBaseUrl, other.policyId.toString()),
    })),
    readUrl: readUrl(deps.publicBaseUrl, standing.version._id.toString()),
    dueAt: standing.kind === 'to-sign' ? standing.dueAt : undefined,
    timeZone: deps.timeZone,
    recipientObjectId: person.entraObjectId,
    state,
  });
}

const notForYou = (text: string): AdaptiveCard => card([heading('Conduct'), paragraph(text)]);

/** The card's data for refresh and "show the current version" (Action.Execute adds its own fields). */
const versionData = z.object({ versionId: objectId });
/** The sign button's data: the version and the form, with the tab's signing fields. */
const signData = versionData.extend(signatureFields);

const unreadable = (): AdaptiveCard =>
  notForYou(
    'That button sent something I could not read, so nothing was signed. Type "my policies" for a fresh card.',
  );

/** The policy card's Universal Actions: sign, refresh and "show the current version". */
export function policyBotRoutes(deps: PolicyBotDeps): Partial<BotRoutes> {
  const { acknowledgements } = deps;
  const current = async (turn: BotTurn, versionId: Types.ObjectId): Promise<AdaptiveCard> => {
    if (!turn.person)
      return notForYou("I can't find you in the school's directory, so there is nothing for you to sign.");
    const standing = await acknowledgements.standing(turn.person, versionId);
    if (standing.kind === 'unknown') return notForYou('This policy is no longer available.');
    return cardForStanding(deps, turn.person, standing);
  };

  const showCurrent: VerbHandler = async (turn, data) => {
    const parsed = versionData.safeParse(data);
    return parsed.success ? current(turn, parsed.data.versionId) : unreadable();
  };

  const sign: VerbHandler = async (turn, data) => {
    const parsed = signData.safeParse(data);
    if (!parsed.success) return unreadable();
    const { versionId, ...form } = parsed.data;
    if (!turn.person) return current(turn, versionId);
    try {
      const signed = await acknowledgements.sign({ person: turn.person, versionId, ...form, via: 'card' });
      return cardForStanding(deps, turn.person, { kind: 'signed', ...signed });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'validation_failed') return current(turn, versionId);
      const standing = await acknowledgements.standing(turn.person, versionId);
      if (standing.kind === 'unknown') return notForYou('This policy is no longer available.');
      return cardForStanding(deps, turn.person, standing, {
        signedName: form.signedName ?? '',
        jobTitle: form.jobTitle ?? '',
        error: error.message,
        ticked: {
          accepted: form.accepted === true || form.accepted === 'true',
          readWith: typeof form.readWith === 'string' ? form.readWith.split(',') : (form.readWith ?? []),
        },
      });
    }
  };

  const listMine = async (turn: BotTurn): Promise<void> => {
    if (!turn.person) {
      await turn.sendText("I can't find you in the school's directory yet, so I have no policies for you.");
      return;
    }
    const mine = await acknowledgements.mine(turn.person);
    await turn.sendCard(
      myPoliciesCard({ ...mine, timeZone: deps.timeZone, tabUrl: `${deps.publicBaseUrl}/tab/my-policies` }),
    );
    for (const item of mine.outstanding.slice(0, 5)) {
      await turn.sendCard(await current(turn, new Types.ObjectId(item.policyVersionId)));
    }
  };

  return {
    commands: [
      {
        name: 'my policies',
        description: 'What is waiting for your signature, and what you have signed.',
        matches: phraseMatcher(
          'my policies',
          'policies',
          'my policy',
          'what do i need to sign',
          'outstanding',
        ),
        handle: listMine,
      },
    ],
    verbs: {
      [policyVerbs.sign]: sign,
      [policyVerbs.refresh]: showCurrent,
      [policyVerbs.showCurrent]: showCurrent,
    },
  };
}

/** The card a version would send, for the policy page's preview (drafts included). */
export function previewPolicyCard(deps: Pick<PolicyBotDeps, 'timeZone' | 'publicBaseUrl' | 'now'>) {
  return (input: {
    policy: Policy;
    version: PolicyVersion;
    recipient: { displayName: string; jobTitle?: string };
  }): AdaptiveCard =>
    cardForStanding(
      deps,
      {
        displayName: input.recipient.displayName,
        jobTitle: input.recipient.jobTitle ?? '',
        entraObjectId: '',
      },
      {
        kind: 'to-sign',
        policy: input.policy,
        version: input.version,
        dueAt: dueDateAfter(deps.now(), input.version.dueDays, deps.timeZone),
      },
    );
}
