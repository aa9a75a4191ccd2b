/**
 * Cold start: the handler bundled as lib/bundled-function.ts has CDK bundle it (the same esbuild options,
 * through esbuild's JS API), then imported by fresh node processes.
 *
 * `@aws-sdk/*` stays external as in the stack: the Lambda runtime provides it. Here it resolves from the
 * project's node_modules through NODE_PATH, so its load time is part of what is measured, as it is in Lambda.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { build, type BuildOptions } from 'esbuild';

export class ColdStartError extends Error {
  override readonly name = 'ColdStartError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** NodejsFunction's bundling props in lib/bundled-function.ts, as CDK turns them into esbuild arguments. */
export function stackBundleOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    target: 'node24',
    platform: 'node',
    format: 'cjs',
    outfile,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: ['@aws-sdk/*'],
    metafile: true,
    logLevel: 'warning',
  };
}

export interface StartVariant {
  readonly name: string;
  /** As a shell would show it. */
  readonly commandLine: string;
  /** Wall time of the whole process, spawn to exit. */
  readonly wallMs: number[];
  /** Time of the require (and createHandler) inside the process, when it reports one. */
  readonly inProcessMs: number[];
}

export interface ColdStartResult {
  readonly bundleBytes: number;
  readonly mapBytes: number;
  readonly buildMs: number;
  readonly esbuildCall: string;
  /** Largest contributors to the bundle, by bytes in the output. */
  readonly topInputs: ReadonlyArray<{ readonly input: string; readonly bytes: number }>;
  readonly variants: readonly StartVariant[];
  readonly runs: number;
}

const TIMED_REQUIRE = 'const t=process.hrtime.bigint();require(process.argv[1]);process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))';
// createHandler as the first invocation runs it: config in, SDK clients, Logger and Metrics built.
const TIMED_CREATE =
  "const t=process.hrtime.bigint();const m=require(process.argv[1]);m.createHandler({apiKeyParameter:'/telnyx-cost-alert/api-key',thresholdsPath:'/telnyx-cost-alert/thresholds',topicArn:'arn:aws:sns:us-east-1:123456789012:t',ledgerTable:'ledger',telnyxBaseUrl:'https://api.telnyx.com/v2',timeZone:'UTC',maxConcurrency:2});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))";

// What of the import is the AWS SDK (external to the bundle, loaded from the runtime in Lambda).
const TIMED_AWS_SDK =
  "const t=process.hrtime.bigint();require('@aws-sdk/client-ssm');require('@aws-sdk/client-sns');require('@aws-sdk/client-dynamodb');process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))";

export async function measureColdStart(projectRoot: string, runs: number): Promise<ColdStartResult> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'telnyx-cost-alert-bench-'));
  try {
    const outfile = path.join(directory, 'index.js');
    const entry = path.join(projectRoot, 'functions/cost-alert/handler.ts');
    const buildStarted = performance.now();
    const result = await build(stackBundleOptions(entry, outfile));
    const buildMs = performance.now() - buildStarted;
    const output = result.metafile?.outputs[path.relative(process.cwd(), outfile)] ?? Object.values(result.metafile?.outputs ?? {}).find((o) => o.entryPoint);
    const topInputs = Object.entries(output?.inputs ?? {})
      .map(([input, { bytesInOutput }]) => ({ input: groupOf(input), bytes: bytesInOutput }))
      .reduce((groups, { input, bytes }) => groups.set(input, (groups.get(input) ?? 0) + bytes), new Map<string, number>());
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: path.join(projectRoot, 'node_modules') };
    // Whatever started the bench (tsx) must not load into the measured processes.
    delete env.NODE_OPTIONS;

    const variants = [
      { name: 'node -e "" (baseline: node itself)', args: ['-e', ''], shown: 'node -e ""' },
      { name: 'import the bundle', args: ['-e', TIMED_REQUIRE, outfile], shown: `NODE_PATH=node_modules node -e "require('<tmp>/index.js')"` },
      {
        name: 'import + createHandler',
        args: ['-e', TIMED_CREATE, outfile],
        shown: `NODE_PATH=node_modules node -e "require('<tmp>/index.js').createHandler(config)"`,
      },
      {
        name: 'the external AWS SDK clients alone',
        args: ['-e', TIMED_AWS_SDK],
        shown: `NODE_PATH=node_modules node -e "require('@aws-sdk/client-ssm'); require('@aws-sdk/client-sns'); require('@aws-sdk/client-dynamodb')"`,
      },
    ];
    const samples = variants.map(() => ({ wallMs: [] as number[], inProcessMs: [] as number[] }));
    // Round-robin, so that a slow moment of the machine spreads over all variants.
    for (let run = 0; run < runs; run++) {
      variants.forEach((variant, index) => {
        const started = performance.now();
        const child = spawnSync(process.execPath, variant.args, { env, encoding: 'utf8' });
        const wall = performance.now() - started;
        if (child.status !== 0) throw new ColdStartError(`${variant.shown} failed (status ${child.status}): ${child.stderr.slice(0, 500)}`);
        const sample = samples[index];
        if (!sample) return;
        sample.wallMs.push(wall);
        const reported = Number(child.stdout.trim());
        if (child.stdout.trim() !== '' && Number.isFinite(reported)) sample.inProcessMs.push(reported);
      });
    }
    return {
      bundleBytes: statSync(outfile).size,
      mapBytes: statSync(`${outfile}.map`).size,
      buildMs,
      esbuildCall:
        'esbuild.build({ entryPoints: [functions/cost-alert/handler.ts], bundle: true, target: node24, platform: node, format: cjs, minify: true, sourcemap: true, sourcesContent: false, external: [@aws-sdk/*] })',
      topInputs: [...topInputs.entries()]
        .map(([input, bytes]) => ({ input, bytes }))
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, 6),
      variants: variants.map((variant, index) => ({
        name: variant.name,
        commandLine: variant.shown,
        wallMs: samples[index]?.wallMs ?? [],
        inProcessMs: samples[index]?.inProcessMs ?? [],
      })),
      runs,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** A package (node_modules/<name>) or, for the project's own code, its folder. */
function groupOf(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (match?.[1]) return match[1];
  return `project: ${path.dirname(input)}`;
}
