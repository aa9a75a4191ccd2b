/**
 * Which Python the tests run moto's server and cfn-lint with, decided once before jest starts (npm test):
 *
 * 1. `python3` on the PATH already has them (moto with its server extra, cfn-lint, of the majors that
 *    requirements-dev.txt pins): it is used as it is and nothing is installed.
 * 2. Otherwise a project-local virtual environment, `.venv/` (ignored by git), is made with `python3 -m venv` and
 *    filled from requirements-dev.txt, once: a stamp holds the file's SHA-256, so the next run reuses the
 *    environment and only a changed requirements-dev.txt installs again.
 * 3. No python3, no venv module, or pip cannot reach a package index: one line that says what to install and how.
 *
 * The choice reaches the tests as TEST_PYTHON (test/support/with-test-python.ts sets it for jest); `testPython()`
 * is what the moto and cfn-lint helpers ask.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const TEST_PYTHON_VARIABLE = 'TEST_PYTHON';
export const PROJECT_ROOT = path.resolve(__dirname, '../..');
const REQUIREMENTS = 'requirements-dev.txt';
const VENV = '.venv';
/** Written into .venv/ after a complete install: the SHA-256 of the requirements-dev.txt it was installed from. */
const STAMP = 'requirements-dev.sha256';
/** The import names the tests need: moto, its server extra (Flask, flask-cors) and cfn-lint. */
const MODULES = ['moto', 'flask', 'flask_cors', 'cfnlint'] as const;

export class TestPythonError extends Error {
  override readonly name = 'TestPythonError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export interface PythonChoice {
  /** Absolute path of the interpreter the tests use. */
  readonly python: string;
  /** `machine`: python3 as found; `venv`: the project's .venv/ (`installed` when this run filled it). */
  readonly source: 'machine' | 'venv';
  readonly installed: boolean;
}

export interface ChooseOptions {
  /** The project directory: requirements-dev.txt and .venv/ live here. */
  readonly root?: string;
  /** Environment of the Python processes (its PATH finds python3). */
  readonly env?: NodeJS.ProcessEnv;
  /** Progress lines (the install takes a while). */
  readonly log?: (line: string) => void;
}

interface Probe {
  readonly executable: string;
  readonly versions: Readonly<Record<string, string | null>>;
  readonly modules: Readonly<Record<string, boolean>>;
}

/** One interpreter start: where it lives, which distributions it has and whether the modules are importable. */
const PROBE_SCRIPT = [
  'import json, sys',
  'from importlib import metadata, util',
  'def version(name):',
  '    try:',
  '        return metadata.version(name)',
  '    except metadata.PackageNotFoundError:',
  '        return None',
  `print(json.dumps({"executable": sys.executable, "versions": {n: version(n) for n in ("moto", "cfn-lint")}, "modules": {m: util.find_spec(m) is not None for m in ${JSON.stringify(MODULES)}}}))`,
].join('\n');

export function chooseTestPython(options: ChooseOptions = {}): PythonChoice {
  const root = options.root ?? PROJECT_ROOT;
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const requirementsFile = path.join(root, REQUIREMENTS);
  const requirements = readFileSync(requirementsFile, 'utf8');
  const wanted = pinnedMajors(requirements);

  const machine = probe('python3', env);
  if (machine === 'missing') throw new TestPythonError(NO_PYTHON);
  if (machine !== undefined && lacking(machine, wanted).length === 0) return { python: machine.executable, source: 'machine', installed: false };

  const python = venvPython(root);
  const digest = sha256(requirements);
  if (readStamp(root) === digest) {
    const reused = probe(python, env);
    if (reused !== undefined && reused !== 'missing' && lacking(reused, wanted).length === 0) return { python, source: 'venv', installed: false };
  }
  log(`python3 lacks ${describeLacking(machine, wanted)}: installing ${REQUIREMENTS} into ${VENV}/ (once; later runs reuse it)`);
  createVenv(root, env);
  pipInstall(python, requirementsFile, env);
  const installed = probe(python, env);
  const still = installed === undefined || installed === 'missing' ? [...MODULES] : lacking(installed, wanted);
  if (still.length > 0) {
    throw new TestPythonError(`${VENV}/ still lacks ${still.join(', ')} after installing ${REQUIREMENTS}: delete ${VENV}/ and run npm test again`);
  }
  writeFileSync(path.join(root, VENV, STAMP), `${digest}\n`);
  return { python, source: 'venv', installed: true };
}

/**
 * The Python the tests use: TEST_PYTHON (set by `npm test`), else the project's .venv/ once it is complete (a
 * plain `npx jest` after an `npm test` that made it), else python3.
 */
export function testPython(env: NodeJS.ProcessEnv = process.env, root = PROJECT_ROOT): string {
  const chosen = env[TEST_PYTHON_VARIABLE]?.trim();
  if (chosen) return chosen;
  const requirements = path.join(root, REQUIREMENTS);
  if (existsSync(requirements) && readStamp(root) === sha256(readFileSync(requirements, 'utf8'))) return venvPython(root);
  return 'python3';
}

/** What to tell someone whose tests could not find moto or cfn-lint in `python`. */
export function installHint(python: string): string {
  return `${python} lacks it: run npm test, which installs ${REQUIREMENTS} into ${VENV}/ when python3 lacks the packages, or install them yourself with ${python} -m pip install -r ${REQUIREMENTS}`;
}

const NO_PYTHON =
  'npm test needs Python 3.9 or newer for the AWS emulator (moto) and cfn-lint, and python3 is not on the PATH: install it (Debian/Ubuntu: sudo apt-get install python3 python3-venv; macOS: brew install python) and run npm test again; it then installs requirements-dev.txt into .venv/ by itself';

/** The major version of each pinned tool (`moto[server]==5.2.1` -> moto 5): a machine's python3 must have the same. */
export function pinnedMajors(requirements: string): Record<string, string> {
  const majors: Record<string, string> = {};
  for (const name of ['moto', 'cfn-lint']) {
    const match = new RegExp(`^${name}(?:\\[[^\\]]*\\])?==(\\d+)\\.`, 'm').exec(requirements);
    if (!match) throw new TestPythonError(`${REQUIREMENTS} does not pin ${name} (a line like ${name}==1.2.3)`);
    majors[name] = match[1]!;
  }
  return majors;
}

/** What `found` lacks of moto (with its server extra) and cfn-lint, as `moto 5`, `flask_cors`, ... */
function lacking(found: Probe, wanted: Readonly<Record<string, string>>): string[] {
  const missing: string[] = [];
  for (const [name, major] of Object.entries(wanted)) {
    if (found.versions[name]?.split('.')[0] !== major) missing.push(`${name} ${major}`);
  }
  for (const module of MODULES) if (!found.modules[module]) missing.push(module);
  return [...new Set(missing)];
}

function describeLacking(machine: Probe | undefined, wanted: Readonly<Record<string, string>>): string {
  return machine === undefined ? 'a working interpreter' : lacking(machine, wanted).join(', ');
}

/** `missing`: no such command; undefined: it ran but answered nothing usable (a broken interpreter). */
function probe(python: string, env: NodeJS.ProcessEnv): Probe | 'missing' | undefined {
  const result = spawnSync(python, ['-c', PROBE_SCRIPT], { env, encoding: 'utf8', timeout: 60_000 });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return 'missing';
  if (result.status !== 0) return undefined;
  try {
    return JSON.parse(result.stdout) as Probe;
  } catch {
    return undefined;
  }
}

function createVenv(root: string, env: NodeJS.ProcessEnv): void {
  // --clear: a stale or half-made environment starts over, so nothing of an older requirements-dev.txt lingers.
  const result = spawnSync('python3', ['-m', 'venv', '--clear', path.join(root, VENV)], { env, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new TestPythonError(
      `python3 could not make the virtual environment ${VENV}/ (${lastLine(result.stderr) || 'no message'}): install its venv module (Debian/Ubuntu: sudo apt-get install python3-venv) and run npm test again, or install the packages into python3 yourself: python3 -m pip install -r ${REQUIREMENTS}`,
    );
  }
}

function pipInstall(python: string, requirementsFile: string, env: NodeJS.ProcessEnv): void {
  const result = spawnSync(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--quiet', '-r', requirementsFile], {
    env,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new TestPythonError(
      `pip could not install ${REQUIREMENTS} into ${VENV}/ (${lastLine(result.stderr) || 'no message'}): let pip reach a package index (PyPI, or your mirror through PIP_INDEX_URL) and run npm test again, or install the packages into python3 yourself: python3 -m pip install -r ${REQUIREMENTS}`,
    );
  }
}

export function venvPython(root: string): string {
  return process.platform === 'win32' ? path.join(root, VENV, 'Scripts', 'python.exe') : path.join(root, VENV, 'bin', 'python');
}

function readStamp(root: string): string | undefined {
  try {
    return readFileSync(path.join(root, VENV, STAMP), 'utf8').trim();
  } catch {
    return undefined;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function lastLine(text: string | null | undefined): string {
  const lines = (text ?? '').trim().split('\n');
  return (lines[lines.length - 1] ?? '').trim();
}
