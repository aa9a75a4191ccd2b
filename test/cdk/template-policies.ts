/** Reads every policy statement out of a synthesized template, for least-privilege assertions. */

export interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: unknown;
  readonly Principal?: unknown;
}

export interface LocatedStatement {
  /** Logical id of the resource that holds the statement. */
  readonly holder: string;
  readonly type: string;
  readonly statement: PolicyStatementJson;
}

interface ResourceJson {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

type TemplateJson = { Resources?: Record<string, ResourceJson> };

const statementsOf = (document: unknown): PolicyStatementJson[] => (document as { Statement?: PolicyStatementJson[] } | undefined)?.Statement ?? [];

/** Statements of identity policies: AWS::IAM::Policy, AWS::IAM::ManagedPolicy and roles' inline policies. */
export function identityStatements(template: TemplateJson): LocatedStatement[] {
  const found: LocatedStatement[] = [];
  for (const [holder, resource] of Object.entries(template.Resources ?? {})) {
    const properties = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      for (const statement of statementsOf(properties.PolicyDocument)) found.push({ holder, type: resource.Type, statement });
    }
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of (properties.Policies as { PolicyDocument: unknown }[] | undefined) ?? []) {
        for (const statement of statementsOf(policy.PolicyDocument)) found.push({ holder, type: resource.Type, statement });
      }
    }
  }
  return found;
}

/** Statements of resource policies that grant access to our resources (topic and queue policies). */
export function resourcePolicyStatements(template: TemplateJson): LocatedStatement[] {
  const found: LocatedStatement[] = [];
  for (const [holder, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type === 'AWS::SNS::TopicPolicy' || resource.Type === 'AWS::SQS::QueuePolicy') {
      for (const statement of statementsOf(resource.Properties?.PolicyDocument)) {
        found.push({ holder, type: resource.Type, statement });
      }
    }
  }
  return found;
}

export const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The Fn::Join CDK writes for `arn:${Partition}:<service>:${Region}:${Account}:<rest>`. */
export function regionalArn(service: string, rest: string): unknown {
  return {
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:`, { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${rest}`]],
  };
}
