import type { Models } from './models';

/** The next number of a named sequence (1, 2, 3…), from one atomic upsert with $inc. */
export async function nextInSequence(models: Pick<Models, 'Counter'>, name: string): Promise<number> {
  const counter = await models.Counter.findOneAndUpdate(
    { _id: name },
    { $inc: { value: 1 } },
    { upsert: true, new: true, lean: true },
  );
  if (!counter) throw new Error(`sequence ${name} could not be advanced`);
  return counter.value;
}
