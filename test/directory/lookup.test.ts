import { Types } from 'mongoose';
import { findActivePersonByEntraId, findPerson, findPersonByEntraId } from '../../src/directory';
import { useTestDatabase } from '../support/database';

/**
 * Every bot turn and API request looks its person up by Entra object id. After the first lookup a
 * process reads the record by _id (one index hit on the embedded database too, where the filter
 * reads every person), and still always gets the record as it is now. The first lookup itself, on
 * the embedded database, finds the record through devdb's index on the object id, not the filter.
 */
describe('looking a signed-in person up by Entra object id', () => {
  const db = useTestDatabase();
  const tenantId = 'tenant-lookup';
  const oid = '00000000-0000-4000-8000-00000000a001';
  const add = (displayName: string, active = true) =>
    db().models.Person.create({ tenantId, entraObjectId: oid, displayName, active, memberships: [] });

  it('never reads people by a filter on the object id, is always fresh, and finds a record made again', async () => {
    const { models } = db();
    const first = await add('Ann Able');
    const findOne = jest.spyOn(models.Person, 'findOne');
    // mongoose's findById is a findOne by _id: only lookups by the object id count.
    const byFilter = () =>
      findOne.mock.calls.filter(
        ([filter]) => (filter as { entraObjectId?: string } | undefined)?.entraObjectId,
      ).length;
    expect((await findPersonByEntraId(models, tenantId, oid))?.displayName).toBe('Ann Able');
    expect(byFilter()).toBe(0);

    await models.Person.updateOne({ _id: first._id }, { $set: { displayName: 'Ann Able-Baker' } });
    expect((await findPersonByEntraId(models, tenantId, oid))?.displayName).toBe('Ann Able-Baker');
    expect(byFilter()).toBe(0);

    // Another tenant's person with the same object id is never taken for this one.
    expect(await findPersonByEntraId(models, 'tenant-other', oid)).toBeUndefined();

    // Removed and made again (a new _id): found again by the filter.
    await models.Person.deleteOne({ _id: first._id });
    expect(await findPersonByEntraId(models, tenantId, oid)).toBeUndefined();
    const again = await add('Ann Again', false);
    expect((await findPersonByEntraId(models, tenantId, oid))?._id.toString()).toBe(again._id.toString());
    expect(await findActivePersonByEntraId(models, tenantId, oid)).toBeUndefined();
    await models.Person.updateOne({ _id: again._id }, { $set: { active: true } });
    expect((await findActivePersonByEntraId(models, tenantId, oid))?.displayName).toBe('Ann Again');
    expect(new Types.ObjectId(again._id).equals(first._id)).toBe(false);
    expect(byFilter()).toBe(0);
    findOne.mockRestore();
  });

  it("finds a person of the tenant by id, reading by _id alone, and never another tenant's", async () => {
    const { models } = db();
    const person = await models.Person.create({
      tenantId,
      entraObjectId: '00000000-0000-4000-8000-00000000a002',
      displayName: 'Bea Bold',
      active: true,
      memberships: [],
    });
    const findOne = jest.spyOn(models.Person, 'findOne');
    expect((await findPerson(models, tenantId, person._id))?.displayName).toBe('Bea Bold');
    expect(await findPerson(models, 'tenant-other', person._id)).toBeUndefined();
    expect(await findPerson(models, tenantId, new Types.ObjectId())).toBeUndefined();
    // On the embedded database only an exact _id is an index search: the tenant is checked in code.
    expect(findOne.mock.calls.map(([filter]) => Object.keys(filter as object))).toEqual([
      ['_id'],
      ['_id'],
      ['_id'],
    ]);
    findOne.mockRestore();
  });
});
