/**
 * Where alerts go besides email and SNS SMS, from the context keys (stack-context/chat-and-relay.ts): chat channels through
 * AWS Chatbot, and the relay. Both subscribe to the one alert topic, so the check's ledger still decides what goes out.
 */
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { AlertRelay } from './alert-relay';
import type { AlertTopic } from './alert-topic';
import { ChatChannels } from './chat-channels';
import type { AlertRoutes, CostAlertConfig } from './stack-context';

export interface AlertRoutesProps {
  readonly routes?: AlertRoutes;
  readonly alerts: AlertTopic;
  readonly ledger: dynamodb.ITable;
  readonly config: Pick<CostAlertConfig, 'apiKeyParameter' | 'apiKeyKmsKeyArn'>;
}

/** The chat channels and the relay the context asks for (none without their keys), in `scope`. */
export function addAlertRoutes(scope: Construct, props: AlertRoutesProps): { readonly chat?: ChatChannels; readonly relay?: AlertRelay } {
  const { routes = {}, alerts, ledger, config } = props;
  const chat = routes.slack || routes.teams ? new ChatChannels(scope, 'Chat', { topic: alerts.topic, ...routes }) : undefined;
  const relay = routes.relay
    ? new AlertRelay(scope, 'AlertRelay', {
        ...routes.relay,
        apiKeyParameter: config.apiKeyParameter,
        ...(config.apiKeyKmsKeyArn === undefined ? {} : { apiKeyKmsKeyArn: config.apiKeyKmsKeyArn }),
        topic: alerts.topic,
        ledger,
        alarmTopics: alerts.alarmTopics,
      })
    : undefined;
  return { ...(chat ? { chat } : {}), ...(relay ? { relay } : {}) };
}
