/**
 * `test-alert --destinations-file FILE`: the test alert posted straight to a local destinations list, as the relay
 * would post it, to try a webhook, a routing key or a Telnyx number before deploying. Telnyx SMS uses TELNYX_API_KEY.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_BASE_URL } from '../../functions/alert-relay/config';
import { parseDestinations, wants } from '../../functions/alert-relay/destinations';
import { failuresOf, relayNotification } from '../../functions/alert-relay/relay';
import { messageBodies } from '../../functions/cost-alert/domain/message-bodies';
import { testAlert } from '../../functions/cost-alert/domain/test-alert';
import { CliError, type CliIo, EXIT } from './cli-io';
import { wanted } from './destinations-command';
import { fileDestinations } from './destinations-source';
import type { TestSeverity } from './test-alert-command';

export async function testDestinations(file: string, severity: TestSeverity, io: CliIo): Promise<number> {
  const { source } = fileDestinations(file, io);
  const list = parseDestinations(await source.load(), source.description);
  const alert = testAlert(severity, new Date((io.clock ?? Date.now)()));
  const skipped = list.destinations.filter((destination) => !wants(destination, severity, 'test'));
  io.stderr(`Posting a ${severity} test alert to the ${list.destinations.length - skipped.length} destination(s) of ${source.description} that take it\n`);
  const report = await relayNotification(
    {
      telnyxBaseUrl: (io.env['TELNYX_API_BASE_URL']?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, ''),
      apiKey: async () => {
        const key = io.env['TELNYX_API_KEY']?.trim();
        if (!key) throw new CliError('TELNYX_API_KEY is not set: telnyx-sms destinations send with your Telnyx API key');
        return key;
      },
      clock: io.clock ?? Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      // Outcomes are printed below; the relay's log lines would repeat them.
      log: { info: () => undefined, warn: () => undefined },
    },
    { MessageId: `test-${randomUUID()}`, Message: messageBodies(alert).lambda, Subject: alert.message.subject },
    list,
  );
  for (const delivery of report.deliveries) {
    const detail = delivery.outcome === 'delivered' ? ` (HTTP ${delivery.status})` : `: ${delivery.reason ?? delivery.outcome}`;
    io.stdout(`${delivery.outcome === 'delivered' ? 'delivered' : 'failed   '}  ${delivery.label}${detail}\n`);
  }
  for (const destination of skipped) io.stdout(`skipped    ${destination.label}: it takes ${wanted(destination)}\n`);
  for (const problem of report.problems) io.stdout(`problem    ${problem.label}: ${problem.message}\n`);
  return failuresOf(report).length === 0 ? EXIT.ok : EXIT.problem;
}
