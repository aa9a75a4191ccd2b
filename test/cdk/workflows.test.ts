import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

const workflowsDir = path.resolve(__dirname, '../../.github/workflows');

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly uses?: string;
  readonly needs?: string | string[];
  readonly permissions?: Record<string, string>;
  readonly steps?: readonly Step[];
  readonly if?: string;
  readonly environment?: unknown;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: unknown;
  readonly jobs: Record<string, Job>;
}

const files = readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file));
const workflows = Object.fromEntries(
  files.map((file) => [file, parse(readFileSync(path.join(workflowsDir, file), 'utf8')) as Workflow]),
);
const workflow = (file: string): Workflow => {
  const parsed = workflows[file];
  if (parsed === undefined) throw new Error(`${file} is missing from .github/workflows`);
  return parsed;
};
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const rawText = (file: string): string => readFileSync(path.join(workflowsDir, file), 'utf8');

describe('GitHub workflows', () => {
  it('are ci.yml and deploy.yml, both valid YAML', () => {
    // Assess
    expect(files.sort()).toEqual(['ci.yml', 'deploy.yml']);
    expect(workflow('ci.yml').jobs).toBeDefined();
    expect(workflow('deploy.yml').jobs).toBeDefined();
  });

  it.each(files)('%s pins every action to a full commit SHA, with its version in a comment', (file) => {
    // Prepare
    const uses = Object.values(workflow(file).jobs).flatMap((job) => [
      ...(job.uses ? [job.uses] : []),
      ...(job.steps ?? []).flatMap((step) => (step.uses ? [step.uses] : [])),
    ]);
    const remote = uses.filter((reference) => !reference.startsWith('./'));

    // Assess
    for (const reference of remote) expect(reference).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/);
    for (const reference of remote) expect(rawText(file)).toMatch(new RegExp(`${escapeRegExp(reference)} # v\\d+\\.\\d+\\.\\d+`));
  });

  it.each(files)('%s grants nothing by default', (file) => {
    // Assess
    expect(workflow(file).permissions).toEqual({});
  });

  it('asks for an OIDC token only in the deploy job', () => {
    // Act
    const withIdToken = files.flatMap((file) =>
      Object.entries(workflow(file).jobs)
        .filter(([, job]) => job.permissions?.['id-token'] !== undefined)
        .map(([name, job]) => `${file}:${name}=${job.permissions?.['id-token']}`),
    );

    // Assess
    expect(withIdToken).toEqual(['deploy.yml:deploy=write']);
  });

  it('tests and synthesizes pull requests', () => {
    // Prepare
    const ci = workflow('ci.yml');
    const commands = Object.values(ci.jobs).flatMap((job) => (job.steps ?? []).map((step) => step.run ?? ''));

    // Assess
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['pull_request', 'workflow_call']));
    expect(commands).toEqual(
      expect.arrayContaining([expect.stringMatching(/^npm ci\b/), 'npm test', expect.stringMatching(/^bash \.github\/cdk-with-context\.sh synth\b/)]),
    );
    expect(ci.jobs.test?.permissions).toEqual({ contents: 'read' });
  });

  it('deploys main after CI passes, with the assumed role, without approval prompts, context from variables', () => {
    // Prepare
    const deployWorkflow = workflow('deploy.yml');
    const deploy = deployWorkflow.jobs.deploy!;
    const credentials = deploy.steps?.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    const deployStep = deploy.steps?.find((step) => step.run?.includes('cdk-with-context.sh deploy'));

    // Assess
    expect(deployWorkflow.on.push).toEqual({ branches: ['main'] });
    expect(deployWorkflow.jobs.verify?.uses).toBe('./.github/workflows/ci.yml');
    expect(deploy.needs).toBe('verify');
    expect(deploy.if).toBe("github.ref == 'refs/heads/main'");
    expect(deploy.environment).toBeUndefined();
    expect(credentials?.with).toEqual(
      expect.objectContaining({
        'role-to-assume': '${{ vars.AWS_DEPLOY_ROLE_ARN }}',
        'aws-region': '${{ vars.AWS_REGION }}',
      }),
    );
    expect(deployStep?.run).toMatch(/^bash \.github\/cdk-with-context\.sh deploy .*--require-approval never/);
    expect(deployStep?.env).toEqual(
      expect.objectContaining({
        ALERT_EMAILS: '${{ vars.ALERT_EMAILS }}',
        ALERT_SMS_NUMBERS: '${{ vars.ALERT_SMS_NUMBERS }}',
      }),
    );
    // Expressions stay out of the script itself, where a crafted value could inject commands.
    expect(deployStep?.run).not.toContain('${{');
  });
});

describe('the workflows\' context script', () => {
  /** Runs .github/cdk-with-context.sh with a stand-in `npx` that prints the arguments it got, one per line. */
  function contextArgs(env: Record<string, string>): string[] {
    const bin = mkdtempSync(path.join(tmpdir(), 'npx-'));
    writeFileSync(path.join(bin, 'npx'), '#!/usr/bin/env bash\nprintf "%s\\n" "$@"\n', { mode: 0o755 });
    const out = execFileSync('bash', [path.join(__dirname, '../../.github/cdk-with-context.sh'), 'synth', '--quiet'], {
      env: { PATH: `${bin}:${process.env.PATH ?? ''}`, ...env },
      encoding: 'utf8',
    });
    return out.trim().split('\n');
  }

  it('passes only the variables that are set, so cdk.json keeps the rest', () => {
    // Act
    const args = contextArgs({ ALERT_EMAILS: 'a@example.com,b@example.com', CHECK_SCHEDULE: '', CHECK_TIME_ZONE: 'Europe/Berlin' });

    // Assess
    expect(args).toEqual(['cdk', 'synth', '--quiet', '-c', 'timeZone=Europe/Berlin', '-c', 'alertEmails=a@example.com,b@example.com']);
  });

  it('keeps a value with spaces or shell characters as one argument', () => {
    // Act
    const args = contextArgs({ CHECK_SCHEDULE: 'cron(0 8 * * ? *)' });

    // Assess
    expect(args).toEqual(['cdk', 'synth', '--quiet', '-c', 'schedule=cron(0 8 * * ? *)']);
  });
});
