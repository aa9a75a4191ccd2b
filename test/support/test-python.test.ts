import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chooseTestPython, pinnedMajors, PROJECT_ROOT, TEST_PYTHON_VARIABLE, testPython, TestPythonError, venvPython } from './test-python';

/**
 * The decision npm test makes before jest, tried with real interpreters: the machine's python3 (which has moto and
 * cfn-lint on this project's machines), a virtual environment made without them standing in for a machine that
 * lacks them, and a PATH without python3. No package index is reachable here, so an install is tried against an
 * index that refuses at once, and must fail in one line that says what to do.
 */
const MACHINE_PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
/** pip, pointed at a closed local port: refuses at once instead of waiting for a network that is not there. */
const NO_INDEX = { PIP_INDEX_URL: 'http://127.0.0.1:9/simple', PIP_RETRIES: '0', PIP_TIMEOUT: '2', PIP_NO_CACHE_DIR: '1' };

/** A project directory with this repository's requirements-dev.txt and nothing else. */
function projectDir(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'test-python-'));
  copyFileSync(path.join(PROJECT_ROOT, 'requirements-dev.txt'), path.join(root, 'requirements-dev.txt'));
  return root;
}

/** A bin directory whose python3 is a fresh virtual environment without moto, cfn-lint or pip. */
function bareVenvBin(): string {
  const venv = path.join(mkdtempSync(path.join(tmpdir(), 'bare-python-')), 'venv');
  execFileSync(MACHINE_PYTHON, ['-m', 'venv', '--without-pip', venv]);
  return path.join(venv, 'bin');
}

/**
 * A bin directory whose python3 is bareVenvBin()'s, except that the virtual environments it makes have no pip: making
 * pip is most of the time of `python3 -m venv`. Its pip install then fails at once (no module named pip), which is as
 * good as the refused index for a test about when an install is tried; the test above makes one with pip for real.
 */
function venvWithoutPipBin(): string {
  const python = path.join(bareVenvBin(), 'python3');
  const bin = mkdtempSync(path.join(tmpdir(), 'venv-without-pip-'));
  const script = `#!/bin/sh\nif [ "$1" = -m ] && [ "$2" = venv ]; then shift 2; exec '${python}' -m venv --without-pip "$@"; fi\nexec '${python}' "$@"\n`;
  writeFileSync(path.join(bin, 'python3'), script, { mode: 0o755 });
  return bin;
}

/** A bin directory with the tools the steps need but no python3 at all. */
function binWithoutPython(): string {
  const bin = mkdtempSync(path.join(tmpdir(), 'no-python-'));
  for (const tool of ['sh', 'env']) {
    const found = execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
    execFileSync('ln', ['-s', found, path.join(bin, tool)]);
  }
  return bin;
}

const envWith = (bin: string): NodeJS.ProcessEnv => ({ ...process.env, ...NO_INDEX, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` });

describe('the Python the tests use', () => {
  it("uses the machine's python3 as it is when it has moto with its server extra and cfn-lint, installing nothing", () => {
    // Prepare
    const root = projectDir();

    // Act
    const choice = chooseTestPython({ root, env: { ...process.env, ...NO_INDEX } });

    // Assess
    expect(choice).toEqual({ python: MACHINE_PYTHON, source: 'machine', installed: false });
    expect(existsSync(path.join(root, '.venv'))).toBe(false);
  });

  it('when python3 lacks them, makes .venv/ and installs requirements-dev.txt into it; without an index that fails in one line saying what to do', () => {
    // Prepare
    const root = projectDir();
    const log: string[] = [];

    // Act
    let failure: unknown;
    try {
      chooseTestPython({ root, env: envWith(bareVenvBin()), log: (line) => log.push(line) });
    } catch (error) {
      failure = error;
    }

    // Assess
    expect(failure).toBeInstanceOf(TestPythonError);
    const message = (failure as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/^pip could not install requirements-dev\.txt into \.venv\/ \(.+\): let pip reach a package index/);
    expect(message).toContain('python3 -m pip install -r requirements-dev.txt');
    expect(log[0]).toMatch(/^python3 lacks moto 5, cfn-lint 1, moto, flask, flask_cors, cfnlint: installing requirements-dev\.txt into \.venv\//);
    // The environment was made, with pip (which tried the install); no stamp, so the next run installs again.
    expect(existsSync(path.join(root, '.venv', 'bin', 'pip'))).toBe(true);
    expect(existsSync(path.join(root, '.venv', 'requirements-dev.sha256'))).toBe(false);
  }, 180_000);

  it('reuses a complete .venv/ while requirements-dev.txt is unchanged, and installs again when it changes', () => {
    // Prepare: a .venv/ that sees the machine's packages, stamped as installed from this requirements-dev.txt
    const root = projectDir();
    execFileSync(MACHINE_PYTHON, ['-m', 'venv', '--without-pip', '--system-site-packages', path.join(root, '.venv')]);
    const digest = execFileSync('sha256sum', [path.join(root, 'requirements-dev.txt')], { encoding: 'utf8' }).split(' ')[0];
    writeFileSync(path.join(root, '.venv', 'requirements-dev.sha256'), `${digest}\n`);
    const env = envWith(venvWithoutPipBin());

    // Act
    const reused = chooseTestPython({ root, env });
    appendFileSync(path.join(root, 'requirements-dev.txt'), '# changed\n');
    const afterChange = () => chooseTestPython({ root, env });

    // Assess: reused without pip (an install would have failed here, with no index); a change means installing again
    expect(reused).toEqual({ python: venvPython(root), source: 'venv', installed: false });
    expect(afterChange).toThrow(/^pip could not install requirements-dev\.txt into \.venv\//);
  }, 180_000);

  it('stops in one line that says how to install Python when python3 is not on the PATH', () => {
    // Prepare
    const root = projectDir();

    // Act
    const choose = () => chooseTestPython({ root, env: { ...NO_INDEX, PATH: binWithoutPython() } });

    // Assess
    expect(choose).toThrow(TestPythonError);
    expect(choose).toThrow(
      /^npm test needs Python 3\.9 or newer .* python3 is not on the PATH: install it \(Debian\/Ubuntu: sudo apt-get install python3 python3-venv;[^\n]*$/,
    );
    expect(existsSync(path.join(root, '.venv'))).toBe(false);
  });

  it('runs the command with TEST_PYTHON set, and stops before it with the one line when no Python can be had', () => {
    // Prepare
    const wrapper = path.join(PROJECT_ROOT, 'test/support/with-test-python.ts');
    const run = (env: NodeJS.ProcessEnv) => {
      try {
        return {
          status: 0,
          // One Node process with tsx's loader, as npm test starts the wrapper (the tsx command would start two)
          stdout: execFileSync(process.execPath, ['--import', 'tsx', wrapper, 'sh', '-c', `echo "$${TEST_PYTHON_VARIABLE}"`], {
            cwd: PROJECT_ROOT,
            env,
            encoding: 'utf8',
            stdio: 'pipe',
          }),
          stderr: '',
        };
      } catch (error) {
        const failed = error as { status: number; stdout: string; stderr: string };
        return { status: failed.status, stdout: failed.stdout, stderr: failed.stderr };
      }
    };
    const nodeDir = path.dirname(process.execPath);

    // Act
    const withPython = run({ ...process.env, ...NO_INDEX });
    const withoutPython = run({ ...NO_INDEX, PATH: `${binWithoutPython()}${path.delimiter}${nodeDir}` });

    // Assess
    expect(withPython).toEqual({ status: 0, stdout: `${MACHINE_PYTHON}\n`, stderr: '' });
    expect(withoutPython.status).toBe(1);
    expect(withoutPython.stdout).toBe('');
    expect(withoutPython.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^npm test: npm test needs Python 3\.9 or newer/)]);
  }, 60_000);
});

describe('testPython', () => {
  it('is TEST_PYTHON when set, else the stamped .venv/, else python3', () => {
    // Prepare
    const root = projectDir();
    const stamped = projectDir();
    mkdirSync(path.join(stamped, '.venv'));
    const digest = execFileSync('sha256sum', [path.join(stamped, 'requirements-dev.txt')], { encoding: 'utf8' }).split(' ')[0];
    writeFileSync(path.join(stamped, '.venv', 'requirements-dev.sha256'), `${digest}\n`);

    // Assess
    expect(testPython({ [TEST_PYTHON_VARIABLE]: '/opt/python/bin/python3' }, root)).toBe('/opt/python/bin/python3');
    expect(testPython({}, stamped)).toBe(venvPython(stamped));
    expect(testPython({}, root)).toBe('python3');
  });
});

describe('pinnedMajors', () => {
  it('reads the majors of moto and cfn-lint from requirements-dev.txt, and names a missing pin', () => {
    // Assess
    expect(pinnedMajors('moto[server]==5.2.1\ncfn-lint==1.51.0\n')).toEqual({ moto: '5', 'cfn-lint': '1' });
    expect(() => pinnedMajors('moto[server]>=5\ncfn-lint==1.51.0\n')).toThrow('requirements-dev.txt does not pin moto (a line like moto==1.2.3)');
  });
});
