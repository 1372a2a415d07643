import { inspect } from 'node:util';

/**
 * Writes what `npm run dev` tells the person running it straight to the terminal. Not through
 * `console`: while the bot runs, the console belongs to the Bot Framework SDK's redaction
 * (bot/sdk-console.ts), which logs only a message's first line, so a banner that starts with a
 * blank line became an empty log line and its addresses were never shown.
 */
export function announce(lines: readonly string[], out: NodeJS.WritableStream = process.stdout): void {
  out.write(`${lines.join('\n')}\n`);
}

/** A failure to start, in full, on stderr (not through the SDK's console either). */
export function announceFailure(error: unknown, out: NodeJS.WritableStream = process.stderr): void {
  out.write(`${typeof error === 'string' ? error : inspect(error)}\n`);
}
