/**
 * `npm run typecheck` and `npm run lint` in one process, for npm test: both build the same TypeScript program from
 * tsconfig.json (ESLint's typed rules need it), which is most of their time; here it is built once, type-checked as
 * `tsc --noEmit` does, and handed to ESLint (typescript-eslint's parserOptions.programs) with eslint.config.mjs
 * otherwise as it is and `--max-warnings 0`. Prints what each would print; exits 1 when either fails.
 */
import * as path from 'node:path';
import ts from 'typescript';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '../..');

function createProgram(): ts.Program {
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  };
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, host);
  if (!config) throw new Error('tsconfig.json could not be read');
  return ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    projectReferences: config.projectReferences,
    configFileParsingDiagnostics: config.errors,
  });
}

/** `tsc --noEmit`: every diagnostic of the program, as tsc prints them; true when there are none. */
function typecheck(program: ts.Program): boolean {
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length === 0) return true;
  const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (name) => name, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
  const format = process.stdout.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
  process.stdout.write(`typecheck:\n${format(diagnostics, host)}\n`);
  return false;
}

/** `eslint --max-warnings 0 .` on the same program; true when it finds neither an error nor a warning. */
async function lint(program: ts.Program): Promise<boolean> {
  const eslint = new ESLint({ cwd: ROOT, overrideConfig: { languageOptions: { parserOptions: { programs: [program] } } } });
  const results = await eslint.lintFiles(['.']);
  const errors = results.reduce((sum, result) => sum + result.errorCount + result.fatalErrorCount, 0);
  const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
  const text = await (await eslint.loadFormatter('stylish')).format(results);
  if (text.trim() !== '') process.stdout.write(`lint:${text}\n`);
  if (errors === 0 && warnings > 0) process.stdout.write(`lint: ESLint found too many warnings (maximum: 0).\n`);
  return errors === 0 && warnings === 0;
}

async function main(): Promise<number> {
  const program = createProgram();
  const typed = typecheck(program);
  const linted = await lint(program);
  return typed && linted ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
