// An ESLint rule that reports TypeScript's own errors for each linted file: what `tsc --noEmit`
// says about it, from the program the type-aware rules already built. The test command then type
// checks once, inside the linter, instead of building every program a second time in tsc (which
// cost it as much CPU again on a 2-core machine). `npm run typecheck` still runs tsc itself.
import ts from 'typescript';

/** Programs whose project-wide errors (options, global types) were already reported once. */
const reported = new WeakSet();

/** @type {import('eslint').Rule.RuleModule} */
export const typescriptErrors = {
  meta: {
    type: 'problem',
    docs: { description: "TypeScript's errors for the file, as tsc --noEmit reports them" },
    schema: [],
  },
  create(context) {
    const program = context.sourceCode.parserServices?.program;
    if (!program) return {};
    return {
      Program(node) {
        const file = program.getSourceFile(context.physicalFilename);
        if (!file) {
          context.report({
            node,
            message: 'TypeScript: this file is not part of its tsconfig.json program.',
          });
          return;
        }
        const diagnostics = [
          ...program.getSyntacticDiagnostics(file),
          ...program.getSemanticDiagnostics(file),
        ];
        if (!reported.has(program)) {
          reported.add(program);
          diagnostics.push(...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics());
        }
        for (const diagnostic of diagnostics) {
          if (diagnostic.category !== ts.DiagnosticCategory.Error) continue;
          const message = `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
          if (diagnostic.file === file && diagnostic.start !== undefined) {
            const start = context.sourceCode.getLocFromIndex(diagnostic.start);
            const end = context.sourceCode.getLocFromIndex(diagnostic.start + (diagnostic.length ?? 0));
            context.report({ loc: { start, end }, message });
          } else {
            const where = diagnostic.file ? ` (in ${diagnostic.file.fileName})` : '';
            context.report({ node, message: `${message}${where}` });
          }
        }
      },
    };
  },
};
