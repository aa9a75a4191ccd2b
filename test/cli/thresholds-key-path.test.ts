import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { runCli } from './run-cli';

const ssm = mockClient(SSMClient);

beforeEach(() => {
  ssm.reset();
});

describe('--thresholds-path that holds the API key', () => {
  it.each([
    [['thresholds', 'validate'], '/telnyx-cost-alert', {}],
    [['thresholds', 'list'], '/telnyx-cost-alert/', {}],
    [['thresholds', 'set', 'api-key', '50'], '/telnyx-cost-alert', {}],
    [['check'], '/org', { TELNYX_API_KEY_PARAMETER: '/org/telnyx/key' }],
    [['digest'], '/telnyx-cost-alert/api-key', {}],
  ])('%j %s exits 2 naming --thresholds-path, and sends SSM nothing', async (command, path, env) => {
    // Act
    const run = await runCli([...command, '--thresholds-path', path], { env });

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/--thresholds-path \S+ (contains|is) the API-key parameter \S+, so nothing under it is read as a threshold/);
    expect(ssm.calls()).toHaveLength(0);
  });
});
