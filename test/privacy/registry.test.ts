import mongoose, { type Schema } from 'mongoose';
import { personalDataRegistry, unmodelledCollections } from '../../src/privacy/registry';
import { createModels, type Models } from '../../src/store/models';

/** Every path of a schema, dotted, sub-documents included. */
function schemaPaths(schema: Schema, prefix = ''): string[] {
  const paths: string[] = [];
  schema.eachPath((path, type) => {
    paths.push(`${prefix}${path}`);
    const nested = (type as { schema?: Schema }).schema;
    if (nested) paths.push(...schemaPaths(nested, `${prefix}${path}.`));
  });
  return paths;
}

/**
 * Names that suggest a person or their words. A path with one of these anywhere in it must be in the
 * registry, as personal data or as not personal with a reason: a decision, not an oversight.
 */
const looksPersonal =
  /(name|email|mail|phone|title|department|manager|person|people|reporter|owner|actor|signed|signature|narrative|note|outcome|answer|fields|comment|text|body|reason|decision|details|conversation|entra|guest|member|by$)/i;

const models = createModels(mongoose.createConnection());
const entries = Object.entries(models) as [keyof Models, Models[keyof Models]][];
const covers = (declared: string, path: string): boolean =>
  path === declared || path.startsWith(`${declared}.`);
const housekeeping = new Set(['_id', '__v', 'createdAt', 'updatedAt', 'tenantId']);

describe('the personal-data registry', () => {
  it('has an entry for every model, naming its collection', () => {
    for (const [name, model] of entries) {
      expect([name, personalDataRegistry[name]?.collection]).toEqual([name, model.collection.collectionName]);
    }
    expect(Object.keys(personalDataRegistry).sort()).toEqual(entries.map(([name]) => name).sort());
  });

  it('names each collection once, and the job queue Conduct writes outside its models', () => {
    const known = new Set([
      ...Object.values(personalDataRegistry).map((e) => e.collection),
      ...Object.keys(unmodelledCollections),
    ]);
    // The collections outside the models: agenda's queue (src/jobs/scheduler.ts).
    expect(Object.keys(unmodelledCollections)).toEqual(['jobs']);
    expect(known.size).toBe(entries.length + 1);
  });

  it('names only paths that exist', () => {
    for (const [name, model] of entries) {
      const paths = schemaPaths(model.schema);
      const entry = personalDataRegistry[name];
      const declared = [
        ...entry.personal.map((f) => f.path),
        ...Object.keys(entry.notPersonal),
        ...entry.subjectPaths,
      ];
      const missing = declared.filter((d) => !paths.some((p) => covers(d, p) || covers(p, d)));
      expect([name, missing]).toEqual([name, []]);
    }
  });

  it('decides about every path that looks personal', () => {
    for (const [name, model] of entries) {
      const entry = personalDataRegistry[name];
      const declared = [...entry.personal.map((f) => f.path), ...Object.keys(entry.notPersonal)];
      const undecided = schemaPaths(model.schema)
        .filter((path) => !housekeeping.has(path) && looksPersonal.test(path))
        .filter((path) => !declared.some((d) => covers(d, path)));
      expect([name, undecided]).toEqual([name, []]);
    }
  });

  it('gives a reason for each path it calls not personal', () => {
    for (const entry of Object.values(personalDataRegistry)) {
      for (const reason of Object.values(entry.notPersonal)) expect(reason.length).toBeGreaterThan(10);
    }
  });
});
