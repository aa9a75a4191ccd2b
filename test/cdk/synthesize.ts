/**
 * Builds the real app (lib/app.ts) from a context, as bin/app.ts does, without the CLI; and `templatesOf`, the
 * templates of a context synthesized once per jest run and shared by every suite (see templateCache below).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addNagChecks, addStacks } from '../../lib/app';
import type { CostAlertStacks } from '../../lib/app';
import { TEMPLATE_CACHE_VARIABLE } from '../support/template-cache';

/** The example context: two email subscribers and one SMS number. */
export const EXAMPLE_CONTEXT = {
  alertEmails: 'a@example.com,b@example.com',
  alertSmsNumbers: '+15555550100',
} as const;

/** A Slack channel and a Microsoft Teams channel, by ids of the shape AWS Chatbot takes (no real workspace or team). */
export const SLACK_CHANNEL = { slackWorkspaceId: 'T0123ABCDEF', slackChannelId: 'C0123ABCDEF' } as const;
export const TEAMS_CHANNEL = {
  teamsTenantId: '01234567-89ab-cdef-0123-456789abcdef',
  teamsTeamId: '11234567-89ab-cdef-0123-456789abcdef',
  teamsChannelId: '19:0123abcd@thread.tacv2',
} as const;
export const CHAT_CHANNELS = { ...SLACK_CHANNEL, ...TEAMS_CHANNEL } as const;

/**
 * cdk.json's feature flags (the `@aws-cdk/...` keys): the CLI passes them to the app, so the tests must too,
 * or they would assert a template the CLI never synthesizes. Its other keys are the documented defaults, which
 * the code holds as well (test/cdk/stack-context.test.ts keeps the two equal).
 */
export const FEATURE_FLAGS: Record<string, unknown> = Object.fromEntries(
  Object.entries((JSON.parse(readFileSync(path.join(__dirname, '../../cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context).filter(([key]) =>
    key.startsWith('@'),
  ),
);

export interface SynthesizeOptions {
  /** Bundle the real handler with esbuild (slower, and fails while the handler does not build). */
  readonly bundle?: boolean;
  readonly nag?: boolean;
}

export interface BuiltApp {
  readonly app: App;
  readonly stacks: CostAlertStacks;
  /** What synthesis printed (CDK's report of the stacks' warnings), kept out of the test output. */
  readonly printed: string[];
}

export function buildApp(context: Record<string, unknown>, options: SynthesizeOptions = {}): BuiltApp {
  const app = new App({
    // CDK's built-in CloudFormation validation changes no template, and its WebAssembly rule engine takes about 5 s of
    // CPU to start in each process. `cdk synth` runs it (synth-cli.test.ts, through the CLI); every context's templates
    // go through cfn-lint itself (cfn-lint.test.ts), whose rules the engine's are, by number and message (an alarm's
    // unknown ComparisonOperator is its W3030 and cfn-lint's E3030).
    builtinCloudFormationValidation: false,
    context: {
      ...FEATURE_FLAGS,
      ...context,
      // An empty list skips asset bundling: these tests are about the template, the CLI test bundles.
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const stacks = addStacks(app);
  if (options.nag) addNagChecks(app);
  const printed: string[] = [];
  const synth = app.synth.bind(app);
  // Template.fromStack synthesizes through the root app: every synthesis of this app is captured.
  app.synth = (synthOptions) => capturingConsoleError(printed, () => synth(synthOptions));
  return { app, stacks, printed };
}

/** CDK prints its validation report (the annotations of the stacks) with console.error. */
function capturingConsoleError<T>(printed: string[], act: () => T): T {
  const original = console.error;
  console.error = (...args: unknown[]) => void printed.push(format(...args));
  try {
    return act();
  } finally {
    console.error = original;
  }
}

/** The templates of one context: the cost-alert stack, and the GitHub deploy stack when githubRepository is set. */
export interface Templates {
  readonly costAlert: Template;
  readonly gitHubDeploy?: Template;
}

interface TemplateJson {
  readonly costAlert: Record<string, unknown>;
  readonly gitHubDeploy?: Record<string, unknown>;
}

/** The JSON text of each context's templates synthesized or read in this process. */
const synthesizedHere = new Map<string, string>();

/**
 * The templates a context synthesizes, each context synthesized once per jest run: test/support/jest-global-setup.ts
 * makes a fresh directory for the run and names it in TEMPLATE_CACHE_VARIABLE; the first suite to ask for a context
 * writes its templates there as JSON (keyed by a hash of the context), every other suite reads them. Without the
 * variable (a script outside jest) each context is synthesized once per process.
 */
export function templatesOf(context: Record<string, unknown>): Templates {
  // Parsed anew for each caller: no test sees what another did to its copy.
  const json = JSON.parse(cachedTemplates(context)) as TemplateJson;
  return {
    costAlert: Template.fromJSON(json.costAlert),
    ...(json.gitHubDeploy ? { gitHubDeploy: Template.fromJSON(json.gitHubDeploy) } : {}),
  };
}

function cachedTemplates(context: Record<string, unknown>): string {
  const key = createHash('sha256').update(canonicalJson(context)).digest('hex').slice(0, 32);
  const known = synthesizedHere.get(key);
  if (known) return known;
  const directory = process.env[TEMPLATE_CACHE_VARIABLE];
  const file = directory ? path.join(directory, `${key}.json`) : undefined;
  let json: string;
  if (file && existsSync(file)) {
    json = readFileSync(file, 'utf8');
  } else {
    json = JSON.stringify(synthesizeTemplates(context));
    if (file) {
      // Written aside then renamed: a suite in another worker never reads half a file.
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, json);
      renameSync(partial, file);
    }
  }
  synthesizedHere.set(key, json);
  return json;
}

function synthesizeTemplates(context: Record<string, unknown>): TemplateJson {
  const { app, stacks } = buildApp(context);
  const assembly = app.synth();
  const templateOf = (stack: Stack) => assembly.getStackArtifact(stack.artifactId).template as Record<string, unknown>;
  return {
    costAlert: templateOf(stacks.costAlert),
    ...(stacks.gitHubDeploy ? { gitHubDeploy: templateOf(stacks.gitHubDeploy) } : {}),
  };
}

/** JSON with every object's keys sorted: the same context written in another order is the same key. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
