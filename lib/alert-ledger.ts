import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

/** The ledger's item actions, and nothing else: claim (conditional put), confirm (put), release (delete or put back). */
export const LEDGER_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'] as const;

/**
 * A record of which alerts went out, kept only until expiresAt (the relay keeps its delivery memory there too, under
 * keys of its own). Destroyed with the stack: losing it costs at most one repeat of an alert already sent this period.
 * Created in `scope` with the id `Ledger`: with the stack as scope, its logical ID is the one deployed stacks have.
 */
export function addLedger(scope: Construct): dynamodb.Table {
  const ledger = new dynamodb.Table(scope, 'Ledger', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    timeToLiveAttribute: 'expiresAt',
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  Validations.of(ledger).acknowledge({
    id: 'AwsSolutions-DDB3',
    reason:
      'The ledger only de-duplicates alerts and each item expires (TTL) soon after its period ends; a restore would bring back nothing worth having, and losing it means at most one repeated alert.',
  });
  return ledger;
}
