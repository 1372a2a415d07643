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

/**
 * Waits for a write and, when a unique index refused it, throws what `taken()` gives instead (the
 * error that says which name or code is already used). Any other failure is thrown as it is.
 */
export async function refusingDuplicate<T>(write: Promise<T>, taken: () => Error): Promise<T> {
  try {
    return await write;
  } catch (error) {
    throw isDuplicateKey(error) ? taken() : error;
  }
}
