/**
 * `destinations validate`: the relay's destinations list checked as the relay reads it, from a local file or from its
 * SecureString parameter. Nothing is sent. Each item is named by its position and type (and host), never by a secret.
 */
import type { Command } from 'commander';
import { DEFAULT_DESTINATIONS_PARAMETER } from '../../functions/alert-relay/config';
import { type Destination, parseDestinations } from '../../functions/alert-relay/destinations';
import { type CliIo, EXIT, UsageError } from './cli-io';
import { fileDestinations, parameterDestinations } from './destinations-source';
import type { CommandContext } from './command-options';

export interface DestinationsLocation {
  readonly file?: string;
  readonly parameter?: string;
}

export async function validateDestinationsCommand(location: DestinationsLocation, io: CliIo): Promise<number> {
  if (location.file !== undefined && location.parameter !== undefined) throw new UsageError('give either --file or --parameter, not both');
  const opened =
    location.file !== undefined ? fileDestinations(location.file, io) : parameterDestinations(location.parameter ?? DEFAULT_DESTINATIONS_PARAMETER);
  try {
    const { destinations, problems } = parseDestinations(await opened.source.load(), opened.source.description);
    for (const destination of destinations) io.stdout(`ok       ${destination.label}: ${wanted(destination)}\n`);
    for (const problem of problems) io.stdout(`problem  ${problem.label}: ${problem.message}\n`);
    const count = destinations.length + problems.filter((problem) => problem.position > 0).length;
    io.stderr(
      `${opened.source.description}: ${count} destination(s), ${problems.length === 0 ? 'no problem' : `${problems.length} problem(s)`}.` +
        (count === 0 && problems.length === 0 ? ' The list is empty: the relay delivers nothing (email and SMS subscribers still get every alert).' : '') +
        '\n',
    );
    return problems.length === 0 ? EXIT.ok : EXIT.problem;
  } finally {
    opened.close();
  }
}

/** Which alerts the destination gets, in words. */
export function wanted(destination: Pick<Destination, 'severities' | 'signals'>): string {
  const severities = destination.severities ? `severities ${destination.severities.join(', ')}` : 'every severity';
  const signals = destination.signals ? `signals ${destination.signals.join(', ')}` : 'every signal';
  return `${severities}; ${signals}`;
}

export function registerDestinationsCommand(program: Command, { io, done }: CommandContext): void {
  const destinations = program.command('destinations').description("Check the relay's destinations list (Slack, Teams, PagerDuty, webhooks, Telnyx SMS).");
  destinations
    .command('validate')
    .description(
      'Check every item of the destinations list as the relay reads it, naming each problem by position (exit code 1 on any). Nothing is sent. ' +
        `Reads --file, or the SecureString --parameter (default ${DEFAULT_DESTINATIONS_PARAMETER}).`,
    )
    .option('--file <file>', 'a local JSON file with the list')
    .option('--parameter <name>', `the SSM SecureString the relay reads (default: ${DEFAULT_DESTINATIONS_PARAMETER})`)
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  npx telnyx-cost-alert destinations validate --file destinations.json',
        `  npx telnyx-cost-alert destinations validate --parameter ${DEFAULT_DESTINATIONS_PARAMETER}`,
      ].join('\n'),
    )
    .action(async (options: DestinationsLocation) => {
      done(await validateDestinationsCommand(options, io));
    });
}
