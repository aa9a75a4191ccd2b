import { createRequire } from 'node:module';
import * as path from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import type { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export const PROJECT_ROOT = path.resolve(__dirname, '..');

/** Bundling needs the locally installed esbuild; without it CDK would silently try Docker, which is not there. */
export class EsbuildMissingError extends Error {
  override readonly name = 'EsbuildMissingError';
}

export interface BundledFunctionProps {
  /** Entry file, relative to the project root. */
  readonly entry: string;
  readonly description: string;
  readonly environment: Record<string, string>;
  readonly timeout: Duration;
  readonly memorySize: number;
  /** Async invocation: retries after a function error, and how old an event may get before it is dropped. */
  readonly retryAttempts: number;
  readonly maxEventAge: Duration;
  /** Where an asynchronous event goes once its retries are spent. */
  readonly onFailure?: lambda.IDestination;
}

/**
 * The one NodejsFunction setup: runtime, architecture, bundling, logging and role fixed here.
 * The role starts empty (no AWSLambdaBasicExecutionRole): writing to its own log group is granted
 * below, everything else by the caller, statement by statement.
 */
export class BundledFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: BundledFunctionProps) {
    super(scope, id);
    assertEsbuildInstalled();

    // Retained on destroy (CDK's default for log groups): the record of what the check did outlives the stack.
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.description}`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // The log group's Arn attribute ends in :* which covers its streams and nothing else.
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      description: props.description,
      // The newest Node.js runtime in this aws-cdk-lib (cdk-nag's AwsSolutions-L1 wants the latest).
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize,
      role: this.role,
      logGroup: this.logGroup,
      retryAttempts: props.retryAttempts,
      maxEventAge: props.maxEventAge,
      ...(props.onFailure ? { onFailure: props.onFailure } : {}),
      environment: {
        ...props.environment,
        // Makes the bundled source maps turn stack traces back into TypeScript lines.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        forceDockerBundling: false,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node24',
        format: nodejs.OutputFormat.CJS,
        // The runtime ships AWS SDK v3; bundling it would only grow the package and the cold start.
        externalModules: ['@aws-sdk/*'],
      },
    });
  }
}

function assertEsbuildInstalled(): void {
  try {
    createRequire(path.join(PROJECT_ROOT, 'package.json')).resolve('esbuild');
  } catch (error) {
    throw new EsbuildMissingError('esbuild is not installed in this project: run `npm ci` (bundling never falls back to Docker)', { cause: error });
  }
}
