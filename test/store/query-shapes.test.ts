import { declaredIndexes, isServed } from '../support/query-index-check';
import { filterBranches, type QueryShape } from '../support/query-shapes';

const shape = (collection: string, filter: unknown, sort: string[] = []): QueryShape => ({
  collection,
  operation: 'find',
  branches: filterBranches(filter),
  sort,
  caller: 'src/example.ts',
});

describe('the check that every query Conduct issues has an index', () => {
  const indexes = declaredIndexes();

  it('reads the fields a filter constrains, each $or branch apart', () => {
    expect(filterBranches({ tenantId: 't', $or: [{ status: 'open' }, { ownerId: null }] })).toEqual([
      ['status', 'tenantId'],
      ['ownerId', 'tenantId'],
    ]);
    expect(filterBranches({ $and: [{ a: 1 }, { b: { $gte: 2 } }] })).toEqual([['a', 'b']]);
  });

  it('accepts a filter led by an indexed field and refuses one that would scan', () => {
    const incidents = indexes.get('incidents')!;
    expect(isServed(shape('incidents', { tenantId: 't', status: 'open' }), incidents)).toBe(true);
    expect(isServed(shape('incidents', { status: 'open' }), incidents)).toBe(false);
    expect(isServed(shape('incidents', { _id: 'x', status: 'open' }), incidents)).toBe(true);
    expect(isServed(shape('incidents', {}, ['status']), incidents)).toBe(false);
    expect(isServed(shape('incidents', { $or: [{ tenantId: 't' }, { status: 'open' }] }), incidents)).toBe(
      false,
    );
  });
});
