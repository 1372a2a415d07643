import type * as Mongodb from 'mongodb';
import { recordQueryShapes } from './query-shapes';

// Loaded into every test file (jest setupFilesAfterEnv): see test/support/query-shapes.ts. The
// driver is wrapped when something first loads it (mongoose, or a test), the same module as
// without this, so a test file that never touches a database does not load the driver at all.
// The driver loads itself by name while it loads: that inner call finds no Collection yet, and the
// outer one, once the driver is whole, wraps it (once per driver the file loads).
const wrapped = new WeakSet<object>();
jest.mock('mongodb', () => {
  const mongodb = jest.requireActual<typeof Mongodb>('mongodb');
  const prototype = (mongodb.Collection as typeof Mongodb.Collection | undefined)?.prototype;
  if (prototype && !wrapped.has(prototype)) {
    wrapped.add(prototype);
    recordQueryShapes(prototype as unknown as Record<string, unknown>);
  }
  return mongodb;
});
