/** The GitHub deploy stack's context: which repository (and environment) may deploy, and an existing OIDC provider. */
import { CONTEXT_KEYS, ContextError, type ContextReader, optionalString } from './context-reader';

export interface GitHubDeployConfig {
  readonly owner: string;
  readonly repository: string;
  /** ARN of an existing token.actions.githubusercontent.com provider (an account holds only one). */
  readonly existingOidcProviderArn?: string;
  /**
   * GitHub environment the deploy job names (`environment: <name>`): the role then trusts the subject
   * repo:<owner>/<name>:environment:<name> instead of the main branch.
   */
  readonly environment?: string;
}

/** Undefined when `githubRepository` is not set: the deploy stack is then left out of the app. */
export function readGitHubDeployConfig(context: ContextReader): GitHubDeployConfig | undefined {
  const key = CONTEXT_KEYS.githubRepository;
  const value = optionalString(context, key);
  if (value === undefined) return undefined;
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(value);
  if (!match || match[2] === '.' || match[2] === '..' || match[1]!.endsWith('-') || match[1]!.includes('--')) {
    throw new ContextError(
      key,
      `"${value}" is not a GitHub repository like octo-org/telnyx-cost-alert: owner/name only (no https://github.com/, no .git), copied exactly as GitHub shows it, since the trust policy compares it case-sensitively`,
    );
  }
  const existing = readOidcProviderArn(context);
  const environment = readEnvironment(context);
  return {
    owner: match[1]!,
    repository: match[2]!,
    ...(existing === undefined ? {} : { existingOidcProviderArn: existing }),
    ...(environment === undefined ? {} : { environment }),
  };
}

function readOidcProviderArn(context: ContextReader): string | undefined {
  const existing = optionalString(context, CONTEXT_KEYS.githubOidcProviderArn);
  if (existing !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/.test(existing)) {
    throw new ContextError(
      CONTEXT_KEYS.githubOidcProviderArn,
      `"${existing}" is not the ARN of the GitHub provider, like arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com`,
    );
  }
  return existing;
}

function readEnvironment(context: ContextReader): string | undefined {
  const environment = optionalString(context, CONTEXT_KEYS.githubEnvironment);
  // GitHub's environment names: up to 255 characters, no commas, colons or quotes (the subject is colon-separated).
  if (environment !== undefined && !/^[A-Za-z0-9 ._-]{1,255}$/.test(environment)) {
    throw new ContextError(CONTEXT_KEYS.githubEnvironment, `"${environment}" is not a GitHub environment name like production (letters, digits, space, . _ -)`);
  }
  return environment;
}
