import { Collection } from 'mongodb';
import { recordQueryShapes } from './query-shapes';

// Loaded into every test file (jest setupFilesAfterEnv): see test/support/query-shapes.ts.
recordQueryShapes(Collection.prototype as unknown as Record<string, unknown>);
