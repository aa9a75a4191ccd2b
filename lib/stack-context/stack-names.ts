/** The names the stacks deploy under: the stack's own, and the permissions boundary every role gets. */
import { CONTEXT_KEYS, ContextError, type ContextReader, optionalString, withDefault } from './context-reader';

export function readStackName(context: ContextReader): string {
  const value = withDefault(context, 'stackName');
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(value)) {
    throw new ContextError(CONTEXT_KEYS.stackName, `"${value}" is not a CloudFormation stack name (a letter, then letters, digits and hyphens, at most 128)`);
  }
  return value;
}

/** The name of an IAM managed policy set as permissions boundary on every role of both stacks; undefined when unset. */
export function readPermissionsBoundary(context: ContextReader): string | undefined {
  const value = optionalString(context, CONTEXT_KEYS.permissionsBoundary);
  if (value !== undefined && !/^[\w+=,.@-]{1,128}$/.test(value)) {
    throw new ContextError(CONTEXT_KEYS.permissionsBoundary, `"${value}" is not an IAM policy name like telnyx-cost-alert-boundary (the name, not the ARN)`);
  }
  return value;
}
