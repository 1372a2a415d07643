import {
  menuCard,
  myReportsCard,
  passwordAdviceCard,
  promptCard,
  resumeCard,
  submittedCard,
} from '../../bot/incidents/intake-cards';
import { claimedCard, claimRefusedCard, noticeCard } from '../../bot/incidents/notice-cards';
import type { IntakePrompt } from '../../src/incidents/prompt';
import type { IncidentNotice } from '../../src/incidents/messages';
import { findIncidentType, incidentTypes } from '../../src/incidents/catalogue';
import { expectValidCard } from '../support/cards';

const virus = findIncidentType('virus')!;
const breach = findIncidentType('data_breach')!;
const notice: IncidentNotice = {
  incidentId: '65f0c0ffee0000000000abcd',
  reference: 'INC-2026-0042',
  typeLabel: 'Virus or malware',
  restricted: false,
  status: 'new',
  schoolName: 'North Hill School',
  reporterName: 'Ann Teacher',
  reportedAt: new Date('2026-11-23T10:00:00Z'),
  lines: [
    { label: 'Device', value: 'Library PC 3' },
    { label: 'What happened', value: 'x'.repeat(2_000) },
  ],
  ownerName: undefined,
  breachDeadlineAt: undefined,
  urgency: undefined,
};

describe('the incident cards', () => {
  it('are valid Adaptive Cards: every question of every type, the school, the summary', () => {
    for (const type of incidentTypes) {
      type.fields.forEach((field, index) => {
        const prompt: IntakePrompt = {
          kind: 'question',
          type,
          field,
          number: index + 1,
          total: type.fields.length + 1,
          canGoBack: index > 0,
          ...(index % 2 ? { problem: 'Please answer yes or no.', previous: 'earlier answer' } : {}),
        };
        expectValidCard(promptCard(prompt, { offerOtherTypes: index === 0 }));
      });
    }
    expectValidCard(
      promptCard({
        kind: 'school',
        type: virus,
        number: 1,
        total: 7,
        schools: [
          { id: 'a', name: 'North Hill' },
          { id: 'b', name: 'South Vale' },
        ],
      }),
    );
    expectValidCard(
      promptCard({
        kind: 'confirm',
        reporter: 'Ann Teacher',
        type: virus,
        number: 6,
        total: 6,
        school: 'North Hill',
        lines: [{ label: 'Device', value: 'PC' }],
        sealedShown: false,
      }),
    );
  });

  it('are valid for the menu, the advice, the acknowledgement, a stale report and "my reports"', () => {
    expectValidCard(menuCard({ types: incidentTypes, inProgress: 'You are part-way through a report' }));
    expectValidCard(passwordAdviceCard('https://passwordreset.microsoftonline.com/'));
    expectValidCard(
      submittedCard({
        reference: 'INC-2026-0042',
        type: findIncidentType('lost_device')!,
        handlerLabel: 'ICT helpdesk',
        followUp: { type: breach, prompt: 'Report a breach too?', reference: 'INC-2026-0042' },
      }),
    );
    expectValidCard(
      submittedCard({
        reference: 'INC-2026-0043',
        type: findIncidentType('child_safety')!,
        handlerLabel: 'DSL',
      }),
    );
    expectValidCard(resumeCard({ type: virus, startedAt: new Date(), timeZone: 'Europe/London' }));
    expectValidCard(myReportsCard([], 'Europe/London'));
    expectValidCard(
      myReportsCard(
        [
          {
            id: '1',
            reference: 'INC-2026-0042',
            type: 'virus',
            typeLabel: 'Virus or malware',
            status: 'in_progress',
            restricted: false,
            schoolId: null,
            schoolName: null,
            reporterName: 'Ann',
            ownerName: 'Harriet',
            reportedAt: new Date(),
            escalatedAt: null,
            urgency: null,
            breach: null,
            messages: [{ at: new Date(), from: 'Harriet', text: 'Reimaging it this afternoon' }],
          },
        ],
        'Europe/London',
      ),
    );
  });

  it('are valid for every message Conduct sends first, and keep long answers short', () => {
    const breachNotice = {
      ...notice,
      typeLabel: 'Data breach',
      breachDeadlineAt: new Date('2026-11-26T10:00:00Z'),
    };
    const cards = [
      noticeCard({ kind: 'new', notice }, 'Europe/London'),
      noticeCard(
        { kind: 'escalated', notice, reason: 'nobody has taken ownership of it in 2 hours' },
        'Europe/London',
      ),
      noticeCard({ kind: 'copy', notice, reason: 'it may involve personal data' }, 'Europe/London'),
      noticeCard({ kind: 'breach-reminder', notice: breachNotice, hoursSinceAware: 48 }, 'Europe/London'),
      noticeCard(
        { kind: 'status', notice: { ...notice, status: 'triaged', ownerName: 'Harriet' } },
        'Europe/London',
      ),
      noticeCard({ kind: 'new', notice: { ...notice, restricted: true, lines: [] } }, 'Europe/London'),
      claimedCard(notice, 'Europe/London'),
      claimRefusedCard('Harriet Helpdesk has already taken ownership of INC-2026-0042.'),
    ];
    cards.forEach(expectValidCard);
    expect(JSON.stringify(cards[0])).not.toContain('x'.repeat(400));
    expect(JSON.stringify(cards[3])).toContain('26/11/2026 10:00');
  });
});
