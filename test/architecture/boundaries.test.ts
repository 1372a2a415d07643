import { execFile } from 'node:child_process';
import path from 'node:path';

/**
 * The boundaries of issue 13 are lint rules (eslint.config.mjs). These lint a few deliberate
 * breaches with ESLint's Node API, as if they were written into real files of the project, and
 * expect each to be refused; and a clean file, expecting nothing from the same rules.
 */
const root = path.resolve(__dirname, '../..');
const boundaryRules = [
  'import-x/no-cycle',
  'import-x/no-restricted-paths',
  'no-restricted-imports',
  'no-restricted-syntax',
];

const cases = {
  // src/incidents/routes.ts imports src/shared/input.ts; importing it back closes a cycle.
  cycle: {
    filePath: 'src/shared/input.ts',
    code: "import { incidentRoutes } from '../incidents/routes';\nexport const routes = incidentRoutes;\n",
  },
  frameworks: {
    filePath: 'src/incidents/routes.ts',
    code: "import restify from 'restify';\nimport { TurnContext } from 'botbuilder';\nexport const both = [restify, TurnContext];\n",
  },
  pastIndex: {
    filePath: 'src/compliance/access.ts',
    code: "import { loadActor } from '../directory/sign-in';\nexport const load = loadActor;\n",
  },
  // A capability's collections are queried in its store.ts alone.
  queryOutsideStore: {
    filePath: 'src/directory/roles.ts',
    code:
      "import type { Models } from '../store/models';\n" +
      "export const count = (models: Pick<Models, 'Person'>, deps: { models: Pick<Models, 'School'> }) =>\n" +
      '  Promise.all([models.Person.countDocuments({}), deps.models.School.find({}).lean()]);\n',
  },
  // A loop over the collections (the subject-access export's) may not pick models by name outside a store.
  modelsByName: {
    filePath: 'src/privacy/subject-access.ts',
    code:
      "import type { Models } from '../store/models';\n" +
      'export const walk = (models: Models, deps: { models: Models }, name: keyof Models) =>\n' +
      '  [models[name], Object.values(deps.models)];\n',
  },
  queryInStore: {
    filePath: 'src/directory/store.ts',
    code:
      "import type { Models } from '../store/models';\n" +
      "export const count = (models: Pick<Models, 'Person'>) => models.Person.countDocuments({});\n",
  },
  scriptsIntoTest: {
    filePath: 'scripts/dev-entra.ts',
    code: "import { sampleVersion } from '../test/support/policies';\nexport const sample = sampleVersion;\n",
  },
  clean: {
    filePath: 'src/compliance/access.ts',
    code:
      "import { holdsTrustWide, type Actor } from '../directory';\nimport { incidentViewerRoles } from '../incidents';\n" +
      'export const check = (actor: Actor) => incidentViewerRoles.some((role) => holdsTrustWide(actor, role));\n',
  },
};

let problems: Record<keyof typeof cases, string[]>;

beforeAll(async () => {
  const names = Object.keys(cases) as (keyof typeof cases)[];
  const output = await new Promise<string>((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [path.join(__dirname, 'lint-text.mjs'), root, ...boundaryRules],
      { cwd: root, maxBuffer: 10_000_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
    child.stdin?.end(JSON.stringify(names.map((name) => cases[name])));
  });
  const answers = JSON.parse(output) as string[][];
  problems = Object.fromEntries(names.map((name, i) => [name, answers[i] ?? []])) as typeof problems;
}, 180_000);

describe('module boundaries, enforced by lint', () => {
  it('refuses an import cycle', () => {
    expect(problems.cycle).toEqual([expect.stringMatching(/^import-x\/no-cycle: Dependency cycle/)]);
  });

  it('refuses restify inside a capability, and the Bot Framework outside bot/', () => {
    expect(problems.frameworks).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*Only src\/http knows restify/),
      expect.stringMatching(/^no-restricted-imports: .*Only bot\/ talks to the Bot Framework/),
    ]);
  });

  it("refuses a capability reaching past another's index", () => {
    expect(problems.pastIndex).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*'\.\.\/directory'/),
    ]);
  });

  it("refuses a query on a capability's collection outside its store.ts", () => {
    expect(problems.queryOutsideStore).toEqual([
      expect.stringMatching(/^no-restricted-syntax: Only a store\.ts/),
      expect.stringMatching(/^no-restricted-syntax: Only a store\.ts/),
    ]);
    expect(problems.queryInStore).toEqual([]);
  });

  it('refuses picking a model by name or walking every model outside a store.ts', () => {
    expect(problems.modelsByName).toEqual([
      expect.stringMatching(/^no-restricted-syntax: Only a store\.ts .* picks a model by name/),
      expect.stringMatching(/^no-restricted-syntax: Only a store\.ts .* picks a model by name/),
    ]);
  });

  it('refuses scripts/ importing test/', () => {
    expect(problems.scriptsIntoTest).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*scripts\/ and bench\//),
    ]);
  });

  it('finds nothing in a clean file that imports through indexes', () => {
    expect(problems.clean).toEqual([]);
  });
});
