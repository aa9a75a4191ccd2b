import { loadRelayConfig, RelayConfigError } from '../../functions/alert-relay/config';

describe('loadRelayConfig', () => {
  it('defaults the destinations parameter and the Telnyx API, and needs only the ledger table', () => {
    // Act
    const config = loadRelayConfig({ ALERT_LEDGER_TABLE: 'ledger-table' });
    // Assess
    expect(config).toEqual({
      destinationsParameter: '/telnyx-cost-alert/destinations',
      telnyxBaseUrl: 'https://api.telnyx.com/v2',
      ledgerTable: 'ledger-table',
    });
  });

  it('reads every variable', () => {
    // Act
    const config = loadRelayConfig({
      ALERT_LEDGER_TABLE: 'ledger-table',
      DESTINATIONS_PARAMETER: '/acme/destinations',
      TELNYX_API_KEY_PARAMETER: '/acme/telnyx-key',
      TELNYX_API_BASE_URL: 'http://127.0.0.1:4010/v2/',
    });
    // Assess
    expect(config).toEqual({
      destinationsParameter: '/acme/destinations',
      apiKeyParameter: '/acme/telnyx-key',
      telnyxBaseUrl: 'http://127.0.0.1:4010/v2',
      ledgerTable: 'ledger-table',
    });
  });

  it.each([
    [{}, /^ALERT_LEDGER_TABLE is not set/],
    [{ ALERT_LEDGER_TABLE: 'x' }, /^ALERT_LEDGER_TABLE "x" is not a DynamoDB table name/],
    [{ ALERT_LEDGER_TABLE: 'ledger', DESTINATIONS_PARAMETER: 'has space' }, /^DESTINATIONS_PARAMETER "has space" is not an SSM parameter name/],
    [{ ALERT_LEDGER_TABLE: 'ledger', TELNYX_API_BASE_URL: 'http://api.telnyx.com/v2' }, /^TELNYX_API_BASE_URL "http:\/\/api.telnyx.com\/v2" must use https/],
  ])('fails fast, naming the variable: %j', (env, message) => {
    // Assess
    expect(() => loadRelayConfig(env)).toThrow(RelayConfigError);
    expect(() => loadRelayConfig(env)).toThrow(message);
  });
});
