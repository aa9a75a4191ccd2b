import { ConfigError, loadConfig } from '../../functions/cost-alert/config';
import { handler } from '../../functions/cost-alert/handler';
import { readCostAlertConfig } from '../../lib/stack-context';

const valid = {
  TELNYX_API_KEY_PARAMETER: '/telnyx-cost-alert/api-key',
  THRESHOLDS_PATH: '/telnyx-cost-alert/thresholds/',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-central-1:123456789012:telnyx-cost-alerts',
  ALERT_LEDGER_TABLE: 'TelnyxCostAlert-Ledger-1A2B3C',
};

describe('loadConfig', () => {
  it('reads the contract with its defaults', () => {
    // Act
    const config = loadConfig(valid);

    // Assess
    expect(config).toEqual({
      apiKeyParameter: '/telnyx-cost-alert/api-key',
      thresholdsPath: '/telnyx-cost-alert/thresholds',
      topicArn: valid.ALERT_TOPIC_ARN,
      ledgerTable: valid.ALERT_LEDGER_TABLE,
      telnyxBaseUrl: 'https://api.telnyx.com/v2',
      timeZone: 'UTC',
      maxConcurrency: 2,
      lateUsageHours: 6,
    });
  });

  it('takes the optional settings', () => {
    // Act
    const config = loadConfig({ ...valid, TIME_ZONE: 'Europe/Berlin', TELNYX_API_BASE_URL: 'http://127.0.0.1:4010/v2/', TELNYX_MAX_CONCURRENCY: '4' });

    // Assess
    expect(config).toMatchObject({ timeZone: 'Europe/Berlin', telnyxBaseUrl: 'http://127.0.0.1:4010/v2', maxConcurrency: 4 });
  });

  it.each(Object.keys(valid))('fails fast naming %s when it is missing or blank', (name) => {
    // Act & Assess
    expect(() => loadConfig({ ...valid, [name]: undefined })).toThrow(new RegExp(`^${name} is not set`));
    expect(() => loadConfig({ ...valid, [name]: '  ' })).toThrow(ConfigError);
  });

  it.each([
    ['THRESHOLDS_PATH', 'telnyx/thresholds', /THRESHOLDS_PATH "telnyx\/thresholds" is not an SSM path/],
    ['ALERT_TOPIC_ARN', 'my-topic', /ALERT_TOPIC_ARN "my-topic" is not a standard \(non-FIFO\) SNS topic ARN/],
    ['ALERT_TOPIC_ARN', 'arn:aws:sns:us-east-1:123456789012:alerts.fifo', /not a standard \(non-FIFO\) SNS topic ARN/],
    ['ALERT_LEDGER_TABLE', 'ab', /ALERT_LEDGER_TABLE "ab" is not a DynamoDB table name/],
    ['TIME_ZONE', 'Mars/Base', /TIME_ZONE "Mars\/Base" is not an IANA time zone.*leave TIME_ZONE unset/],
    ['TELNYX_API_BASE_URL', 'http://api.example.com/v2', /TELNYX_API_BASE_URL .* must use https/],
    ['TELNYX_API_BASE_URL', 'not a url', /TELNYX_API_BASE_URL "not a url" is not a URL/],
    ['TELNYX_MAX_CONCURRENCY', '0', /TELNYX_MAX_CONCURRENCY "0" must be a whole number from 1 to 10/],
    ['TELNYX_API_KEY_PARAMETER', 'key with spaces', /TELNYX_API_KEY_PARAMETER "key with spaces" is not an SSM parameter name/],
  ])('refuses %s=%p with a message that names it and the fix', (name, value, message) => {
    // Act & Assess
    expect(() => loadConfig({ ...valid, [name]: value })).toThrow(message);
  });
});

describe('handler at cold start', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('fails the invocation with the missing variable named, before touching AWS or Telnyx', async () => {
    // Prepare
    process.env = { ...valid, TELNYX_API_KEY_PARAMETER: undefined };

    // Act
    const run = handler({}, { getRemainingTimeInMillis: () => 60_000, awsRequestId: 'r' } as never);

    // Assess
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(handler({}, {} as never)).rejects.toThrow(/^TELNYX_API_KEY_PARAMETER is not set/);
  });

  it('reads LATE_USAGE_HOURS as whole hours from 0 to 24, and names the variable when it is anything else', () => {
    expect(loadConfig({ ...valid, LATE_USAGE_HOURS: '0' }).lateUsageHours).toBe(0);
    expect(loadConfig({ ...valid, LATE_USAGE_HOURS: '24' }).lateUsageHours).toBe(24);
    for (const bad of ['25', '48', '1.5', '-1', 'six', '1e1', 'Infinity']) {
      expect(() => loadConfig({ ...valid, LATE_USAGE_HOURS: bad })).toThrow(
        new RegExp(`^LATE_USAGE_HOURS "${bad}" must be a whole number of hours from 0 to 24`),
      );
    }
  });

  it('LATE_USAGE_HOURS accepts exactly what the stack accepts as lateUsageHours', () => {
    // The stack writes the env var from the context key: the two rules must not drift apart.
    for (const value of ['0', '6', '24', '25', '48', '1.5', '-1', 'abc', '']) {
      const stackAccepts = (() => {
        try {
          readCostAlertConfig((key) => (key === 'lateUsageHours' ? value : undefined));
          return true;
        } catch {
          return false;
        }
      })();
      const functionAccepts = (() => {
        try {
          loadConfig({ ...valid, LATE_USAGE_HOURS: value });
          return true;
        } catch {
          return false;
        }
      })();
      expect({ value, functionAccepts }).toEqual({ value, functionAccepts: stackAccepts });
    }
  });
});
