/**
 * The SSM names and KMS keys the functions read: the thresholds path, the API-key parameter, and the customer keys
 * that may encrypt them. A thresholds path that holds the API-key parameter is refused (domain/parameter-paths.ts).
 */
import { pathHolds, thresholdsPathBeside } from '../../functions/cost-alert/domain/parameter-paths';
import { CONTEXT_DEFAULTS, CONTEXT_KEYS, ContextError, type ContextReader, withDefault } from './context-reader';

const PARAMETER_NAME = /^\/?[A-Za-z0-9_.\-/]+$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

export function validateParameterName(key: string, value: string, example: string): void {
  if (!PARAMETER_NAME.test(value) || value.includes('//') || value.length > 1011) {
    throw new ContextError(key, `"${value}" is not an SSM parameter name like ${example} (letters, digits, _ . - and / only)`);
  }
  if (/^\/?(aws|ssm)/i.test(value)) {
    throw new ContextError(key, `"${value}" starts with aws or ssm, which SSM reserves; use e.g. ${example}`);
  }
  if (value.split('/').filter(Boolean).length > 15) {
    throw new ContextError(key, `"${value}" is more than 15 levels deep, which SSM refuses`);
  }
}

export function readThresholdsPath(context: ContextReader, apiKeyParameter: string): string {
  const key = CONTEXT_KEYS.thresholdsPath;
  const value = withDefault(context, 'thresholdsPath');
  validateParameterName(key, value, CONTEXT_DEFAULTS.thresholdsPath);
  // GetParametersByPath wants a leading slash; a trailing one would double up in `${path}/*`.
  if (!value.startsWith('/') || value.endsWith('/') || value === '/') {
    throw new ContextError(key, `"${value}" must start with "/" and not end with "/", like ${CONTEXT_DEFAULTS.thresholdsPath}`);
  }
  // The path is read recursively: one that holds the key would read it as a threshold (domain/parameter-paths.ts).
  if (pathHolds(value, apiKeyParameter)) {
    throw new ContextError(
      key,
      `"${value}" holds the API-key parameter ${apiKeyParameter} (apiKeyParameter), so the key would be read as a threshold: use a path of thresholds only, like ${thresholdsPathBeside(apiKeyParameter)}`,
    );
  }
  return value;
}

export function readApiKeyParameter(context: ContextReader): string {
  const key = CONTEXT_KEYS.apiKeyParameter;
  const value = withDefault(context, 'apiKeyParameter');
  validateParameterName(key, value, CONTEXT_DEFAULTS.apiKeyParameter);
  if (value.endsWith('/')) {
    throw new ContextError(key, `"${value}" ends with "/"; name the parameter, like ${CONTEXT_DEFAULTS.apiKeyParameter}`);
  }
  if (value.includes('/') && !value.startsWith('/')) {
    throw new ContextError(key, `"${value}" is a hierarchical name without its leading "/"; write /${value}`);
  }
  return value;
}

/** A customer-managed KMS key of a parameter, by ARN; `key` is the context key that names it. */
export function validateKmsKeyArn(key: string, value: string): string {
  if (!KMS_KEY_ARN.test(value)) {
    throw new ContextError(key, `"${value}" is not a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
  }
  return value;
}
