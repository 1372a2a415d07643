import { trusted } from 'mongoose';

/**
 * Query operators, by name, for filters and updates' conditions.
 *
 * Why these exist: every filter is sanitized (`sanitizeFilter` in ./connection), so a `$` operator
 * that arrives inside request input is stripped instead of obeyed; an operator our own code means
 * must be marked trusted. Marking happens here and nowhere else, so a reader of a query sees what it
 * asks ("any of these ids", "not set yet") rather than the marking.
 *
 * They also keep to what the embedded database (FerretDB 1.24) answers as MongoDB does: plain
 * comparisons, `$in`, `$exists` and `$regex` on a field. Not here, because FerretDB gets them wrong
 * or refuses them: `$expr`, and `$elemMatch` on sub-documents (it silently matches nothing).
 */

/** The field equals any of the values (`$in`). */
export const anyOf = <T>(values: Iterable<T>) => trusted({ $in: [...values] });

/** The field equals none of the values (`$nin`); for an array field, holds none of them. */
export const noneOf = <T>(values: Iterable<T>) => trusted({ $nin: [...values] });

/** The field is not set at all (`$exists: false`). */
export const unset = () => trusted({ $exists: false as const });

/** The field is set, to anything (`$exists: true`). */
export const isSet = () => trusted({ $exists: true as const });

/** The field differs from the value (`$ne`); `notEqual(null)` also skips documents without it. */
export const notEqual = <T>(value: T) => trusted({ $ne: value });

/** Strictly before (`$lt`). */
export const before = <T>(value: T) => trusted({ $lt: value });

/** Before or at (`$lte`). */
export const atOrBefore = <T>(value: T) => trusted({ $lte: value });

/** Strictly after (`$gt`). */
export const after = <T>(value: T) => trusted({ $gt: value });

/** At or after (`$gte`). */
export const atOrAfter = <T>(value: T) => trusted({ $gte: value });

/** From the first to the last, both included (`$gte` and `$lte`). */
export const between = <T>(first: T, last: T) => trusted({ $gte: first, $lte: last });

/** Contains the text as typed, ignoring case: the text's regex characters are escaped (`$regex`). */
export const containing = (text: string) => trusted({ $regex: escapeRegex(text), $options: 'i' });

/** Ends with the text as typed (`$regex` anchored at the end). */
export const endingWith = (text: string) => trusted({ $regex: `${escapeRegex(text)}$` });

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
