// Lints pieces of code as if they stood at given paths of the project, with the project's own
// eslint.config.mjs and only the rules named: reads [{ filePath, code }] as JSON on stdin and writes,
// for each, the problems found ("rule: message"). Run as a child process because ESLint loads its
// configuration with a dynamic import, which jest's module sandbox does not allow.
import path from 'node:path';
import { ESLint } from 'eslint';

const [root, rules] = [process.argv[2], new Set(process.argv.slice(3))];
let input = '';
for await (const chunk of process.stdin) input += chunk;
// The boundary rules read imports, not types: parsing without the TypeScript program (which the
// type-aware rules need, and would take most of the run to build) gives the same answers.
const eslint = new ESLint({
  cwd: root,
  ruleFilter: ({ ruleId }) => rules.has(ruleId),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});
const answers = [];
for (const { filePath, code } of JSON.parse(input)) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  answers.push((result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`));
}
process.stdout.write(JSON.stringify(answers));
