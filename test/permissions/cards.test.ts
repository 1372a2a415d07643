import {
  askingCard,
  decisionCard,
  permissionMenuCard,
  permissionRefusedCard,
  requesterCard,
  sentCard,
} from '../../bot/cards/permission-cards';
import { defaultPermissionKinds } from '../../src/permissions/kinds';
import type { PermissionView } from '../../src/permissions/views';
import { expectValidCard } from '../support/cards';

const timeZone = 'Europe/London';
const pending: PermissionView = {
  id: '65f0c0ffee0000000000abcd',
  reference: 'PRM-2026-0007',
  kind: 'data_off_site',
  kindLabel: 'Taking personal data off site',
  status: 'pending',
  statusLabel: 'Waiting for a decision',
  requesterId: '65f0c0ffee0000000000abce',
  requesterName: 'Ann Teacher',
  schoolName: 'North Hill School',
  answers: [
    { label: 'What', value: 'The SEN files' },
    { label: 'Until', value: 'Friday 4 December 2026' },
  ],
  startsAt: new Date('2026-11-27T00:00:00Z'),
  endsAt: new Date('2026-12-05T00:00:00Z'),
  requestedAt: new Date('2026-11-26T10:00:00Z'),
  approvers: 'Headteacher or Trust leader',
  decision: null,
};
const approved: PermissionView = {
  ...pending,
  status: 'approved',
  statusLabel: 'Approved',
  decision: {
    outcome: 'approved_with_conditions',
    outcomeLabel: 'Approved with conditions',
    reason: 'Reports are due',
    conditions: 'Encrypted laptop only',
    byName: 'Hana Head',
    at: new Date('2026-11-26T12:00:00Z'),
  },
};

describe('permission cards', () => {
  it('offers every kind, each a button', () => {
    const menu = permissionMenuCard({ kinds: defaultPermissionKinds });
    expectValidCard(menu);
    expect(JSON.stringify(menu).match(/"verb":"permission\.start"/g)).toHaveLength(
      defaultPermissionKinds.length,
    );
  });

  it('asks one question, offering Skip only when it may be skipped, and shows the summary to send', () => {
    const kind = defaultPermissionKinds[2]!;
    const first = askingCard({
      kind: 'question',
      kindLabel: kind.label,
      question: kind.questions[0]!,
      number: 1,
      total: kind.questions.length,
      canGoBack: false,
    });
    expectValidCard(first);
    expect(JSON.stringify(first)).not.toContain('Skip');
    const until = askingCard({
      kind: 'question',
      kindLabel: kind.label,
      question: kind.questions.find((q) => q.key === 'until')!,
      number: 4,
      total: 4,
      canGoBack: true,
      problem: 'That day has passed',
    });
    expectValidCard(until);
    expect(JSON.stringify(until)).toContain('Skip');
    expect(JSON.stringify(until)).toContain('That day has passed');
    const confirm = askingCard({
      kind: 'confirm',
      kindLabel: kind.label,
      lines: [{ label: 'What', value: 'Zoom' }],
      approvers: 'IT manager',
    });
    expectValidCard(confirm);
    expect(JSON.stringify(confirm)).toContain('permission.send');
  });

  it('asks a person in more than one school which it is for, a button each carrying the school', () => {
    const choose = askingCard({
      kind: 'school',
      kindLabel: 'Personal use of school ICT',
      schools: [
        { id: '65f0c0ffee0000000000aaaa', name: 'North Hill School' },
        { id: '65f0c0ffee0000000000bbbb', name: 'South Vale School' },
      ],
    });
    expectValidCard(choose);
    const text = JSON.stringify(choose);
    expect(text).toContain('Which school is this request for?');
    for (const id of ['65f0c0ffee0000000000aaaa', '65f0c0ffee0000000000bbbb'])
      expect(text).toContain(`"verb":"permission.answer","step":"school","value":"${id}"`);
    expect(text).toContain('South Vale School');
    // Once sent, the card says which school's approvers have it, roles written as they are named.
    const sent = JSON.stringify(sentCard({ request: pending, told: 1 }));
    expect(sent).toContain('North Hill School');
    expect(sent).toContain('Sent to the approvers (Headteacher or Trust leader)');
  });

  it('gives the approver three decisions while pending, refreshing for every approver, and the outcome once decided', () => {
    const open = decisionCard(pending, { timeZone, approverIds: ['a', 'b'] });
    expectValidCard(open);
    const text = JSON.stringify(open);
    for (const outcome of ['"approved"', '"approved_with_conditions"', '"declined"'])
      expect(text).toContain(outcome);
    expect(open.refresh?.userIds).toEqual(['a', 'b']);
    const done = decisionCard(approved, { timeZone, approverIds: ['a', 'b'] });
    expectValidCard(done);
    expect(JSON.stringify(done)).toContain('Approved with conditions by Hana Head');
    expect(JSON.stringify(done)).toContain('Encrypted laptop only');
    expect(JSON.stringify(done)).not.toContain('permission.decide');
  });

  it('tells the requester the decision, that it ends soon, that it ended; and says when nobody could be sent it', () => {
    for (const kind of ['decided', 'ending-soon', 'expired'] as const)
      expectValidCard(requesterCard({ kind, request: approved }, timeZone));
    expect(JSON.stringify(requesterCard({ kind: 'ending-soon', request: approved }, timeZone))).toContain(
      'Friday 4 December 2026',
    );
    const nobody = sentCard({ request: pending, told: 0 });
    expectValidCard(nobody);
    expect(JSON.stringify(nobody)).toContain('nobody holding the role');
    expectValidCard(permissionRefusedCard('No.'));
  });
});
