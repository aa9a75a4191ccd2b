import 'aws-sdk-client-mock-jest';
import { inspect } from 'node:util';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { SecretError, SsmSecret } from '../../functions/cost-alert/aws/ssm-secret';

const NAME = '/telnyx-cost-alert/api-key';
const KEY = 'KEY0123456789ABCDEF_secretpart';
const ssmMock = mockClient(SSMClient);

/** Everything an error could show in a log: messages, stacks and properties, down its cause chain. */
function everythingShown(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null) {
    parts.push(inspect(current, { depth: null, showHidden: true }));
    if (current instanceof Error) parts.push(String(current.message), String(current.stack));
    try {
      parts.push(JSON.stringify(current, Object.getOwnPropertyNames(current)));
    } catch {
      // circular structures are covered by inspect
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

beforeEach(() => {
  ssmMock.reset();
});

describe('SsmSecret', () => {
  it('reads the parameter decrypted, once for the container life', async () => {
    // Prepare
    ssmMock.on(GetParameterCommand).resolves({ Parameter: { Name: NAME, Value: KEY } });
    const secret = new SsmSecret(new SSMClient({}), NAME);
    // Act
    const first = await secret.value();
    const second = await secret.value();
    // Assess
    expect([first, second]).toEqual([KEY, KEY]);
    expect(ssmMock).toHaveReceivedCommandTimes(GetParameterCommand, 1);
    expect(ssmMock).toHaveReceivedCommandWith(GetParameterCommand, { Name: NAME, WithDecryption: true });
  });

  it('shares one read between concurrent callers', async () => {
    // Prepare
    ssmMock.on(GetParameterCommand).resolves({ Parameter: { Name: NAME, Value: KEY } });
    const secret = new SsmSecret(new SSMClient({}), NAME);
    // Act
    const values = await Promise.all([secret.value(), secret.value()]);
    // Assess
    expect(values).toEqual([KEY, KEY]);
    expect(ssmMock).toHaveReceivedCommandTimes(GetParameterCommand, 1);
  });

  it('does not keep a failed read: the next call reads again', async () => {
    // Prepare
    ssmMock
      .on(GetParameterCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .resolves({ Parameter: { Name: NAME, Value: KEY } });
    const secret = new SsmSecret(new SSMClient({}), NAME);
    // Act
    const first = await failureOf(secret.value());
    const second = await secret.value();
    // Assess
    expect(first).toBeInstanceOf(SecretError);
    expect(second).toBe(KEY);
    expect(ssmMock).toHaveReceivedCommandTimes(GetParameterCommand, 2);
  });

  it('trims a key stored with a trailing newline', async () => {
    // Prepare
    ssmMock.on(GetParameterCommand).resolves({ Parameter: { Name: NAME, Value: `${KEY}\n` } });
    // Act
    const value = await new SsmSecret(new SSMClient({}), NAME).value();
    // Assess
    expect(value).toBe(KEY);
  });

  it.each([
    [
      'a missing parameter',
      new ParameterNotFound({ message: 'ParameterNotFound', $metadata: {} }),
      `${NAME} does not exist: create it: aws ssm put-parameter --type SecureString --name ${NAME} --value <key>`,
    ],
    [
      'a denied read',
      Object.assign(new Error(`not authorized to perform ssm:GetParameter on ${NAME}`), { name: 'AccessDeniedException' }),
      `the function may not read ${NAME}: grant ssm:GetParameter on it and kms:Decrypt`,
    ],
    [
      'an unusable KMS key',
      Object.assign(new Error('key disabled'), { name: 'InvalidKeyId' }),
      `${NAME} is encrypted with a KMS key that is missing or disabled`,
    ],
  ])('explains %s with the parameter name and the fix, keeping the cause', async (_case, cause, expected) => {
    // Prepare
    ssmMock.on(GetParameterCommand).rejects(cause);
    // Act
    const error = await failureOf(new SsmSecret(new SSMClient({}), NAME).value());
    // Assess
    expect(error).toBeInstanceOf(SecretError);
    expect(error).toMatchObject({ name: 'SecretError', cause });
    expect((error as Error).message).toContain(expected);
  });

  it.each([
    ['no value', { Parameter: { Name: NAME } }],
    ['an empty value', { Parameter: { Name: NAME, Value: '' } }],
    ['a blank value', { Parameter: { Name: NAME, Value: ' \n' } }],
    ['no parameter', {}],
  ])('refuses %s, saying how to store the key', async (_case, output) => {
    // Prepare
    ssmMock.on(GetParameterCommand).resolves(output);
    // Act
    const error = await failureOf(new SsmSecret(new SSMClient({}), NAME).value());
    // Assess
    expect(error).toBeInstanceOf(SecretError);
    expect((error as Error).message).toContain(`${NAME} is empty: store the Telnyx API key in it`);
  });

  it('never shows the key in an error, nor in its cause chain', async () => {
    // Prepare: a container that read the key once and a second container whose reads fail every way
    ssmMock.on(GetParameterCommand).resolvesOnce({ Parameter: { Name: NAME, Value: KEY } });
    const warm = new SsmSecret(new SSMClient({}), NAME);
    await warm.value();
    const failures = [
      new ParameterNotFound({ message: 'ParameterNotFound', $metadata: {} }),
      Object.assign(new Error('denied'), { name: 'AccessDeniedException' }),
      new Error('socket hang up'),
    ];
    const errors: unknown[] = [];
    // Act
    for (const failure of failures) {
      ssmMock.on(GetParameterCommand).rejectsOnce(failure);
      errors.push(await failureOf(new SsmSecret(new SSMClient({}), NAME).value()));
    }
    ssmMock.on(GetParameterCommand).resolvesOnce({ Parameter: { Name: NAME, Value: '   ' } });
    errors.push(await failureOf(new SsmSecret(new SSMClient({}), NAME).value()));
    // Assess
    expect(errors).toHaveLength(4);
    for (const error of errors) {
      const shown = everythingShown(error);
      expect(shown).toContain(NAME);
      expect(shown).not.toContain(KEY);
      expect(shown).not.toContain('secretpart');
    }
  });
});
