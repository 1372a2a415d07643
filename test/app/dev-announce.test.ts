import { Writable } from 'node:stream';
import { routeConsoleToLogger } from '../../bot/sdk-console';
import { createLogger } from '../../src/logger';
import { announce, announceFailure } from '../../scripts/dev/announce';

/**
 * `npm run dev` prints where to chat with the bot and open the dashboard. While the bot runs the
 * console is the SDK's (first line only, into the log), and the banner starts with a blank line:
 * it used to reach the log as an empty message, and nobody saw the addresses.
 */
describe('what npm run dev tells the person running it', () => {
  const logged: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(chunk.toString());
      done();
    },
  });
  let release: () => void;
  beforeAll(() => {
    release = routeConsoleToLogger(createLogger('info', sink));
  });
  afterAll(() => release());

  const written = (write: (out: NodeJS.WritableStream) => void): string => {
    let text = '';
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        text += chunk.toString();
        done();
      },
    });
    write(out);
    return text;
  };

  it('shows every line of the banner on the terminal while the SDK holds the console', () => {
    const lines = [
      '',
      'Conduct is running at http://127.0.0.1:3978',
      'Chat with the bot in the Agents Playground: http://localhost:56150',
      '',
    ];
    expect(written((out) => announce(lines, out))).toBe(`${lines.join('\n')}\n`);
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      announce(lines);
      expect(stdout).toHaveBeenCalledWith(
        expect.stringContaining('Agents Playground: http://localhost:56150'),
      );
    } finally {
      stdout.mockRestore();
    }
    expect(logged.join('')).not.toContain('Agents Playground');
  });

  it('shows a failure to start in full, not its first line in the log', () => {
    const text = written((out) => announceFailure(new Error('the port is in use\nsecond line'), out));
    expect(text).toContain('the port is in use');
    expect(text).toContain('second line');
    expect(written((out) => announceFailure('MONGODB_URI is not a MongoDB address', out))).toBe(
      'MONGODB_URI is not a MongoDB address\n',
    );
  });
});
