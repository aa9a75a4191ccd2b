/**
 * `thresholds set | get | delete` against Parameter Store on moto, where operators also write values with the
 * AWS CLI (whitespace, a trailing newline, StringList): what the CLI prints, and what Parameter Store then holds.
 */
import { useMotoForCli } from './moto-cli';
import { runCli } from './run-cli';

const PATH = '/team/thresholds';
const offline = ['--thresholds-path', PATH, '--offline'];
const aws = useMotoForCli();

async function held(name: string): Promise<string | undefined> {
  return (await aws.held(PATH))[`${PATH}/${name}`]?.value;
}

describe('thresholds set with field options: changes the fields it names and keeps every other', () => {
  it('changes the daily limit of a value the AWS CLI wrote with whitespace and a newline, keeping warnAt, filter and spike', async () => {
    // Prepare
    await aws.putAsOperator(`${PATH}/messaging`, ' {"daily": 50, "warnAt": [0.8], "filter": {"direction": "outbound"}, "spike": {"factor": 3}}\n');

    // Act
    const run = await runCli(['thresholds', 'set', 'messaging', '--daily', '60', ...offline]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(JSON.parse((await held('messaging')) ?? '')).toEqual({ daily: 60, warnAt: [0.8], filter: { direction: 'outbound' }, spike: { factor: 3 } });
    expect(run.stderr).toContain('  changes: daily 50 -> 60\n');
    expect(run.stdout).toContain(`Set ${PATH}/messaging = {"daily": 60, "warnAt": [0.8], "filter": {"direction": "outbound"}, "spike": {"factor": 3}}`);
  });

  it('changes several fields at once and removes the ones asked (--no-warn-at), on a StringList parameter', async () => {
    // Prepare
    await aws.putAsOperator(`${PATH}/wireless`, '{"daily": 5, "warnAt": [0.8], "forecast": true}', 'StringList');

    // Act
    const run = await runCli([
      'thresholds',
      'set',
      'wireless',
      '--monthly',
      '300',
      '--no-warn-at',
      '--no-forecast',
      '--spike',
      '--currency',
      'eur',
      '--filter',
      'direction=outbound',
      ...offline,
    ]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(JSON.parse((await held('wireless')) ?? '')).toEqual({
      daily: 5,
      forecast: false,
      monthly: 300,
      currency: 'EUR',
      filter: { direction: 'outbound' },
      spike: true,
    });
    expect((await aws.held(PATH))[`${PATH}/wireless`]?.type).toBe('String');
  });

  it('starts a new product from nothing, and writes a lone daily limit as a plain amount', async () => {
    // Act
    const run = await runCli(['thresholds', 'set', 'fax-api', '--daily', '5', ...offline]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(await held('fax-api')).toBe('5');
  });

  it('turns a threshold off and on again without touching its limits', async () => {
    // Prepare
    await aws.putAsOperator(`${PATH}/messaging`, '50');

    // Act
    const off = await runCli(['thresholds', 'set', 'messaging', '--disable', ...offline]);
    const afterOff = await held('messaging');
    const on = await runCli(['thresholds', 'set', 'messaging', '--enable', ...offline]);

    // Assess
    expect(off.exitCode).toBe(0);
    expect(afterOff).toBe('{"daily": 50, "enabled": false}');
    expect(on.exitCode).toBe(0);
    expect(JSON.parse((await held('messaging')) ?? '')).toEqual({ daily: 50, enabled: true });
  });

  it('refuses a change that leaves the value invalid, says what the value would have been, and writes nothing', async () => {
    // Prepare
    await aws.putAsOperator(`${PATH}/messaging`, '{"daily": 50, "warnAt": [0.8]}');

    // Act
    const run = await runCli(['thresholds', 'set', 'messaging', '--warn-at', '80', ...offline]);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Refused, nothing was written: the value for messaging is not valid.');
    expect(run.stderr).toContain('The value after the change would be: {"daily": 50, "warnAt": [80]}');
    expect(run.stderr).toContain('(for 80% write 0.8)');
    expect(await held('messaging')).toBe('{"daily": 50, "warnAt": [0.8]}');
  });

  it('does not guess at fields of a current value that is not JSON, and writes nothing', async () => {
    // Prepare
    await aws.putAsOperator(`${PATH}/messaging`, '{"daily": 50,');

    // Act
    const run = await runCli(['thresholds', 'set', 'messaging', '--monthly', '900', ...offline]);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('error: cannot change fields of messaging: its current value is neither an amount nor a JSON object');
    expect(run.stderr).toContain('give the whole value instead');
    expect(await held('messaging')).toBe('{"daily": 50,');
  });

  it('says there is nothing to change when the value already means the same, and writes nothing', async () => {
    // Prepare: a plain amount with a trailing newline, as `aws ssm put-parameter --value file://...` leaves it
    await aws.putAsOperator(`${PATH}/messaging`, '50\n');

    // Act
    const run = await runCli(['thresholds', 'set', 'messaging', '--daily', '50.00', ...offline]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('nothing to change, nothing was written');
    expect(await held('messaging')).toBe('50\n');
  });
});

describe('thresholds set with a whole VALUE: replaces, and says what it drops', () => {
  it('names the fields the new value drops as it writes it', async () => {
    // Prepare
    await aws.putAsOperator(`${PATH}/messaging`, '{"daily": 50, "warnAt": [0.8], "filter": {"direction": "outbound"}, "spike": true}');

    // Act
    const run = await runCli(['thresholds', 'set', 'messaging', '60', ...offline]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain(`Writing SSM parameter ${PATH}/messaging in us-east-1, account 123456789012\n`);
    expect(run.stderr).toContain('  drops:   warnAt, filter, spike (a whole VALUE replaces the current one');
    expect(await held('messaging')).toBe('60');
  });

  it('--dry-run prints the current value and the new one like a plan, and writes nothing', async () => {
    // Prepare
    await aws.putAsOperator(`${PATH}/total`, '{"daily": 100, "monthly": 2000}');

    // Act
    const run = await runCli(['thresholds', 'set', 'total', '{"daily": 120}', '--dry-run', ...offline]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      `Dry run, nothing was written: would set SSM parameter ${PATH}/total in us-east-1, account 123456789012 to {"daily": 120} (daily 120.00 USD).\n` +
        '  current: {"daily": 100, "monthly": 2000} (daily 100.00 USD, monthly 2000.00 USD)\n' +
        '  new:     {"daily": 120} (daily 120.00 USD)\n' +
        '  changes: daily 100 -> 120; monthly 2000 -> (none)\n' +
        '  drops:   monthly (a whole VALUE replaces the current one; field options such as --daily 60 keep the other fields)\n',
    );
    expect(await held('total')).toBe('{"daily": 100, "monthly": 2000}');
  });

  it('writes 1e3 as 1000 and 0.80 as 0.8', async () => {
    // Act
    const run = await runCli(['thresholds', 'set', 'total', '{"daily": 1e3, "warnAt": [0.80]}', ...offline]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(await held('total')).toBe('{"daily": 1000, "warnAt": [0.8]}');
  });

  it('refuses both a VALUE and field options (exit code 2), and neither', async () => {
    // Act
    const both = await runCli(['thresholds', 'set', 'messaging', '50', '--daily', '60', ...offline]);
    const neither = await runCli(['thresholds', 'set', 'messaging', ...offline]);

    // Assess
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain('give either a whole VALUE');
    expect(neither.exitCode).toBe(2);
    expect(neither.stderr).toContain("missing required argument 'value'");
    expect(await aws.held(PATH)).toEqual({});
  });
});

describe('thresholds set: checks that need no key', () => {
  it.each([
    ['Messaging', 'messaging'],
    ['sip_trunking', 'sip-trunking'],
    ['TOTAL', 'total'],
  ])('refuses %s with the right name, %s (exit code 2), and writes nothing', async (typed, right) => {
    // Act
    const run = await runCli(['thresholds', 'set', typed, '50', ...offline]);

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`"${typed}" is not how Telnyx spells the product: use "${right}"`);
    expect(await aws.held(PATH)).toEqual({});
  });

  it('warns when the monthly limit is below the daily one, and still writes', async () => {
    // Act
    const run = await runCli(['thresholds', 'set', 'messaging', '--daily', '50', '--monthly', '40', ...offline]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('warning: messaging: the monthly limit (40.00 USD) is below the daily one (50.00 USD)');
    expect(await held('messaging')).toBe('{"daily": 50, "monthly": 40}');
  });

  it('refuses a thresholds path that ends in a product name (exit code 2), in every command', async () => {
    // Act
    const runs = await Promise.all([
      runCli(['thresholds', 'set', 'messaging', '50', '--thresholds-path', `${PATH}/messaging`]),
      runCli(['thresholds', 'get', 'messaging', '--thresholds-path', `${PATH}/messaging/`]),
      runCli(['thresholds', 'validate', '--thresholds-path', `${PATH}/total`, '--offline']),
      runCli(['check', '--thresholds-path', `${PATH}/sip-trunking`]),
      runCli(['digest', '--thresholds-path', `${PATH}/fax-api`]),
    ]);

    // Assess
    for (const run of runs) {
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toMatch(/--thresholds-path ".*" ends in the product "[a-z-]+": give the path above it \(\/team\/thresholds\)/);
    }
    expect(await aws.held('/team')).toEqual({});
  });

  it('never overwrites a SecureString, nor shows its value', async () => {
    // Prepare
    await aws.putAsOperator(`${PATH}/messaging`, 'KEY-never-shown', 'SecureString');

    // Act
    const set = await runCli(['thresholds', 'set', 'messaging', '50', ...offline]);
    const get = await runCli(['thresholds', 'get', 'messaging', '--thresholds-path', PATH]);

    // Assess
    expect(set.exitCode).toBe(1);
    expect(set.stderr).toContain('a SecureString is not a threshold');
    expect(get.exitCode).toBe(1);
    expect(get.stderr).toContain('a SecureString is not a threshold: its value is not shown');
    expect(`${set.stdout}${set.stderr}${get.stdout}${get.stderr}`).not.toContain('KEY-never-shown');
    expect((await aws.held(PATH))[`${PATH}/messaging`]).toEqual({ value: 'KEY-never-shown', type: 'SecureString' });
  });
});

describe('thresholds get', () => {
  it('prints the value as stored on stdout and what it means on stderr', async () => {
    // Prepare
    await aws.putAsOperator(`${PATH}/messaging`, '  {"daily": 50, "warnAt": [0.8]}\n');

    // Act
    const run = await runCli(['thresholds', 'get', 'messaging', '--thresholds-path', PATH]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('{"daily": 50, "warnAt": [0.8]}\n');
    expect(run.stderr).toBe(`${PATH}/messaging: daily 50.00 USD, warn at 80%\n`);
  });

  it('-o json gives the parsed form, amounts as exact decimal strings', async () => {
    // Prepare
    await aws.putAsOperator(`${PATH}/messaging`, '{"daily": 50.5, "monthly": 900, "warnAt": [0.5, 0.8], "filter": {"direction": "outbound"}, "spike": true}');

    // Act
    const run = await runCli(['thresholds', 'get', 'messaging', '--thresholds-path', PATH, '-o', 'json']);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      product: 'messaging',
      location: `${PATH}/messaging`,
      type: 'String',
      value: '{"daily": 50.5, "monthly": 900, "warnAt": [0.5, 0.8], "filter": {"direction": "outbound"}, "spike": true}',
      valid: true,
      threshold: {
        daily: '50.5',
        monthly: '900',
        warnAt: [0.5, 0.8],
        currency: 'USD',
        filter: { direction: 'outbound' },
        forecast: false,
        spike: { factor: '5', minimumPerHour: '5' },
        enabled: true,
      },
      problems: [],
    });
  });

  it('exits 1 for a value that is not valid, printing it and the problem', async () => {
    // Prepare
    await aws.putAsOperator(`${PATH}/messaging`, '{"dayly": 50}');

    // Act
    const run = await runCli(['thresholds', 'get', 'messaging', '--thresholds-path', PATH]);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('{"dayly": 50}\n');
    expect(run.stderr).toContain('Unknown key "dayly": did you mean "daily"?');
  });

  it('exits 1 when there is none, and names the right spelling of a misspelt one (exit code 2)', async () => {
    // Act
    const missing = await runCli(['thresholds', 'get', 'messaging', '--thresholds-path', PATH]);
    const misspelt = await runCli(['thresholds', 'get', 'Messaging', '--thresholds-path', PATH]);

    // Assess
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain(`error: there is no threshold ${PATH}/messaging`);
    expect(misspelt.exitCode).toBe(2);
    expect(misspelt.stderr).toContain('Telnyx spells the product "messaging"');
  });
});

describe('thresholds delete', () => {
  it('--dry-run says where and what, and deletes nothing', async () => {
    // Prepare
    await aws.putAsOperator(`${PATH}/fax-api`, '5');

    // Act
    const run = await runCli(['thresholds', 'delete', 'fax-api', '--thresholds-path', PATH, '--dry-run']);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      `Dry run, nothing was deleted: would delete SSM parameter ${PATH}/fax-api in us-east-1, account 123456789012, now 5 (daily 5.00 USD).\n`,
    );
    expect(await held('fax-api')).toBe('5');
  });

  it('deletes the one parameter and keeps the others', async () => {
    // Prepare
    await aws.putAsOperator(`${PATH}/fax-api`, '5');
    await aws.putAsOperator(`${PATH}/messaging`, '50');

    // Act
    const run = await runCli(['thresholds', 'delete', 'fax-api', '--thresholds-path', PATH]);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain(`Deleting SSM parameter ${PATH}/fax-api in us-east-1, account 123456789012`);
    expect(run.stdout).toContain(`Deleted ${PATH}/fax-api, which was 5 (daily 5.00 USD).`);
    expect(Object.keys(await aws.held(PATH))).toEqual([`${PATH}/messaging`]);
  });

  it('exits 1 when there is nothing to delete', async () => {
    // Act
    const run = await runCli(['thresholds', 'delete', 'fax-api', '--thresholds-path', PATH]);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`there is no threshold ${PATH}/fax-api`);
  });
});
