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

  it('never decrypts a SecureString under the path: names it as no threshold, without its value, and keeps every other threshold', async () => {
    // Prepare
    ssmMock.on(GetParametersByPathCommand).resolves({
      Parameters: [
        { Name: `${PATH}/messaging`, Value: '50', Type: 'String' },
        { Name: `${PATH}/voice`, Value: 'AQICAHh-ciphertext-of-voice', Type: 'SecureString' },
        { Name: `${PATH}/total`, Value: '{"monthly":500}', Type: 'String' },
      ],
    });
    // Act
    const parameters = await new SsmThresholdStore(new SSMClient({}), PATH).load();
    // Assess
    expect(parameters).toEqual([
      { name: `${PATH}/messaging`, value: '50' },
      {
        name: `${PATH}/voice`,
        value: '',
        readError:
          `${PATH}/voice is a SecureString, and a SecureString is not a threshold: it was not read and is not checked. ` +
          `If it is a threshold, store it again as a String (thresholds are not secret); if it is a secret, keep it outside ${PATH}.`,
      },
      { name: `${PATH}/total`, value: '{"monthly":500}' },
    ]);
    expect(JSON.stringify(parameters)).not.toContain('ciphertext');
    // One listing without decryption, and nothing else: no GetParameter that could decrypt it.
    expect(ssmMock.calls().map((call) => call.args[0].constructor.name)).toEqual(['GetParametersByPathCommand']);
    expect(ssmMock.commandCalls(GetParametersByPathCommand)[0]!.args[0].input).toEqual({ Path: PATH, Recursive: true, WithDecryption: false });
  });

  it.each([
    ['one level above the key', '/telnyx-cost-alert', 'contains'],
    ['the key itself', '/telnyx-cost-alert/api-key', 'is'],
    ['the root of the key, written with a trailing slash', '/telnyx-cost-alert/', 'contains'],
  ])('refuses a path that is %s before sending SSM anything, naming the setting and the key parameter', async (_name, path, relation) => {
    // Prepare
    const store = new SsmThresholdStore(new SSMClient({}), path, { apiKeyParameter: '/telnyx-cost-alert/api-key', setting: 'THRESHOLDS_PATH' });
    // Act
    const loading = store.load();
    // Assess
    await expect(loading).rejects.toThrow(ThresholdStoreError);
    await expect(loading).rejects.toThrow(
      `THRESHOLDS_PATH ${path} ${relation} the API-key parameter /telnyx-cost-alert/api-key, so nothing under it is read as a threshold`,
    );
    expect(ssmMock.calls()).toHaveLength(0);
  });

  it('reads a path that only shares a string prefix with the key parameter (segments are compared, not characters)', async () => {
    // Prepare
    ssmMock.on(GetParametersByPathCommand).resolves({ Parameters: [{ Name: '/telnyx-cost/messaging', Value: '50', Type: 'String' }] });
    const store = new SsmThresholdStore(new SSMClient({}), '/telnyx-cost', { apiKeyParameter: '/telnyx-cost-alert/api-key', setting: 'THRESHOLDS_PATH' });
    // Act
    const parameters = await store.load();
    // Assess
    expect(parameters).toEqual([{ name: '/telnyx-cost/messaging', value: '50' }]);
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

  it('never overwrites a SecureString: it looks the type up without decryption and writes nothing', async () => {
    // Prepare
    ssmMock.on(GetParameterCommand).resolves({ Parameter: { Name: '/org/telnyx-key', Type: 'SecureString', Value: 'AQICAH-encrypted' } });
    // Act
    const writing = putThreshold(new SSMClient({}), '/org/telnyx-key', '50');
    // Assess
    await expect(writing).rejects.toThrow('/org/telnyx-key is a SecureString, and a SecureString is not a threshold: it was left as it is');
    expect(ssmMock.commandCalls(GetParameterCommand).map((call) => call.args[0].input)).toEqual([{ Name: '/org/telnyx-key', WithDecryption: false }]);
    expect(ssmMock).toHaveReceivedCommandTimes(PutParameterCommand, 0);
  });

  it('writes a new parameter (ParameterNotFound), and writes nothing when the type cannot be looked up', async () => {
    // Prepare
    ssmMock.on(GetParameterCommand, { Name: `${PATH}/fax` }).rejects(Object.assign(new Error('not found'), { name: 'ParameterNotFound' }));
    ssmMock.on(GetParameterCommand, { Name: `${PATH}/voice` }).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    // Act
    await putThreshold(new SSMClient({}), `${PATH}/fax`, '10');
    const denied = putThreshold(new SSMClient({}), `${PATH}/voice`, '10');
    // Assess
    await expect(denied).rejects.toThrow(
      `could not check that ${PATH}/voice is not a SecureString before writing it, so nothing was written: grant ssm:GetParameter on it`,
    );
    expect(ssmMock.commandCalls(PutParameterCommand).map((call) => call.args[0].input.Name)).toEqual([`${PATH}/fax`]);
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
