import { format } from 'node:util';
import type { Logger } from '../src/logger';

type ConsoleMethod = 'error' | 'warn' | 'info' | 'log' | 'debug' | 'trace';

/**
 * The Bot Framework SDK reports through console.* — including a dump of every signing key
 * (PEM) each time a token names an unknown key, and whole errors carrying request data. Conduct's
 * logs are pino JSON without personal data, so while the bot runs the console goes through here:
 * one line per call, key material and tokens cut out, nothing beyond the first line of a message.
 *
 * The SDK's console.error is almost always someone else's bad token or request (our own failures
 * are logged by our code at error), so it is logged at warn.
 */
const levels: Record<ConsoleMethod, 'warn' | 'info' | 'debug'> = {
  error: 'warn',
  warn: 'warn',
  info: 'info',
  log: 'info',
  debug: 'debug',
  trace: 'debug',
};

const maxLength = 200;

/** What of an SDK console line is safe to log: its first line, without keys, tokens or quoted data. */
export function redactSdkLine(args: readonly unknown[]): string {
  const first = args[0];
  const message = first instanceof Error ? `${first.name}: ${first.message}` : format(...args);
  const line = (message.split('\n', 1)[0] ?? '')
    .replace(/-----BEGIN [^-]+-----.*/s, '[key material removed]')
    .replace(/(Available keys:).*/s, '$1 [removed]')
    .replace(/eyJ[\w-]*\.[\w-]*\.?[\w-]*/g, '[token removed]')
    .replace(/(["'`])(?:(?!\1).)*\1/g, '[quoted text removed]');
  return line.length > maxLength ? `${line.slice(0, maxLength)}…` : line;
}

let installed: { restore: () => void; count: number } | undefined;

/** Routes console.* through the logger until the returned function is called (nested calls share one). */
export function routeConsoleToLogger(logger: Logger): () => void {
  if (installed) {
    installed.count += 1;
  } else {
    const log = logger.child({ component: 'botframework-sdk' });
    // The one place Conduct touches the console: it takes it over for the SDK.
    /* eslint-disable no-console */
    const originals = new Map<ConsoleMethod, (...args: unknown[]) => void>();
    for (const method of Object.keys(levels) as ConsoleMethod[]) {
      originals.set(method, console[method].bind(console));
      console[method] = (...args: unknown[]) => log[levels[method]](redactSdkLine(args));
    }
    installed = {
      count: 1,
      restore: () => {
        for (const [method, original] of originals) console[method] = original;
      },
    };
    /* eslint-enable no-console */
  }
  let released = false;
  return () => {
    if (released || !installed) return;
    released = true;
    installed.count -= 1;
    if (installed.count === 0) {
      installed.restore();
      installed = undefined;
    }
  };
}
