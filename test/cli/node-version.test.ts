/** Node 22+ on a Node 20 machine: npm scripts run on the `node` devDependency, so the AWS SDK never warns. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../../bin/cli/threshold-source';

const run = promisify(execFile);

describe('Node version', () => {
  it('runs the tests on Node 22 or newer (package.json engines)', () => {
    // Assess: `npm test` puts node_modules/.bin (the node@24 devDependency) first on PATH
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
  });

  it('runs `npm run cli` with an AWS SDK client and no NodeVersionSupportWarning', async () => {
    // Prepare: an SSM endpoint that refuses at once, so that the SDK client is built and used without AWS
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    };
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;

    // Act: the command fails (nothing listens); only its stderr matters
    const failure = await run('npm', ['run', '-s', 'cli', '--', 'thresholds', 'validate', '--offline', '--thresholds-path', '/node-version-test'], {
      cwd: PACKAGE_ROOT,
      env,
      timeout: 50_000,
    }).then(
      () => undefined,
      (error: unknown) => error as { stderr: string; code: number },
    );

    // Assess
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('could not read the thresholds under /node-version-test');
    expect(failure?.stderr).not.toContain('NodeVersionSupportWarning');
  });
});
