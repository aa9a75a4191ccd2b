/** Settings that deploy but would disappoint: warned about at synth (`cdk synth` prints them; acknowledgeable by id). */
import { Annotations } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { CostAlertConfig } from './stack-context';

export function warnAboutSettings(scope: Construct, config: CostAlertConfig): void {
  if (config.alertEmails.length === 0 && config.alertSmsNumbers.length === 0) {
    Annotations.of(scope).addWarningV2(
      'telnyx-cost-alert:no-subscribers',
      'Neither alertEmails nor alertSmsNumbers is set: alerts and alarms reach nobody until someone subscribes to the topic.',
    );
  }

  // An ended day is re-read only by runs within lateUsageHours of its end: with fewer runs than that, the
  // spend after some days' last run would never meet their limit (0 turns the re-reading off on purpose).
  if (config.lateUsageHours > 0 && config.lateUsageHours * 60 < config.intervalMinutes) {
    const needed = Math.min(24, Math.ceil(config.intervalMinutes / 60));
    Annotations.of(scope).addWarningV2(
      'telnyx-cost-alert:late-usage-gap',
      `lateUsageHours=${config.lateUsageHours} is shorter than the ${config.intervalMinutes} minutes between checks: some days would end with no check ` +
        `in the ${config.lateUsageHours} hours after them, and their spend after the last check would never meet its limit. ` +
        `Set lateUsageHours to ${needed}${needed < 24 ? ' or more (up to 24)' : ''}, or check more often.`,
    );
  }
}
