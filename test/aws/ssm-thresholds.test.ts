import 'aws-sdk-client-mock-jest';
import { GetParameterCommand, GetParametersByPathCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { putThreshold, SsmThresholdStore, ThresholdStoreError } from '../../functions/cost-alert/aws/ssm-thresholds';

const PATH = '/telnyx-cost-alert/thresholds';
const ssmMock = mockClient(SSMClient);

beforeEach(() => {
  ssmMock.reset();
});

describe('SsmThresholdStore.load', () => {
  it('reads every page under the path, through short and empty pages, until no NextToken is left', async () => {
    // Prepare
    ssmMock
      .on(GetParametersByPathCommand)
      .resolvesOnce({ Parameters: [{ Name: `${PATH}/messaging`, Value: '50' }], NextToken: 'page-2' })
      .resolvesOnce({ Parameters: [], NextToken: 'page-3' })
      .resolvesOnce({ Parameters: [{ Name: `${PATH}/total`, Value: '{"monthly":500}' }] });
    const store = new SsmThresholdStore(new SSMClient({}), PATH);
    // Act
    const parameters = await store.load();
    // Assess
    expect(parameters).toEqual([
      { name: `${PATH}/messaging`, value: '50' },
      { name: `${PATH}/total`, value: '{"monthly":500}' },
    ]);
    expect(ssmMock).toHaveReceivedCommandTimes(GetParametersByPathCommand, 3);
    const inputs = ssmMock.commandCalls(GetParametersByPathCommand).map((call) => call.args[0].input);
    expect(inputs).toEqual([
      { Path: PATH, Recursive: true, WithDecryption: false },
      { Path: PATH, Recursive: true, WithDecryption: false, NextToken: 'page-2' },
      { Path: PATH, Recursive: true, WithDecryption: false, NextToken: 'page-3' },
    ]);
    expect(ssmMock).toHaveReceivedCommandTimes(GetParameterCommand, 0);
  });

  it('reads a SecureString threshold on its own, with decryption, keeping the listing order', async () => {
    // Prepare
    ssmMock.on(GetParametersByPathCommand).resolves({
      Parameters: [
        { Name: `${PATH}/messaging`, Value: '50', Type: 'String' },
        { Name: `${PATH}/voice`, Value: 'AQICAHh...ciphertext', Type: 'SecureString' },
        { Name: `${PATH}/total`, Value: '{"monthly":500}', Type: 'String' },
      ],
    });
    ssmMock.on(GetParameterCommand, { Name: `${PATH}/voice`, WithDecryption: true }).resolves({
      Parameter: { Name: `${PATH}/voice`, Value: '{"daily":20}', Type: 'SecureString' },
    });
    // Act
    const parameters = await new SsmThresholdStore(new SSMClient({}), PATH).load();
    // Assess
    expect(parameters).toEqual([
      { name: `${PATH}/messaging`, value: '50' },
      { name: `${PATH}/voice`, value: '{"daily":20}' },
      { name: `${PATH}/total`, value: '{"monthly":500}' },
    ]);
    expect(ssmMock).toHaveReceivedCommandTimes(GetParameterCommand, 1);
    expect(ssmMock.commandCalls(GetParameterCommand)[0]!.args[0].input).toEqual({ Name: `${PATH}/voice`, WithDecryption: true });
  });

  it('reports a SecureString under a key the function may not use by name, and still returns every other threshold', async () => {
    // Prepare
    ssmMock.on(GetParametersByPathCommand).resolves({
      Parameters: [
        { Name: `${PATH}/messaging`, Value: '50', Type: 'String' },
        { Name: `${PATH}/voice`, Value: 'AQICAHh...ciphertext', Type: 'SecureString' },
        { Name: `${PATH}/fax`, Value: 'AQICAHh...ciphertext', Type: 'SecureString' },
      ],
    });
    const denied = Object.assign(new Error('User is not authorized to perform kms:Decrypt'), { name: 'AccessDeniedException' });
    ssmMock.on(GetParameterCommand, { Name: `${PATH}/voice` }).rejects(denied);
    ssmMock.on(GetParameterCommand, { Name: `${PATH}/fax` }).resolves({ Parameter: { Value: '10' } });
    // Act
    const parameters = await new SsmThresholdStore(new SSMClient({}), PATH).load();
    // Assess
    expect(parameters).toEqual([
      { name: `${PATH}/messaging`, value: '50' },
      {
        name: `${PATH}/voice`,
        value: '',
        readError: expect.stringContaining(`${PATH}/voice is a SecureString under a KMS key the function may not use, so it is not checked`),
      },
      { name: `${PATH}/fax`, value: '10' },
    ]);
    const reads = ssmMock.commandCalls(GetParameterCommand).map((call) => call.args[0].input);
    expect(reads).toEqual([
      { Name: `${PATH}/voice`, WithDecryption: true },
      { Name: `${PATH}/fax`, WithDecryption: true },
    ]);
    expect(ssmMock.commandCalls(GetParametersByPathCommand).map((call) => call.args[0].input.WithDecryption)).toEqual([false]);
  });

  it('reports a SecureString under a disabled key as its own problem', async () => {
    // Prepare
    ssmMock.on(GetParametersByPathCommand).resolves({
      Parameters: [{ Name: `${PATH}/voice`, Value: 'ciphertext', Type: 'SecureString' }],
    });
    ssmMock.on(GetParameterCommand).rejects(Object.assign(new Error('disabled'), { name: 'InvalidKeyId' }));
    // Act
    const parameters = await new SsmThresholdStore(new SSMClient({}), PATH).load();
    // Assess
    expect(parameters).toEqual([
      { name: `${PATH}/voice`, value: '', readError: expect.stringContaining('is encrypted with a KMS key that is missing or disabled') },
    ]);
  });

  it('skips entries without a name or a value', async () => {
    // Prepare
    ssmMock.on(GetParametersByPathCommand).resolves({
      Parameters: [{ Name: `${PATH}/a` }, { Value: '1' }, { Name: `${PATH}/b`, Value: '' }],
    });
    // Act
    const parameters = await new SsmThresholdStore(new SSMClient({}), PATH).load();
    // Assess
    expect(parameters).toEqual([{ name: `${PATH}/b`, value: '' }]);
  });

  it('answers an empty list when nothing is under the path', async () => {
    // Prepare
    ssmMock.on(GetParametersByPathCommand).resolves({});
    // Act
    const parameters = await new SsmThresholdStore(new SSMClient({}), PATH).load();
    // Assess
    expect(parameters).toEqual([]);
  });

  it('says which grant is missing when access is denied, keeping the cause', async () => {
    // Prepare
    const denied = Object.assign(new Error('User is not authorized to perform ssm:GetParametersByPath'), {
      name: 'AccessDeniedException',
    });
    ssmMock.on(GetParametersByPathCommand).rejects(denied);
    // Act
    const loading = new SsmThresholdStore(new SSMClient({}), PATH).load();
    // Assess
    await expect(loading).rejects.toThrow(ThresholdStoreError);
    await expect(loading).rejects.toMatchObject({
      name: 'ThresholdStoreError',
      message: expect.stringContaining(`the function may not read ${PATH}: grant ssm:GetParametersByPath on it`),
      cause: denied,
    });
  });

  it('fails as a whole when a later page fails (no partial thresholds)', async () => {
    // Prepare
    ssmMock
      .on(GetParametersByPathCommand)
      .resolvesOnce({ Parameters: [{ Name: `${PATH}/messaging`, Value: '50' }], NextToken: 'page-2' })
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    // Act
    const loading = new SsmThresholdStore(new SSMClient({}), PATH).load();
    // Assess
    await expect(loading).rejects.toThrow(/SSM throttled reading \/telnyx-cost-alert\/thresholds/);
  });
});

describe('SsmThresholdStore.describe', () => {
  it('names the product parameter', () => {
    // Prepare
    const store = new SsmThresholdStore(new SSMClient({}), PATH);
    // Act
    const location = store.describe('sip-trunking');
    // Assess
    expect(location).toBe('/telnyx-cost-alert/thresholds/sip-trunking');
  });
});

describe('putThreshold', () => {
  it('writes a String parameter, replacing the earlier value', async () => {
    // Prepare
    ssmMock.on(PutParameterCommand).resolves({ Version: 2 });
    // Act
    await putThreshold(new SSMClient({}), `${PATH}/messaging`, '{"daily":25}');
    // Assess
    expect(ssmMock).toHaveReceivedCommandTimes(PutParameterCommand, 1);
    expect(ssmMock).toHaveReceivedCommandWith(PutParameterCommand, {
      Name: `${PATH}/messaging`,
      Value: '{"daily":25}',
      Type: 'String',
      Overwrite: true,
    });
  });

  it('names the parameter and the grant when the write is denied', async () => {
    // Prepare
    ssmMock.on(PutParameterCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    // Act
    const writing = putThreshold(new SSMClient({}), `${PATH}/messaging`, '50');
    // Assess
    await expect(writing).rejects.toThrow(`you may not write ${PATH}/messaging: grant ssm:PutParameter on it`);
  });
});
