/** Publishers without AWS: one prints alerts as subscribers would see them, one records them for tests. */
import type { Alert } from '../domain/types';
import type { AlertPublisher } from '../ports';

const RULE = '─'.repeat(72);

/** Prints each alert as the email and SMS subscribers would receive it. */
export class ConsolePublisher implements AlertPublisher {
  constructor(private readonly write: (text: string) => void = (text) => process.stdout.write(text)) {}

  async publish(alert: Alert): Promise<void> {
    const { message } = alert;
    const account = alert.account === undefined ? undefined : alert.account === '*' ? 'managed accounts' : `account ${alert.account}`;
    const heading = [alert.severity.toUpperCase(), alert.product, alert.period, account].filter(Boolean).join(' · ');
    // One write per alert, so that alerts never interleave with other output.
    this.write(
      [
        RULE,
        heading,
        RULE,
        `Subject: ${message.subject}`,
        '',
        message.email.trimEnd(),
        '',
        `SMS: ${message.sms} (${[...message.sms].length} characters)`,
        RULE,
        '',
        '',
      ].join('\n'),
    );
  }
}

/** The failure RecordingPublisher was told to simulate. */
export class SimulatedPublishError extends Error {
  override readonly name = 'SimulatedPublishError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** Keeps every published alert; `failNext(n)` makes the next n publishes throw (and record nothing). */
export class RecordingPublisher implements AlertPublisher {
  readonly alerts: Alert[] = [];
  private failuresLeft = 0;

  failNext(count = 1): this {
    this.failuresLeft += count;
    return this;
  }

  async publish(alert: Alert): Promise<void> {
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new SimulatedPublishError(`publishing ${alert.key} failed as requested by failNext`);
    }
    this.alerts.push(alert);
  }
}
