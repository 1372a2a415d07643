import { useConductBot } from '../support/conduct';
import { publishPolicy, sampleVersion } from '../support/policies';
import { evidencePack, newStaffPolicy, seatStaff, signOnCard, waitForCard } from './processes';
import { cardAction, teamsUser } from '../../scripts/standins/teams';

const json = (value: unknown): string => JSON.stringify(value);
type Refusal = { error: { details: { path: string; message: string }[] } };

describe('policies read together', () => {
  const conduct = useConductBot();
  const manager = teamsUser('Ida Manager');
  const alex = teamsUser('Alex Morgan');
  const bea = teamsUser('Bea Brown');
  let onlineSafetyId = '';
  let policyId = '';
  let versionId = '';

  beforeAll(async () => {
    await seatStaff(conduct(), manager, [
      [alex, 'Teacher'],
      [bea, 'Librarian'],
    ]);
    ({ policyId: onlineSafetyId } = await publishPolicy(conduct(), manager.aadObjectId, 'Online safety'));
  });

  const asManager = <T>(method: string, path: string, body?: unknown) =>
    conduct().api<T>(method, path, { as: manager.aadObjectId, body });

  it('refuses to name the policy itself, or a policy that does not exist, saying which', async () => {
    policyId = await newStaffPolicy(conduct(), manager.aadObjectId, 'Acceptable use of ICT');
    const refused = await asManager<Refusal>('POST', `/api/policies/${policyId}/versions`, {
      ...sampleVersion('2026.1'),
      readWith: [policyId, '0123456789abcdef01234567'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([
      { path: 'readWith.0', message: expect.stringContaining('this policy itself') },
      { path: 'readWith.1', message: 'is not a policy of this trust' },
    ]);
    expect(await conduct().models.PolicyVersion.countDocuments({ policyId })).toBe(0);
  });

  it('links the other policy on the card, with a tick to say it was read', async () => {
    const draft = await asManager<{ id: string; readWith: unknown }>(
      'POST',
      `/api/policies/${policyId}/versions`,
      { ...sampleVersion('2026.1'), readWith: [onlineSafetyId] },
    );
    expect(draft.status).toBe(201);
    expect(draft.body.readWith).toEqual([{ policyId: onlineSafetyId, title: 'Online safety' }]);
    versionId = draft.body.id;
    expect((await asManager('POST', `/api/policies/${policyId}/versions/${versionId}/publish`)).status).toBe(
      200,
    );
    const card = json(await waitForCard(conduct(), alex.conversationId, 'Acceptable use of ICT'));
    expect(card).toContain('"title":"Open Online safety"');
    expect(card).toContain(`/tab/my-policies?policy=${onlineSafetyId}`);
    expect(card).toContain(`{"title":"I have read Online safety","value":"${onlineSafetyId}"}`);
  });

  it('refuses a tick for a policy the card does not link, storing nothing', async () => {
    const { models } = conduct();
    const refused = await signOnCard(conduct(), bea, versionId, {
      signedName: 'Bea Brown',
      accepted: 'true',
      readWith: `${onlineSafetyId},0123456789abcdef01234567`,
    });
    expect(json(refused.body)).toContain('Only the policies this card links can be marked as read.');
    expect(await models.Acknowledgement.countDocuments({ policyVersionId: versionId })).toBe(0);
  });

  it('keeps what was ticked when a signature without a name is refused', async () => {
    const { send, connector, models } = conduct();
    const refused = await send(
      cardAction(bea, connector.url, 'policy.sign', {
        versionId,
        signedName: ' ',
        accepted: 'true',
        readWith: onlineSafetyId,
      }),
    );
    const card = json(refused.body);
    expect(card).toContain('Enter your full name to sign.');
    expect(card).toContain(`"id":"readWith","label":"Which of these have you read?"`);
    expect(card).toMatch(new RegExp(`"id":"readWith"[^\\]]*\\][^}]*"value":"${onlineSafetyId}"`));
    expect(card).toMatch(/"id":"accepted"[^}]*"value":"true"/);
    expect(await models.Acknowledgement.countDocuments({ policyVersionId: versionId })).toBe(0);
  });

  it('records which were read with the signature, on the card, in the tab and in the evidence pack', async () => {
    const { models } = conduct();
    const signed = await signOnCard(conduct(), alex, versionId, {
      signedName: 'Alex Morgan',
      jobTitle: 'Teacher',
      accepted: 'true',
      readWith: onlineSafetyId,
    });
    expect(json(signed.body)).toContain('Read together with: Online safety.');
    const audited = await models.AuditEvent.findOne({
      action: 'acknowledgement.signed',
      'subject.id': versionId,
    }).lean();
    expect(audited?.details).toMatchObject({ via: 'card', readWith: onlineSafetyId, notices: '' });
    const inTab = await conduct().api<{ created: boolean }>('POST', `/api/my/policies/${versionId}/sign`, {
      as: bea.aadObjectId,
      body: { signedName: 'Bea Brown', accepted: true, readWith: [] },
    });
    expect(inTab.status).toBe(201);
    const acks = await models.Acknowledgement.find({ policyVersionId: versionId })
      .sort({ signedName: 1 })
      .lean();
    expect(acks.map((a) => [a.signedName, a.readWith.map((r) => r.title)])).toEqual([
      ['Alex Morgan', ['Online safety']],
      ['Bea Brown', []],
    ]);
    const { text } = await evidencePack(conduct(), manager.aadObjectId, versionId);
    expect(text).toContain('Read together with Online safety');
    expect(text).toContain('none of them');
  });
});
