/**
 * The IAM policies of docs/deploy.md step 1 (the permissions boundary, the CloudFormation execution policy, and its
 * second part for the chat channels and the relay, attached only when those are deployed: the execution policy alone
 * nearly fills IAM's size limit), for a given context. The files in .github/ are written for the defaults; an app
 * deployed with another stackName, dashboardName, thresholdsPath, apiKeyParameter, destinationsParameter,
 * permissionsBoundary or bootstrap qualifier prints matching ones with
 * `npm run -s policies -- boundary|execution|destinations -c key=value ...` (bin/deploy-policies.ts).
 *
 * The defaults' names are replaced in the policies' values (never in condition keys): the files stay the one
 * source of what is allowed, and a test evaluates both the files and a renamed pair on the same requests.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DefaultStackSynthesizer } from 'aws-cdk-lib';
import { DEFAULT_DESTINATIONS_PARAMETER } from '../functions/alert-relay/config';
import { CONTEXT_DEFAULTS, ContextError, type ContextReader, readAlertRoutes, readCostAlertConfig } from './stack-context';
import { BOOTSTRAP_QUALIFIER_CONTEXT } from './github-deploy-stack';

export interface PolicyNames {
  readonly stackName: string;
  readonly dashboardName: string;
  readonly thresholdsPath: string;
  readonly apiKeyParameter: string;
  /** The relay's SecureString (its default when the relay is off: the boundary names it either way). */
  readonly destinationsParameter: string;
  readonly boundaryName: string;
  readonly qualifier: string;
}

export const DEFAULT_BOUNDARY_NAME = 'telnyx-cost-alert-boundary';

/** The names the files in .github/ are written for. */
export const DEFAULT_POLICY_NAMES: PolicyNames = {
  stackName: CONTEXT_DEFAULTS.stackName,
  dashboardName: CONTEXT_DEFAULTS.stackName,
  thresholdsPath: CONTEXT_DEFAULTS.thresholdsPath,
  apiKeyParameter: CONTEXT_DEFAULTS.apiKeyParameter,
  destinationsParameter: DEFAULT_DESTINATIONS_PARAMETER,
  boundaryName: DEFAULT_BOUNDARY_NAME,
  qualifier: DefaultStackSynthesizer.DEFAULT_QUALIFIER,
};

/** IAM's limit for a managed policy, counted without white space. */
export const MANAGED_POLICY_MAX_CHARACTERS = 6144;

export const POLICY_FILES = {
  boundary: 'permissions-boundary.json',
  execution: 'cdk-execution-policy.json',
  /** What the chat channels (Slack, Teams) and the relay (destinations=true) add to the execution policy. */
  destinations: 'cdk-execution-policy-destinations.json',
} as const;
export type PolicyKind = keyof typeof POLICY_FILES;

export function readPolicyFile(kind: PolicyKind): unknown {
  return JSON.parse(readFileSync(path.join(__dirname, '..', '.github', POLICY_FILES[kind]), 'utf8')) as unknown;
}

/** A renamed policy over IAM's size limit for a managed policy. */
export class PolicyTooLargeError extends Error {
  override readonly name = 'PolicyTooLargeError';
}

/** The policy of `kind` for `names`; refuses one that IAM would not take (over the managed-policy size). */
export function policyFor(kind: PolicyKind, names: PolicyNames, document: unknown = readPolicyFile(kind)): unknown {
  const renamed = rename(document, names);
  const size = JSON.stringify(renamed).length;
  if (size > MANAGED_POLICY_MAX_CHARACTERS) {
    throw new PolicyTooLargeError(
      `with these names ${POLICY_FILES[kind]} is ${size} characters, over IAM's ${MANAGED_POLICY_MAX_CHARACTERS} for a managed policy: use a shorter stackName`,
    );
  }
  return renamed;
}

/** The names a context (cdk.json and -c flags) deploys with, validated as `cdk synth` validates them. */
export function policyNamesFrom(context: ContextReader): PolicyNames {
  const config = readCostAlertConfig(context);
  const relay = readAlertRoutes(context).relay;
  const qualifier = context(BOOTSTRAP_QUALIFIER_CONTEXT) ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  // cdk bootstrap's rule: letters, digits, _ and -, at most 10 characters.
  if (typeof qualifier !== 'string' || !/^[A-Za-z0-9_-]{1,10}$/.test(qualifier)) {
    throw new ContextError(
      BOOTSTRAP_QUALIFIER_CONTEXT,
      `${JSON.stringify(qualifier)} is not a bootstrap qualifier (letters, digits, _ and -, at most 10 characters), like telnyxca`,
    );
  }
  return {
    stackName: config.stackName,
    dashboardName: config.dashboardName ?? config.stackName,
    thresholdsPath: config.thresholdsPath,
    apiKeyParameter: config.apiKeyParameter,
    destinationsParameter: relay?.destinationsParameter ?? DEFAULT_DESTINATIONS_PARAMETER,
    boundaryName: config.permissionsBoundary ?? DEFAULT_BOUNDARY_NAME,
    qualifier,
  };
}

/** Every string value of `document` with the defaults' names replaced by `names`. */
export function rename(document: unknown, names: PolicyNames): unknown {
  const defaults = DEFAULT_POLICY_NAMES;
  // The longest, most specific patterns first: the stack name is a prefix of the others.
  const replacements: [string, string][] = [
    [`parameter${leadingSlash(defaults.thresholdsPath)}`, `parameter${leadingSlash(names.thresholdsPath)}`],
    [`parameter${leadingSlash(defaults.apiKeyParameter)}`, `parameter${leadingSlash(names.apiKeyParameter)}`],
    [`parameter${leadingSlash(defaults.destinationsParameter)}`, `parameter${leadingSlash(names.destinationsParameter)}`],
    [`parameter/cdk-bootstrap/${defaults.qualifier}/`, `parameter/cdk-bootstrap/${names.qualifier}/`],
    [`role/cdk-${defaults.qualifier}-`, `role/cdk-${names.qualifier}-`],
    [`policy/${defaults.boundaryName}`, `policy/${names.boundaryName}`],
    [`dashboard/${defaults.dashboardName}*`, names.dashboardName === names.stackName ? `dashboard/${names.stackName}*` : `dashboard/${names.dashboardName}`],
    [defaults.stackName, names.stackName],
  ];
  // One pass over each string, so that a replacement is never replaced again (a path may contain the stack name).
  const to = new Map(replacements);
  const pattern = new RegExp(replacements.map(([from]) => from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const renameText = (text: string): string => text.replace(pattern, (found) => to.get(found) ?? found);
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return renameText(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner)]));
    return value;
  };
  return walk(document);
}

function leadingSlash(name: string): string {
  return name.startsWith('/') ? name : `/${name}`;
}
