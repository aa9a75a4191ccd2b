import { relayMessage } from '../../functions/alert-relay/relay-message';
import { criticalAlert, snsRecordOf } from './fixtures';

describe('relayMessage', () => {
  it("reads an alert's lambda body: its view, its payload as published and its ledger key", () => {
    // Prepare
    const record = snsRecordOf(criticalAlert);
    // Act
    const message = relayMessage(record);
    // Assess
    expect(message.payloadText).toBe(record.Message);
    expect(message.dedupKey).toBe(criticalAlert.key);
    expect(message.view).toMatchObject({ severity: 'critical', signal: 'limit', product: 'messaging', title: criticalAlert.message.subject });
  });

  it('turns a CloudWatch alarm notification into an error alert keyed by the alarm', () => {
    // Prepare
    const alarm = {
      AlarmName: 'TelnyxCostAlert-CheckErrors',
      AlarmDescription: 'The Telnyx cost check (or digest) failed (see its log group).',
      NewStateValue: 'ALARM',
      NewStateReason: 'Threshold Crossed: 1 datapoint [1.0] was >= 1.0',
      StateChangeTime: '2026-11-26T13:10:00.000+0000',
    };
    // Act
    const message = relayMessage({ MessageId: 'm-2', Message: JSON.stringify(alarm), Subject: 'ALARM: "TelnyxCostAlert-CheckErrors"' });
    // Assess
    expect(message.view).toMatchObject({ severity: 'error', signal: 'alarm', product: 'all', summary: alarm.AlarmDescription });
    expect(message.dedupKey).toBe('alarm|TelnyxCostAlert-CheckErrors');
    expect(message.payload).toMatchObject({ signal: 'alarm', alertKey: 'alarm|TelnyxCostAlert-CheckErrors', alarm });
  });

  it('delivers any other text (a recovered notice) as an info notice, taking severity and signal from the attributes when given', () => {
    // Act
    const recovered = relayMessage({ MessageId: 'm-3', Message: 'Recovered: the alarm TelnyxCostAlert-CheckErrors is OK again (was ALARM).' });
    const oldTest = relayMessage({
      MessageId: 'm-4',
      Message: 'Telnyx cost alert TEST (critical): nothing is wrong',
      MessageAttributes: { severity: { Type: 'String', Value: 'critical' }, signal: { Type: 'String', Value: 'test' } },
    });
    // Assess
    expect(recovered.view).toMatchObject({
      severity: 'info',
      signal: 'notice',
      title: 'Recovered: the alarm TelnyxCostAlert-CheckErrors is OK again (was ALARM).',
    });
    expect(oldTest.view).toMatchObject({ severity: 'critical', signal: 'test' });
    expect(JSON.parse(recovered.payloadText)).toMatchObject({ version: 1, signal: 'notice', text: recovered.view.title });
  });
});

describe("the relay's own alarms", () => {
  it('are delivered best effort, so that a failure to deliver one never feeds the alarm again', () => {
    // Prepare
    const alarm = (name: string) => JSON.stringify({ AlarmName: name, NewStateValue: 'ALARM', NewStateReason: 'Threshold Crossed' });
    // Act
    const own = relayMessage({ MessageId: 'm-5', Message: alarm('TelnyxCostAlert-alert-relay-undelivered') });
    const check = relayMessage({ MessageId: 'm-6', Message: alarm('TelnyxCostAlert-CheckErrors4C2A9B1F-1A2B3C4D5E6F') });
    // Assess
    expect(own.bestEffort).toBe(true);
    expect(check.bestEffort).toBeUndefined();
  });
});

describe('an event made from the published message itself', () => {
  it('reads its lambda body, as SNS would have delivered it', () => {
    // Prepare: every protocol's body, as an emulator records the publish
    const record = snsRecordOf(criticalAlert);
    const published = JSON.stringify({ default: 'text', email: 'text', sms: 'text', sqs: record.Message, lambda: record.Message, https: '{}' });
    // Act
    const message = relayMessage({ ...record, Message: published });
    // Assess
    expect(message.payloadText).toBe(record.Message);
    expect(message.view.signal).toBe('limit');
  });
});
