/**
 * Parameter Store and SNS on moto's server for the CLI's tests. The CLI builds its own SDK clients, so it reaches
 * moto as it would reach AWS on an operator's machine: through AWS_ENDPOINT_URL and the region in the environment.
 * Values are written the way the AWS CLI writes them (`aws ssm put-parameter`: whatever text was typed, any type).
 */
import { GetParametersByPathCommand, ParameterType, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { type Moto, startMoto } from '../support/moto';

export interface MotoForCli {
  /** The running server (set once beforeAll has run). */
  readonly moto: () => Moto;
  /** `aws ssm put-parameter --name NAME --value VALUE --type TYPE --overwrite`, the value exactly as given. */
  putAsOperator(name: string, value: string, type?: 'String' | 'StringList' | 'SecureString'): Promise<void>;
  /** What Parameter Store holds under `path`: name -> value and type (SecureStrings decrypted: moto's view). */
  held(path: string): Promise<Record<string, { value: string; type: string }>>;
}

/** Starts moto before the suite (and points the SDK at it), empties it before each test, stops it after. */
export function useMotoForCli(): MotoForCli {
  let moto: Moto | undefined;
  let ssm: SSMClient | undefined;
  const saved = { ...process.env };

  beforeAll(async () => {
    moto = await startMoto();
    Object.assign(process.env, moto.env);
    ssm = new SSMClient({});
  });

  beforeEach(async () => {
    await moto?.reset();
  });

  afterAll(async () => {
    ssm?.destroy();
    await moto?.stop();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  const client = () => {
    if (!ssm) throw new Error('moto is not started yet');
    return ssm;
  };
  return {
    moto: () => {
      if (!moto) throw new Error('moto is not started yet');
      return moto;
    },
    async putAsOperator(name, value, type = 'String') {
      await client().send(new PutParameterCommand({ Name: name, Value: value, Type: type, Overwrite: true }));
    },
    async held(path) {
      const answer = await client().send(new GetParametersByPathCommand({ Path: path, Recursive: true, WithDecryption: true }));
      return Object.fromEntries(
        (answer.Parameters ?? []).map((parameter) => [parameter.Name ?? '', { value: parameter.Value ?? '', type: parameter.Type ?? ParameterType.STRING }]),
      );
    },
  };
}
