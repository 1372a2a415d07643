import { helpCard } from '../../bot/cards/help-card';
import { myPoliciesCard } from '../../bot/cards/my-policies-card';
import { overdueCard } from '../../bot/cards/overdue-card';
import { policyCard, type PolicyCardView } from '../../bot/cards/policy-card';
import { welcomeCard } from '../../bot/cards/welcome-card';
import { cardProblems, expectValidCard } from '../support/cards';

const base: Omit<PolicyCardView, 'state'> = {
  policyTitle: 'Acceptable use of ICT',
  versionId: '6740a1b2c3d4e5f601234567',
  label: '2026.1',
  keyPoints: ['Keep your passwords private', 'Lock your screen', 'Report a virus at once'],
  notices: [],
  readWith: [],
  readUrl: 'https://conduct.example.org/tab/my-policies?version=6740a1b2c3d4e5f601234567',
  dueAt: new Date('2026-12-05T12:00:00Z'),
  timeZone: 'Europe/London',
  recipientObjectId: '00000000-0000-4000-8000-000000000001',
};
const text = (card: unknown): string => JSON.stringify(card);

describe('the policy card', () => {
  it('asks for name, job title and an explicit acceptance, prefilled, with a sign button and a refresh', () => {
    const card = policyCard({
      ...base,
      state: { kind: 'to-sign', signedName: 'Alex Morgan', jobTitle: 'Teacher' },
    });
    expectValidCard(card);
    expect(text(card)).toContain('please sign by Saturday 5 December 2026');
    expect(card.body.filter((e) => e.type.startsWith('Input.')).map((e) => e.id)).toEqual([
      'signedName',
      'jobTitle',
      'accepted',
    ]);
    expect(card.actions?.map((a) => a.title)).toEqual(['Sign', 'Read the full policy']);
    expect(card.refresh?.userIds).toEqual([base.recipientObjectId]);
  });

  it('shows why the last attempt was refused, and marks a reminder', () => {
    const card = policyCard({
      ...base,
      state: {
        kind: 'to-sign',
        signedName: '',
        jobTitle: '',
        error: 'Enter your full name to sign.',
        reminder: true,
      },
    });
    expectValidCard(card);
    expect(text(card)).toContain('Enter your full name to sign.');
    expect(text(card)).toContain('Reminder: this policy still needs your signature.');
  });

  it('reads "Signed v2026.1 on 21/11/2026 by …" once signed, with no inputs left', () => {
    const card = policyCard({
      ...base,
      state: {
        kind: 'signed',
        signedName: 'Alex Morgan',
        jobTitle: 'Teacher',
        signedAt: new Date('2026-11-21T10:00:00Z'),
      },
    });
    expectValidCard(card);
    expect(text(card)).toContain('Signed v2026.1 on 21/11/2026 by Alex Morgan (Teacher)');
    expect(text(card)).not.toContain('Input.');
  });

  it('says a superseded version was replaced and offers the current one', () => {
    const card = policyCard({
      ...base,
      state: { kind: 'superseded', currentLabel: '2026.2', currentVersionId: '6740a1b2c3d4e5f601234568' },
    });
    expectValidCard(card);
    expect(text(card)).toContain('replaced by version 2026.2');
    expect(card.actions?.[0]).toMatchObject({
      verb: 'policy.showCurrent',
      data: { versionId: '6740a1b2c3d4e5f601234568' },
    });
  });

  it('is valid when withdrawn', () => {
    expectValidCard(policyCard({ ...base, state: { kind: 'withdrawn' } }));
  });
});

describe('the other cards', () => {
  it('are valid Adaptive Cards', () => {
    expectValidCard(welcomeCard({ firstName: 'Alex', known: true }));
    expectValidCard(welcomeCard({ firstName: undefined, known: false }));
    expectValidCard(helpCard({ commands: [{ name: 'help', description: 'Show this list.' }] }));
    expectValidCard(
      myPoliciesCard({
        outstanding: [
          { policyId: 'p', policyVersionId: 'v', title: 'AUP', label: '1', dueAt: new Date(), keyPoints: [] },
        ],
        signed: [
          {
            policyId: 'q',
            policyVersionId: 'w',
            title: 'Code',
            label: '2',
            signedAt: new Date(),
            signedName: 'A',
            jobTitle: null,
            via: 'card',
            signedLabel: '1',
            signedVersionId: 'e',
          },
        ],
        timeZone: 'Europe/London',
        tabUrl: 'https://conduct.example.org/tab/my-policies',
      }),
    );
    expectValidCard(
      overdueCard({
        recipientName: 'Head',
        policyTitle: 'AUP',
        label: '1',
        scope: 'school',
        overdue: Array.from({ length: 30 }, (_, i) => ({ displayName: `Person ${i}`, dueAt: new Date() })),
        outstandingUrl: 'https://conduct.example.org/tab/admin',
        timeZone: 'Europe/London',
      }),
    );
  });

  it('the validator itself catches a broken card', () => {
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Nonsense' }] })).not.toEqual(
      [],
    );
  });
});
