/** The time zone of "today" and "this month" for every command. */
import { validateTimeZone } from '../../functions/cost-alert/domain/periods';
import { CliError, type CliIo, EXIT } from './cli-io';

/** --time-zone, else TIME_ZONE, else UTC; an IANA name, canonically spelt. */
export function resolveTimeZone(option: string | undefined, io: CliIo): string {
  const fromEnv = io.env.TIME_ZONE?.trim() || undefined;
  const name = option ?? fromEnv ?? 'UTC';
  try {
    return validateTimeZone(name);
  } catch (error) {
    const where = option !== undefined ? '--time-zone' : 'TIME_ZONE';
    // A bad --time-zone is a usage error (2); a bad TIME_ZONE is the environment's problem (1).
    throw new CliError(
      `${where} "${name}" is not an IANA time zone: use a name such as UTC, Europe/Berlin or America/New_York`,
      option !== undefined ? EXIT.usage : EXIT.problem,
      {
        cause: error,
      },
    );
  }
}
