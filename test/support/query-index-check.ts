import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { createModels } from '../../src/store/models';
import { queryShapesDir, type QueryShape } from './query-shapes';

/** The key fields of every index the models declare, by collection (`_id` included). */
export function declaredIndexes(): Map<string, string[][]> {
  const models = createModels(mongoose.createConnection());
  const byCollection = new Map<string, string[][]>();
  for (const model of Object.values(models) as mongoose.Model<unknown>[]) {
    const keys = model.schema.indexes().map(([fields]) => Object.keys(fields));
    byCollection.set(model.collection.collectionName, [['_id'], ...keys]);
  }
  return byCollection;
}

/** Served: some declared index leads with a field the filter constrains (or, with no filter, the sort's first field). */
export function isServed(shape: QueryShape, indexes: readonly string[][]): boolean {
  return shape.branches.every((fields) => {
    const leading = fields.length > 0 ? fields : shape.sort.slice(0, 1);
    if (leading.length === 0) return true;
    return indexes.some((index) => leading.includes(index[0]!));
  });
}

/**
 * Reads the shapes this run recorded, writes them with the index serving each to
 * test-output/query-shapes.md, and returns those no declared index serves.
 */
export function checkRecordedQueryShapes(): { shapes: number; unserved: string[] } {
  if (!existsSync(queryShapesDir)) return { shapes: 0, unserved: [] };
  const indexes = declaredIndexes();
  const seen = new Map<string, QueryShape>();
  for (const file of readdirSync(queryShapesDir)) {
    for (const line of readFileSync(path.join(queryShapesDir, file), 'utf8').split('\n')) {
      if (!line) continue;
      const shape = JSON.parse(line) as QueryShape;
      const key = `${shape.collection} ${shape.operation} ${JSON.stringify(shape.branches)} ${shape.sort.join(',')}`;
      if (!seen.has(key)) seen.set(key, shape);
    }
  }
  const rows: string[] = [];
  const unserved: string[] = [];
  for (const shape of [...seen.values()].sort((a, b) => a.collection.localeCompare(b.collection))) {
    const declared = indexes.get(shape.collection);
    const served = declared ? isServed(shape, declared) : true;
    const fields = shape.branches.map((b) => b.join(' + ') || '(none)').join(' | ');
    const row = `| ${shape.collection} | ${shape.operation} | ${fields} | ${shape.sort.join(', ')} | ${declared ? (served ? 'yes' : '**no**') : 'not a model'} | ${shape.caller} |`;
    rows.push(row);
    if (!served) unserved.push(`${shape.collection} ${shape.operation} on ${fields} (${shape.caller})`);
  }
  writeFileSync(
    path.join(queryShapesDir, '..', 'query-shapes.md'),
    [
      '| collection | operation | filter fields | sort | served by an index | first called from |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
    ].join('\n') + '\n',
  );
  return { shapes: seen.size, unserved };
}
