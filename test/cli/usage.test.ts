import { runCli } from './run-cli';

interface UsageRecord {
  readonly direction: string;
  readonly currency: string;
  readonly cost: string;
}

describe('usage against the built-in simulator', () => {
  it('prints rows as JSON with exact costs as decimal strings', async () => {
    // Act
    const run = await runCli(['usage', 'messaging', '--dimensions', 'direction', '--format', 'json']);

    // Assess
    expect(run.exitCode).toBe(0);
    const records = JSON.parse(run.stdout) as UsageRecord[];
    expect(records.map((record) => `${record.direction}/${record.currency}`).sort()).toEqual(['inbound/EUR', 'inbound/USD', 'outbound/EUR', 'outbound/USD']);
    for (const record of records) expect(record.cost).toMatch(/^\d+\.\d{2,9}$/);
    expect(run.stderr).toContain('No TELNYX_API_KEY: using the built-in Telnyx simulator');
  });

  it('prints the same rows as CSV, header first, with nothing else on stdout', async () => {
    // Prepare
    const json = JSON.parse((await runCli(['usage', 'messaging', '--dimensions', 'direction', '--format', 'json'])).stdout) as UsageRecord[];

    // Act
    const run = await runCli(['usage', 'messaging', '--dimensions', 'direction', '--format', 'csv']);

    // Assess
    expect(run.exitCode).toBe(0);
    const [header, ...lines] = run.stdout.trimEnd().split('\n');
    expect(header).toBe('direction,currency,cost');
    expect(lines).toEqual(json.map((record) => `${record.direction},${record.currency},${record.cost}`));
  });

  it('takes -o/--output as the format, like check', async () => {
    // Act
    const short = await runCli(['usage', 'messaging', '--dimensions', 'direction', '-o', 'csv']);
    const old = await runCli(['usage', 'messaging', '--dimensions', 'direction', '--format', 'csv']);

    // Assess
    expect(short.exitCode).toBe(0);
    expect(short.stdout).toBe(old.stdout);
    expect(short.stdout.split('\n')[0]).toBe('direction,currency,cost');
  });

  it('prints every cost in the table with as many decimals as the longest, exactly (zeros added, nothing rounded)', async () => {
    // Prepare: the exact values, as JSON carries them
    const exact = JSON.parse((await runCli(['usage', 'messaging', '--dimensions', 'direction,country_iso', '-o', 'json'])).stdout) as UsageRecord[];
    const places = Math.max(...exact.map((record) => record.cost.split('.')[1]?.length ?? 0));

    // Act
    const run = await runCli(['usage', 'messaging', '--dimensions', 'direction,country_iso']);

    // Assess
    expect(run.exitCode).toBe(0);
    const costs = run.stdout
      .split('\n')
      .slice(2)
      .filter((line) => /^(in|out)bound\s/.test(line))
      .map((line) => line.trim().split(/\s+/).at(-1) ?? '');
    expect(costs).toHaveLength(exact.length);
    expect(new Set(costs.map((cost) => cost.split('.')[1]?.length))).toEqual(new Set([places]));
    expect(costs.map(Number).sort()).toEqual(exact.map((record) => Number(record.cost)).sort());
  });

  it('filters on a dimension, and totals costs per currency in the table', async () => {
    // Act
    const run = await runCli(['usage', 'messaging', '--filter', 'direction=outbound', '--sort', '-cost']);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^direction\s+currency\s+cost$/m);
    expect(run.stdout).not.toContain('inbound');
    // Sorted by cost, descending: the USD row (tens) before the EUR row (a few)
    expect(run.stdout).toMatch(/^outbound\s+USD\s+\d{2}\.\d+\noutbound\s+EUR\s+\d\.\d+$/m);
    expect(run.stdout).toMatch(/^Total cost: \d+\.\d+ EUR, \d+\.\d+ USD\.$/m);
  });

  it('names the values seen when --filter matched none of the rows, as the check does', async () => {
    // Act
    const table = await runCli(['usage', 'messaging', '--filter', 'direction=outbond']);
    const csv = await runCli(['usage', 'messaging', '--filter', 'direction=outbond', '-o', 'csv']);

    // Assess: stdout says there is nothing; stderr says why, so a misspelt value does not read as a quiet day
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toContain('(no usage in this window)');
    expect(table.stderr).toMatch(/^warning: filter direction=outbond matched none of \d+ rows; values seen: inbound, outbound$/m);
    expect(csv.stdout).toBe('direction,currency,cost\n');
    expect(csv.stderr).toContain('values seen: inbound, outbound');
  });

  it('says nothing more when the filter matched rows', async () => {
    // Act
    const run = await runCli(['usage', 'messaging', '--filter', 'direction=inbound']);

    // Assess
    expect(run.stderr).not.toContain('warning');
  });

  it('reads an explicit window, end exclusive', async () => {
    // Act
    const run = await runCli(['usage', 'sip-trunking', '--dimensions', 'date', '--start', '2026-11-24', '--end', '2026-11-26', '--format', 'csv']);

    // Assess
    expect(run.exitCode).toBe(0);
    expect(
      run.stdout
        .split('\n')
        .filter((line) => line.startsWith('2026-11-'))
        .map((line) => line.slice(0, 10))
        .sort(),
    ).toEqual(['2026-11-24', '2026-11-25']);
  });

  it('lists the products with a cost metric', async () => {
    // Act
    const run = await runCli(['usage', '--products', '--format', 'csv']);

    // Assess
    expect(run.exitCode).toBe(0);
    const products = run.stdout
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    expect(products).toEqual(['messaging', 'sip-trunking', 'call-control', 'wireless', 'fax-api']);
  });

  it('says what to type when no product is named', async () => {
    // Act
    const run = await runCli(['usage']);

    // Assess
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('error: name a product, e.g. `usage messaging`, or list the products with a cost: `usage --products`');
  });

  it('refuses a malformed --filter and an unknown --format', async () => {
    // Act
    const badFilter = await runCli(['usage', 'messaging', '--filter', 'outbound']);
    const badFormat = await runCli(['usage', 'messaging', '--format', 'xml']);

    // Assess
    expect(badFilter.exitCode).toBe(2);
    expect(badFilter.stderr).toContain('--filter "outbound" is not dimension=value, e.g. --filter direction=outbound');
    expect(badFormat.exitCode).toBe(2);
    expect(badFormat.stderr).toContain("argument 'xml' is invalid. Allowed choices are table, csv, json.");
  });

  it('passes on what Telnyx says about an invalid dimension', async () => {
    // Act
    const run = await runCli(['usage', 'messaging', '--dimensions', 'planet']);

    // Assess
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^error: Telnyx rejected dimensions for messaging \(HTTP 400\): Available dimensions values for messaging: /m);
  });
});
