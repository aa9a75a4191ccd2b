/**
 * The check: the function that compares Telnyx spend with the thresholds and publishes alerts (functions/cost-alert),
 * and each permission its environment variables need, written out statement by statement.
 */
import { Aws, Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { LEDGER_ACTIONS } from './alert-ledger';
import type { AlertTopic } from './alert-topic';
import { BundledFunction } from './bundled-function';
import { parameterArn, withLeadingSlash } from './parameter-arns';
import type { CostAlertConfig } from './stack-context';

/** What the handler's Powertools Metrics publish; the checks-stopped alarm watches it. */
export const CHECK_METRICS = {
  serviceName: 'telnyx-cost-alert',
  namespace: 'TelnyxCostAlert',
  checksCompleted: 'ChecksCompleted',
} as const;

/** Lambda keeps an asynchronous event for at most six hours. */
const MAX_ASYNC_EVENT_AGE_MINUTES = 360;

export interface CheckFunctionProps {
  readonly config: CostAlertConfig;
  readonly alerts: AlertTopic;
  readonly ledger: dynamodb.ITable;
}

/** The check function, created in `scope` with the id `Check` (with the stack as scope, the deployed logical IDs). */
export function addCheckFunction(scope: Construct, props: CheckFunctionProps): BundledFunction {
  const { config } = props;
  const check = new BundledFunction(scope, 'Check', {
    entry: 'functions/cost-alert/handler.ts',
    description: 'Telnyx cost check: usage against thresholds, alerts to SNS',
    // Sized from bench/RESULTS.md: a million usage rows through the client peak at about 135 MB RSS, and
    // 20 products x 10 pages are 101 round trips one after another at concurrency 2 (5.4 s at 50 ms each;
    // about 100 s even at 1 s per 5000-row page). The handler stops reading usage 10 s before the timeout
    // (its deadline is the remaining time) so that what it found is still alerted.
    timeout: Duration.minutes(2),
    memorySize: 256,
    // No Lambda retry of a failed run: a run fails only after evaluating and publishing all it could, and its
    // failure is often lasting (an invalid threshold); a retry would only double the load on a throttling API.
    // The next scheduled run is the retry, and the ledger sends then whatever could not be published.
    retryAttempts: 0,
    maxEventAge: Duration.minutes(Math.min(config.intervalMinutes, MAX_ASYNC_EVENT_AGE_MINUTES)),
    environment: {
      TELNYX_API_KEY_PARAMETER: config.apiKeyParameter,
      THRESHOLDS_PATH: config.thresholdsPath,
      ALERT_TOPIC_ARN: props.alerts.topic.topicArn,
      ALERT_LEDGER_TABLE: props.ledger.tableName,
      TIME_ZONE: config.timeZone,
      LATE_USAGE_HOURS: String(config.lateUsageHours),
      POWERTOOLS_SERVICE_NAME: CHECK_METRICS.serviceName,
      POWERTOOLS_METRICS_NAMESPACE: CHECK_METRICS.namespace,
    },
  });
  grantParameters(check.role, config);
  grantAlertsAndLedger(check.role, props);
  acknowledgeThresholdsWildcard(check.role, config.thresholdsPath);
  return check;
}

/** The thresholds (listed, never decrypted) and the API key (decrypted through SSM only). */
function grantParameters(role: iam.Role, config: CostAlertConfig): void {
  const thresholdsArn = parameterArn(config.thresholdsPath);
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ReadThresholds',
      actions: ['ssm:GetParametersByPath'],
      // The path itself, and everything under it (Recursive: true).
      resources: [thresholdsArn, `${thresholdsArn}/*`],
    }),
  );
  // Listed without decryption, and no GetParameter under the path: a SecureString is not a threshold and is never
  // decrypted (it may be a secret put in the wrong place).
  const apiKeyArn = parameterArn(config.apiKeyParameter);
  role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ReadApiKey', actions: ['ssm:GetParameter'], resources: [apiKeyArn] }));
  // Under the AWS-managed alias/aws/ssm key no identity grant is needed: its key policy lets any principal of
  // the account that may read the parameter decrypt through SSM. A customer-managed key is usable only for
  // the API-key parameter, through SSM (SSM puts the parameter's ARN into the encryption context).
  if (config.apiKeyKmsKeyArn !== undefined) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DecryptApiKeyThroughSsm',
        actions: ['kms:Decrypt'],
        resources: [config.apiKeyKmsKeyArn],
        conditions: {
          StringEquals: {
            'kms:ViaService': `ssm.${Aws.REGION}.amazonaws.com`,
            'kms:EncryptionContext:PARAMETER_ARN': apiKeyArn,
          },
        },
      }),
    );
  }
}

/** Publishing to the encrypted alert topic, and the ledger's item actions. */
function grantAlertsAndLedger(role: iam.Role, props: CheckFunctionProps): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'PublishAlerts', actions: ['sns:Publish'], resources: [props.alerts.topic.topicArn] }));
  // Publishing to an encrypted topic: SNS asks KMS for a data key on the publisher's behalf. Only through SNS:
  // the function cannot use the key directly.
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'EncryptAlertsForTheTopic',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [props.alerts.key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `sns.${Aws.REGION}.amazonaws.com` } },
    }),
  );
  role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'UseTheLedger', actions: [...LEDGER_ACTIONS], resources: [props.ledger.tableArn] }));
}

function acknowledgeThresholdsWildcard(role: iam.Role, thresholdsPath: string): void {
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (policy === undefined) return;
  Validations.of(policy).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter${withLeadingSlash(thresholdsPath)}/*]`,
    reason:
      'The check reads every threshold under its own path with GetParametersByPath (Recursive); the path/* form is how IAM scopes that call to this path and nothing else.',
  });
}
