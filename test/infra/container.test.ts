import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/devdb';

const read = (file: string): string => readFileSync(path.join(repoRoot, file), 'utf8');

/** The instructions of the Dockerfile's last stage: the image that actually runs. */
function finalStage(dockerfile: string): string[] {
  const lines = dockerfile.replace(/\\\n\s*/g, ' ').split('\n');
  const from = lines.map((line, i) => (/^FROM /.test(line) ? i : -1)).filter((i) => i >= 0);
  expect(from.length).toBeGreaterThanOrEqual(2);
  return lines.slice(from.at(-1)).filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

describe('the container image (built by .github/workflows/container.yml)', () => {
  const stage = finalStage(read('Dockerfile'));

  const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start;

  it('runs the compiled build the way npm start does, as App Service does', () => {
    expect(stage).toContain(`CMD ${JSON.stringify(start.split(' '))}`.replace(/","/g, '", "'));
    expect(read('infra/azure/modules/app-service.bicep')).toContain(`appCommandLine: '${start}'`);
  });

  it('keeps the process small: V8 collects garbage before the heap grows far', () => {
    expect(start).toMatch(/^node --optimize-for-size /);
  });

  it('runs as an unprivileged user, with production dependencies only, on a slim Node', () => {
    expect(stage[0]).toMatch(/^FROM node:\$\{NODE_VERSION\}-slim$/);
    expect(stage.filter((line) => line.startsWith('USER '))).toEqual(['USER node']);
    expect(stage.filter((line) => /^RUN .*npm (ci|install)/.test(line))).toEqual([]);
    expect(read('Dockerfile')).toMatch(/npm install --omit=dev/);
  });

  it('checks its own health on /healthz', () => {
    expect(stage.find((line) => line.startsWith('HEALTHCHECK'))).toMatch(/\/healthz/);
  });

  it('sends the build everything npm run build needs', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('!'));
    for (const needed of [
      'src',
      'bot',
      'tab',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
    ]) {
      expect(ignored).not.toContain(needed);
    }
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'node_modules', '.git']));
  });
});

describe('compose.yaml', () => {
  const compose = read('compose.yaml');

  it('runs Conduct against MongoDB 7, whose data lives in a named volume', () => {
    expect(compose).toMatch(/^\s+image: mongo:7$/m);
    expect(compose).toMatch(/^\s+- mongo-data:\/data\/db$/m);
    expect(compose).toMatch(/^volumes:\n\s+mongo-data:/m);
    expect(compose).toMatch(/MONGODB_URI: \$\{MONGODB_URI:-mongodb:\/\/mongo:27017\}/);
    expect(compose).toMatch(/NODE_ENV: production/);
  });
});
