/**
 * Concrete AWS requests evaluated against IAM policies by @cloud-copilot/iam-simulate, with the request context
 * AWS itself would set: the principal's account and ARN, the requested region, the resource's account, and what
 * the service adds (kms:ViaService, the encryption context, tags, the boundary of a role being created).
 *
 * The simulator (0.1.x) drops context keys named like kms:EncryptionContext:PARAMETER_ARN: it matches variable key
 * names only in the aws:PrincipalTag/<key> form. Two small shims, below, let such a key through to its evaluation
 * unchanged; everything else is the simulator's own (a test shows the key is then evaluated, not ignored).
 */
// jest hoists the two jest.mock calls below above this import, so the simulator loads its modules through them.
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';

jest.mock('../../node_modules/@cloud-copilot/iam-simulate/dist/cjs/simulation_engine/contextKeys.js', () => {
  const actual = jest.requireActual<{ allowedContextKeysForRequest: (service: string, ...rest: unknown[]) => Promise<string[]> }>(
    '../../node_modules/@cloud-copilot/iam-simulate/dist/cjs/simulation_engine/contextKeys.js',
  );
  return {
    ...actual,
    allowedContextKeysForRequest: async (service: string, ...rest: unknown[]) => {
      const keys = await actual.allowedContextKeysForRequest(service, ...rest);
      return service === 'kms' ? [...keys, 'kms:encryptioncontext:parameter_arn'] : keys;
    },
  };
});
jest.mock('../../node_modules/@cloud-copilot/iam-simulate/dist/cjs/context_keys/contextKeys.js', () => {
  const actual = jest.requireActual<{ normalizeContextKeyCase: (key: string) => Promise<string> }>(
    '../../node_modules/@cloud-copilot/iam-simulate/dist/cjs/context_keys/contextKeys.js',
  );
  const prefix = 'kms:EncryptionContext:';
  return {
    ...actual,
    normalizeContextKeyCase: async (key: string) =>
      key.toLowerCase().startsWith(prefix.toLowerCase()) ? `${prefix}${key.slice(prefix.length)}` : actual.normalizeContextKeyCase(key),
  };
});

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const REGION = 'eu-central-1';

export type PolicyDocument = { readonly Version: string; readonly Statement: readonly Record<string, unknown>[] };

export interface AwsRequest {
  /** A role ARN: the request is made by a session of it. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** What the service adds to the request context (kms:ViaService, aws:RequestTag/..., iam:PermissionsBoundary). */
  readonly context?: Readonly<Record<string, string | string[]>>;
  /** The resource's own policy: a KMS key policy, a role's trust policy, a topic policy. */
  readonly resourcePolicy?: PolicyDocument;
}

export type Verdict = 'allowed' | 'denied';

/** Whatever a role may be granted: the identity policy a merged commit could write. */
const EVERYTHING: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** The account segment of an ARN (IAM and S3 ARNs have none for S3). */
function accountOf(arn: string): string {
  return arn.split(':')[4] || ACCOUNT;
}

/**
 * The request made by a role that grants itself everything, bounded by `boundary` (a permissions boundary), or by
 * `identity` alone when no boundary is given (the execution policies, which are the role's identity policies: one
 * document, or several attached side by side).
 */
export async function evaluate(
  request: AwsRequest,
  policies: { identity?: PolicyDocument | readonly PolicyDocument[]; boundary?: PolicyDocument },
): Promise<Verdict> {
  const resourceAccount = accountOf(request.resource);
  const simulation: Simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: resourceAccount },
      contextVariables: {
        'aws:PrincipalAccount': accountOf(request.principal),
        'aws:PrincipalArn': request.principal,
        'aws:RequestedRegion': REGION,
        'aws:ResourceAccount': resourceAccount,
        ...request.context,
      },
    },
    identityPolicies: [policies.identity ?? EVERYTHING].flat().map((policy, index) => ({ name: `identity-${index}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(policies.boundary ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: policies.boundary }] } : {}),
    ...(request.resourcePolicy ? { resourcePolicy: request.resourcePolicy } : {}),
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(`the simulator refused the request or a policy: ${JSON.stringify(result.errors)}`);
  if (result.resultType === 'single' && (result.result.ignoredContextKeys ?? []).length > 0) {
    throw new Error(`the simulator ignored ${result.result.ignoredContextKeys?.join(', ')} for ${request.action}: the request would not be what AWS evaluates`);
  }
  return result.overallResult === 'Allowed' ? 'allowed' : 'denied';
}

/** A KMS key policy as CDK writes it by default: the account decides through IAM. */
export function keyPolicy(account = ACCOUNT): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }] };
}

/** The trust policy `cdk bootstrap` gives its roles: any principal of the account that IAM lets assume them. */
export function bootstrapTrustPolicy(account = ACCOUNT): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
  };
}

/** A resource policy open to anyone: another account's topic or table waiting for data. */
export function openPolicy(action: string, resource: string): PolicyDocument {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: action, Resource: resource }] };
}
