/** Alerts to an SNS topic, one message rendered per protocol (email, SMS, machines). */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { MessageAttributeValue } from '@aws-sdk/client-sns';
import { messageBodies } from '../domain/message-bodies';
import type { Alert } from '../domain/types';
import type { AlertPublisher } from '../ports';

export class PublishError extends Error {
  override readonly name = 'PublishError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export class SnsAlertPublisher implements AlertPublisher {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(alert: Alert): Promise<void> {
    const { message } = alert;
    const perProtocol = messageBodies(alert);
    // Attributes let subscriptions filter (e.g. SMS for critical only) without parsing the body.
    const attributes: Record<string, MessageAttributeValue> = {
      severity: { DataType: 'String', StringValue: alert.severity },
      signal: { DataType: 'String', StringValue: alert.signal },
      product: { DataType: 'String', StringValue: alert.product },
    };
    if (alert.period) attributes['period'] = { DataType: 'String', StringValue: alert.period };
    // A managed account's user_id (`*` for a storm's summary): a filter policy can route one customer's alerts.
    if (alert.account) attributes['account'] = { DataType: 'String', StringValue: alert.account };
    try {
      await this.sns.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          MessageStructure: 'json',
          Subject: message.subject,
          Message: JSON.stringify(perProtocol),
          MessageAttributes: attributes,
        }),
      );
    } catch (error) {
      throw new PublishError(publishFailure(this.topicArn, alert, error), { cause: error });
    }
  }
}

function publishFailure(topicArn: string, alert: Alert, error: unknown): string {
  const what = `could not publish the ${alert.severity} alert ${alert.key} to ${topicArn}`;
  switch (error instanceof Error ? error.name : undefined) {
    case 'AuthorizationErrorException':
    case 'AccessDeniedException':
      return `${what}: grant sns:Publish on the topic`;
    case 'NotFoundException':
      return `${what}: the topic does not exist; check ALERT_TOPIC_ARN`;
    case 'KMSAccessDeniedException':
    case 'KMSDisabledException':
    case 'KMSNotFoundException':
      return `${what}: the topic's KMS key is not usable by the function; grant kms:GenerateDataKey and kms:Decrypt on it`;
    default:
      return `${what}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** The publisher on a client with the function's own credentials and region (the handler loads this module on first use). */
export function publisherToTopic(topicArn: string): SnsAlertPublisher {
  return new SnsAlertPublisher(new SNSClient({}), topicArn);
}
