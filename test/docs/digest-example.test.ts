/**
 * docs/digest.md shows "a real run of the CLI against the built-in simulator": its email text, subject and SMS must
 * be what that run prints today (the sample day changes with the simulator; the example must follow it).
 */
import { runCli } from '../cli/run-cli';
import { fencedBlocks, readDoc } from './markdown';

/** The run quoted in docs/digest.md: `digest --time-zone Europe/Berlin`, sent 2026-11-30 at 21:41:38 Berlin time. */
const SENT_AT = Date.parse('2026-11-30T20:41:38Z');

describe('docs/digest.md', () => {
  it('quotes the email, subject and SMS that the CLI prints for the documented run', async () => {
    // Prepare
    const doc = readDoc('docs/digest.md');
    const [email, sms] = fencedBlocks(doc).filter((block) => block.info === 'text');

    // Act
    const run = await runCli(['digest', '--time-zone', 'Europe/Berlin'], { clock: () => SENT_AT });

    // Assess
    expect(run.exitCode).toBe(0);
    const printed = run.stdout.split('\n');
    const body = printed.slice(
      printed.findIndex((line) => line.startsWith('Telnyx spend digest for')),
      printed.findIndex((line) => line.startsWith('Amounts are what Telnyx had reported')) + 1,
    );
    expect(email?.lines).toEqual(body);
    expect(doc).toContain(`Subject: \`${/^Subject: (.*)$/m.exec(run.stdout)?.[1]}\``);
    expect(sms?.lines).toEqual([/^SMS: (.*) \(\d+ characters\)$/m.exec(run.stdout)?.[1]]);
  });
});
