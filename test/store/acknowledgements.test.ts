import { Types } from 'mongoose';
import { recordAcknowledgement, type NewAcknowledgement } from '../../src/acknowledgements/store';
import { isDuplicateKey } from '../../src/store/duplicate-key';
import { useTestDatabase } from '../support/database';

const signature = (personId: Types.ObjectId, policyVersionId: Types.ObjectId): NewAcknowledgement => ({
  tenantId: 'tenant-1',
  personId,
  policyId: new Types.ObjectId(),
  policyVersionId,
  signedName: 'Alex Morgan',
  jobTitle: 'Year 4 teacher',
  signedAt: new Date('2026-11-21T09:15:00Z'),
  contentHash: 'sha256:abc',
  via: 'card',
});

describe('acknowledgements are recorded once per person and policy version', () => {
  const db = useTestDatabase();

  it('refuses a second acknowledgement for the same person and version at the database', async () => {
    const { Acknowledgement } = db().models;
    const input = signature(new Types.ObjectId(), new Types.ObjectId());
    await Acknowledgement.create(input);
    const second = await Acknowledgement.create({ ...input, signedName: 'Someone Else' }).catch(
      (e: unknown) => e,
    );
    expect(isDuplicateKey(second)).toBe(true);
    expect(await Acknowledgement.countDocuments({ personId: input.personId })).toBe(1);
  });

  it('returns the first record, unchanged, when the same person signs the same version again', async () => {
    const input = signature(new Types.ObjectId(), new Types.ObjectId());
    const first = await recordAcknowledgement(db().models, input);
    const again = await recordAcknowledgement(db().models, {
      ...input,
      signedName: 'Changed Name',
      signedAt: new Date(),
    });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.acknowledgement._id.equals(first.acknowledgement._id)).toBe(true);
    expect(again.acknowledgement.signedName).toBe('Alex Morgan');
  });

  it('leaves exactly one record after 20 concurrent identical sign actions', async () => {
    const input = signature(new Types.ObjectId(), new Types.ObjectId());
    const results = await Promise.all(
      Array.from({ length: 20 }, () => recordAcknowledgement(db().models, input)),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.acknowledgement._id.toString())).size).toBe(1);
    expect(await db().models.Acknowledgement.countDocuments({ personId: input.personId })).toBe(1);
  });

  it('lets the same person sign a different version', async () => {
    const personId = new Types.ObjectId();
    await recordAcknowledgement(db().models, signature(personId, new Types.ObjectId()));
    const other = await recordAcknowledgement(db().models, signature(personId, new Types.ObjectId()));
    expect(other.created).toBe(true);
    expect(await db().models.Acknowledgement.countDocuments({ personId })).toBe(2);
  });

  it('refuses to change or delete a signed record', async () => {
    const { acknowledgement } = await recordAcknowledgement(
      db().models,
      signature(new Types.ObjectId(), new Types.ObjectId()),
    );
    await expect(
      db().models.Acknowledgement.updateOne({ _id: acknowledgement._id }, { $set: { signedName: 'X' } }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(db().models.Acknowledgement.deleteOne({ _id: acknowledgement._id })).rejects.toMatchObject({
      code: 'conflict',
    });
  });
});
