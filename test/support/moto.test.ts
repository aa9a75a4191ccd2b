import { CreateTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { type Moto, MotoUnavailableError, startMoto } from './moto';

describe('the moto harness', () => {
  let moto: Moto;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto.stop();
  });

  it('records what SNS accepted, with subject and flattened attributes', async () => {
    // Prepare
    const sns = new SNSClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'harness' }));
    // Act
    await sns.send(
      new PublishCommand({ TopicArn, Subject: 'S', Message: 'body', MessageAttributes: { severity: { DataType: 'String', StringValue: 'critical' } } }),
    );
    // Assess
    const sent = await moto.sentNotifications(TopicArn ?? '');
    expect(sent).toEqual([expect.objectContaining({ message: 'body', subject: 'S', attributes: { severity: 'critical' } })]);
    await moto.reset();
    await expect(moto.sentNotifications(TopicArn ?? '')).rejects.toThrow(/no SNS topic/);
  });

  it('names the install command when the Python has no moto', async () => {
    await expect(startMoto('/nonexistent/python3')).rejects.toThrow(MotoUnavailableError);
    await expect(startMoto('/nonexistent/python3')).rejects.toThrow(/\/nonexistent\/python3 -m pip install -r requirements-dev\.txt/);
  });
});
