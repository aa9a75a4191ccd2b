/**
 * The permissions boundary and the CloudFormation execution policy (with and without its second part for the chat
 * channels and the relay), evaluated by an IAM policy simulator on concrete requests (test/cdk/iam-requests*.ts):
 * what the function, the relay, the scheduler, the GitHub deploy role and CloudFormation must do is allowed; what a
 * merged commit could try beyond that is denied. Both for the files in .github/ and for the policies
 * `npm run policies` prints for an app deployed with other names.
 */
import { DEFAULT_POLICY_NAMES, type PolicyNames, policyFor } from '../../lib/deploy-policies';
import { boundaryCases, type Case, executionCases } from './iam-requests';
import { destinationsCases, relayBoundaryCases, withoutDestinationsCases } from './iam-requests-destinations';
import { ACCOUNT, evaluate, keyPolicy, type PolicyDocument, REGION } from './iam-simulation';

const CUSTOM: PolicyNames = {
  stackName: 'AcmeTelnyx',
  dashboardName: 'acme-spend',
  thresholdsPath: '/acme/telnyx/limits',
  apiKeyParameter: '/acme/telnyx/key',
  destinationsParameter: '/acme/telnyx/routes',
  boundaryName: 'acme-telnyx-boundary',
  qualifier: 'acme1',
};

const byName = (cases: Case[]): [string, Case][] => cases.map((test) => [`${test.name}: ${test.expected}`, test]);

describe.each([
  ['the files in .github/ (default names)', DEFAULT_POLICY_NAMES],
  ['the policies printed for other names', CUSTOM],
])('%s', (_name, names) => {
  const boundary = policyFor('boundary', names) as PolicyDocument;
  const execution = policyFor('execution', names) as PolicyDocument;
  const destinations = policyFor('destinations', names) as PolicyDocument;

  it.each(byName([...boundaryCases(names), ...relayBoundaryCases(names)]))('under the boundary, %s', async (_title, test) => {
    // Act
    const verdict = await evaluate(test.request, { boundary });

    // Assess
    expect(verdict).toBe(test.expected);
  });

  it.each(byName(executionCases(names)))('under the execution policy, CloudFormation %s', async (_title, test) => {
    // Act
    const verdict = await evaluate(test.request, { identity: execution });

    // Assess
    expect(verdict).toBe(test.expected);
  });

  it.each(byName([...executionCases(names), ...destinationsCases(names)]))(
    'under the execution policy and its chat-and-relay part, CloudFormation %s',
    async (_title, test) => {
      // Act
      const verdict = await evaluate(test.request, { identity: [execution, destinations] });

      // Assess
      expect(verdict).toBe(test.expected);
    },
  );

  it.each(byName(withoutDestinationsCases(names)))('under the execution policy alone, CloudFormation %s', async (_title, test) => {
    // Act
    const verdict = await evaluate(test.request, { identity: execution });

    // Assess
    expect(verdict).toBe(test.expected);
  });
});

describe('the simulation itself', () => {
  it('evaluates the encryption context and the policy variables, rather than ignoring them', async () => {
    // Prepare: a boundary that allows decrypting for one parameter of the caller's own account and region only
    const boundary: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'kms:EncryptionContext:PARAMETER_ARN': 'arn:aws:ssm:${aws:RequestedRegion}:${aws:PrincipalAccount}:parameter/p' } },
        },
      ],
    };
    const decrypt = (parameterArn: string) => ({
      principal: `arn:aws:iam::${ACCOUNT}:role/r`,
      action: 'kms:Decrypt',
      resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k`,
      context: { 'kms:EncryptionContext:PARAMETER_ARN': parameterArn },
      resourcePolicy: keyPolicy(),
    });

    // Act
    const verdicts = await Promise.all(
      [`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/p`, `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/q`, `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/p`].map(
        (arn) => evaluate(decrypt(arn), { boundary }),
      ),
    );

    // Assess
    expect(verdicts).toEqual(['allowed', 'denied', 'denied']);
  });
});
