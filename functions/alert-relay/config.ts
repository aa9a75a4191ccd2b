/** The relay's environment -> typed configuration, validated once at cold start. A bad value fails fast, naming the variable. */
import { isLoopbackHost } from './destination-urls';

export class RelayConfigError extends Error {
  override readonly name = 'RelayConfigError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** Telnyx's API, as the check's usage client calls it. */
export const DEFAULT_BASE_URL = 'https://api.telnyx.com/v2';

/** Where the destinations list lives unless DESTINATIONS_PARAMETER says otherwise. */
export const DEFAULT_DESTINATIONS_PARAMETER = '/telnyx-cost-alert/destinations';

export interface RelayConfig {
  /** SSM SecureString holding the destinations list (JSON). */
  readonly destinationsParameter: string;
  /** SSM SecureString holding the Telnyx API key, for `telnyx-sms` destinations; unset: those destinations fail, naming it. */
  readonly apiKeyParameter?: string;
  /** Telnyx API base URL for `telnyx-sms` (an item's own `url` wins). */
  readonly telnyxBaseUrl: string;
  /** The alert ledger table, where the relay remembers which destinations a message already reached. */
  readonly ledgerTable: string;
}

const SSM_NAME = /^\/?[A-Za-z0-9_.\-/]+$/;
const TABLE = /^[A-Za-z0-9_.-]{3,255}$/;

export function loadRelayConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
  const optional = (name: string): string | undefined => env[name]?.trim() || undefined;
  const parameter = (name: string, value: string, example: string): string => {
    if (!SSM_NAME.test(value) || value.endsWith('/')) {
      throw new RelayConfigError(`${name} "${value}" is not an SSM parameter name (letters, digits, _ . - /), e.g. ${example}`);
    }
    return value;
  };

  const destinationsParameter = parameter(
    'DESTINATIONS_PARAMETER',
    optional('DESTINATIONS_PARAMETER') ?? DEFAULT_DESTINATIONS_PARAMETER,
    DEFAULT_DESTINATIONS_PARAMETER,
  );
  const apiKeyText = optional('TELNYX_API_KEY_PARAMETER');
  const apiKeyParameter = apiKeyText === undefined ? undefined : parameter('TELNYX_API_KEY_PARAMETER', apiKeyText, '/telnyx-cost-alert/api-key');
  const ledgerTable = optional('ALERT_LEDGER_TABLE');
  if (ledgerTable === undefined) {
    throw new RelayConfigError('ALERT_LEDGER_TABLE is not set: set it to the name of the DynamoDB alert ledger table (the stack sets it on deploy)');
  }
  if (!TABLE.test(ledgerTable)) {
    throw new RelayConfigError(`ALERT_LEDGER_TABLE "${ledgerTable}" is not a DynamoDB table name (3-255 of letters, digits, _ . -)`);
  }
  return {
    destinationsParameter,
    ...(apiKeyParameter === undefined ? {} : { apiKeyParameter }),
    telnyxBaseUrl: telnyxBaseUrl(optional('TELNYX_API_BASE_URL')),
    ledgerTable,
  };
}

function telnyxBaseUrl(given: string | undefined): string {
  const text = (given ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new RelayConfigError(`TELNYX_API_BASE_URL "${text}" is not a URL: leave it unset for ${DEFAULT_BASE_URL}`, { cause: error });
  }
  // The API key travels in a header: never over plain HTTP beyond this machine.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new RelayConfigError(`TELNYX_API_BASE_URL "${text}" must use https: leave it unset for ${DEFAULT_BASE_URL}`);
  }
  return text;
}
