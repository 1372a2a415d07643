import { policyCard } from '../../bot/cards/policy-card';
import { contentHash } from '../../src/policies/content-hash';
import { expectValidCard } from '../support/cards';
import { useConductBot } from '../support/conduct';
import { sampleVersion } from '../support/policies';
import { evidencePack, newStaffPolicy, seatStaff, signOnCard, waitForCard } from './processes';
import { teamsUser } from '../../scripts/standins/teams';

const json = (value: unknown): string => JSON.stringify(value);
const notices = [
  { heading: 'Monitoring', text: 'The school can see how its internet and email are used, by everyone.' },
  { heading: 'Sanctions', text: 'Breaking these rules can lead to disciplinary action.' },
];

describe('fixed notices on a policy version', () => {
  const conduct = useConductBot();
  const manager = teamsUser('Ida Manager');
  const alex = teamsUser('Alex Morgan');
  let policyId = '';
  let versionId = '';

  beforeAll(() => seatStaff(conduct(), manager, [[alex, 'Teacher']]));

  const asManager = <T>(method: string, path: string, body?: unknown) =>
    conduct().api<T>(method, path, { as: manager.aadObjectId, body });

  it('refuses more than five notices, or an empty one, saying which', async () => {
    policyId = await newStaffPolicy(conduct(), manager.aadObjectId, 'Acceptable use of ICT');
    const tooMany = await asManager<{ error: { details: { path: string; message: string }[] } }>(
      'POST',
      `/api/policies/${policyId}/versions`,
      { ...sampleVersion('2026.1'), notices: Array.from({ length: 6 }, () => notices[0]) },
    );
    expect(tooMany.status).toBe(400);
    expect(json(tooMany.body.error.details)).toContain('at most 5 notices');
    const empty = await asManager<{ error: { details: { path: string }[] } }>(
      'POST',
      `/api/policies/${policyId}/versions`,
      { ...sampleVersion('2026.1'), notices: [{ heading: 'Monitoring', text: '' }] },
    );
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.map((d) => d.path)).toContain('notices.0.text');
  });

  it('shows the notices on the card above the signature, and on the reading page', async () => {
    const draft = await asManager<{ id: string; notices: unknown }>(
      'POST',
      `/api/policies/${policyId}/versions`,
      { ...sampleVersion('2026.1'), notices },
    );
    expect(draft.status).toBe(201);
    expect(draft.body.notices).toEqual(notices);
    versionId = draft.body.id;
    const published = await asManager('POST', `/api/policies/${policyId}/versions/${versionId}/publish`);
    expect(published.status).toBe(200);
    const card = await waitForCard(conduct(), alex.conversationId, 'Acceptable use of ICT');
    const text = json(card);
    expect(text.indexOf('Monitoring')).toBeGreaterThan(-1);
    expect(text.indexOf('disciplinary action')).toBeLessThan(text.indexOf('"id":"signedName"'));
    const reading = await conduct().api<{ notices: unknown }>(
      'GET',
      `/api/policies/${policyId}/versions/${versionId}`,
      { as: alex.aadObjectId },
    );
    expect(reading.status).toBe(200);
    expect(reading.body.notices).toEqual(notices);
  });

  it('records with the signature that the notices were shown, and the evidence pack says so', async () => {
    const { models } = conduct();
    const signed = await signOnCard(conduct(), alex, versionId, {
      signedName: 'Alex Morgan',
      jobTitle: 'Teacher',
      accepted: 'true',
    });
    expect(json(signed.body)).toContain('Signed v2026.1');
    const ack = await models.Acknowledgement.findOne({ policyVersionId: versionId }).lean();
    expect(ack?.noticesShown).toEqual(['Monitoring', 'Sanctions']);
    const pack = await evidencePack(conduct(), manager.aadObjectId, versionId);
    expect(pack.status).toBe(200);
    expect(pack.text).toContain('Monitoring; Sanctions');
  });
});

describe('notices and the content fingerprint', () => {
  const content = { policyTitle: 'Acceptable use', label: '1', bodyMarkdown: '# Text', keyPoints: ['a'] };

  it('changes the fingerprint when a notice changes, and leaves a version without notices as before', () => {
    expect(contentHash({ ...content, notices: [] })).toBe(contentHash(content));
    const withNotices = contentHash({ ...content, notices });
    expect(withNotices).not.toBe(contentHash(content));
    expect(contentHash({ ...content, notices: [{ ...notices[0]!, text: 'Changed.' }] })).not.toBe(
      withNotices,
    );
  });

  it('puts each notice on the card in a box the card parser accepts', () => {
    const card = policyCard({
      policyTitle: 'Acceptable use',
      versionId: '6740a1b2c3d4e5f601234567',
      label: '1',
      keyPoints: ['a', 'b', 'c'],
      notices,
      readWith: [],
      readUrl: 'https://conduct.example.org/tab/my-policies',
      dueAt: undefined,
      timeZone: 'Europe/London',
      recipientObjectId: undefined,
      state: { kind: 'to-sign', signedName: 'Alex', jobTitle: '' },
    });
    expectValidCard(card);
  });
});
