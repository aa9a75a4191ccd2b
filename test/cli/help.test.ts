import { runCli } from './run-cli';

describe('--help', () => {
  it.each([
    [[], 'Usage: telnyx-cost-alert [options] [command]', 'thresholds'],
    [['check'], 'Usage: telnyx-cost-alert check [options]', '--thresholds-path <path>'],
    [['thresholds'], 'Usage: telnyx-cost-alert thresholds [options] [command]', 'validate'],
    [['thresholds', 'validate'], 'Usage: telnyx-cost-alert thresholds validate [options]', '--offline'],
    [['thresholds', 'set'], 'Usage: telnyx-cost-alert thresholds set [options] <product> <value>', '--file <file>'],
    [['thresholds', 'list'], 'Usage: telnyx-cost-alert thresholds list [options]', '--time-zone <zone>'],
    [['usage'], 'Usage: telnyx-cost-alert usage [options] [product]', '--managed-accounts'],
  ])('prints the help of %j on stdout and exits 0', async (command, usageLine, option) => {
    // Act
    const run = await runCli([...command, '--help']);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(usageLine);
    expect(run.stdout).toContain(option);
    expect(run.stderr).toBe('');
  });

  it('suggests the command meant and exits non-zero on a typo', async () => {
    // Act
    const run = await runCli(['chek']);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("error: unknown command 'chek'");
    expect(run.stderr).toContain('(Did you mean check?)');
  });

  it('refuses two threshold sources at once', async () => {
    // Act
    const run = await runCli(['check', '--thresholds-file', 'a.json', '--thresholds-path', '/a']);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("option '--thresholds-file <file>' cannot be used with option '--thresholds-path <path>'");
  });
});
