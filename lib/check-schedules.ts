/**
 * When the check runs: the schedule, the daily digest's schedule (the same function, told by its input to send
 * yesterday's summary), and the queue where an event lands when Scheduler cannot deliver it.
 */
import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import type { CfnElement } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { BundledFunction } from './bundled-function';
import type { CostAlertConfig } from './stack-context';

export interface CheckSchedules {
  readonly schedule: scheduler.Schedule;
  /** Absent with digest=false. */
  readonly digestSchedule?: scheduler.Schedule;
  /** The schedules' dead-letter queue. */
  readonly failedInvocations: sqs.Queue;
}

/**
 * The schedules and their queue, created in `scope` with the ids FailedInvocations, Schedule and DigestSchedule
 * (with the stack as scope, the logical IDs deployed stacks have).
 */
export function addCheckSchedules(scope: Construct, config: CostAlertConfig, check: BundledFunction): CheckSchedules {
  const failedInvocations = new sqs.Queue(scope, 'FailedInvocations', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(failedInvocations).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      "This queue is itself the dead-letter queue of the schedule's target; an alarm on its depth tells operators, and it has nowhere further to send messages.",
  });

  // Scheduler retries only when it cannot hand the event to Lambda (throttling, service errors); an event
  // older than one interval is stale, since the next run is due. What still fails lands in the queue.
  const schedule = new scheduler.Schedule(scope, 'Schedule', {
    description: 'Runs the Telnyx cost check',
    schedule: scheduler.ScheduleExpression.expression(config.schedule, TimeZone.of(config.timeZone)),
    target: new targets.LambdaInvoke(check.function, {
      retryAttempts: 2,
      maxEventAge: Duration.minutes(config.intervalMinutes),
      deadLetterQueue: failedInvocations,
    }),
  });
  const digestSchedule = addDigestSchedule(scope, config, check, failedInvocations);
  acknowledgeSchedulerRole(scope, check);
  return { schedule, ...(digestSchedule ? { digestSchedule } : {}), failedInvocations };
}

/** None with digest=false. Same retries and dead-letter queue as the check's; an event older than an hour would arrive in the middle of the morning. */
function addDigestSchedule(scope: Construct, config: CostAlertConfig, check: BundledFunction, failedInvocations: sqs.IQueue): scheduler.Schedule | undefined {
  if (config.digestTime === undefined) return undefined;
  const { hour, minute } = config.digestTime;
  return new scheduler.Schedule(scope, 'DigestSchedule', {
    description: 'Sends the daily Telnyx spend digest',
    schedule: scheduler.ScheduleExpression.expression(`cron(${minute} ${hour} * * ? *)`, TimeZone.of(config.timeZone)),
    target: new targets.LambdaInvoke(check.function, {
      input: scheduler.ScheduleTargetInput.fromObject({ action: 'digest' }),
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      deadLetterQueue: failedInvocations,
    }),
  });
}

/**
 * LambdaInvoke's role may invoke the function and its qualified ARNs (`<function arn>:*`). The finding names
 * this one function, so acknowledging it on the stack covers the scheduler's role and nothing else.
 */
function acknowledgeSchedulerRole(scope: Construct, check: BundledFunction): void {
  const stack = Stack.of(scope);
  const functionLogicalId = stack.getLogicalId(check.function.node.defaultChild as CfnElement);
  Validations.of(stack).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
    reason:
      "aws-scheduler-targets grants lambda:InvokeFunction on the check function and its versions and aliases; the wildcard ranges over that one function's qualifiers, not over other functions.",
  });
}
