/**
 * True when a unique index refused the write. MongoDB says so with code 11000; the embedded
 * database (FerretDB 1.24) does on insert, but on an update answers code 1 with SQLite's message.
 */
export const isDuplicateKey = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    code === 11000 ||
    (code === 1 && typeof message === 'string' && message.includes('UNIQUE constraint failed'))
  );
};
