/**
 * Context is not remembered between deploys (docs/deploy.md): a `cdk deploy` of the alert stack without
 * `-c alertEmails` / `-c alertSmsNumbers` removes every subscription. So no command the documentation shows for
 * the alert stack may leave them out, or a reader who copies it silences the alerts.
 */
import { documentationFiles, fencedBlocks, readDoc } from './markdown';

function deployCommands(file: string): string[] {
  return fencedBlocks(readDoc(file))
    .filter((block) => /^(sh|bash|shell)\b/.test(block.info))
    .flatMap((block) =>
      block.lines
        .join('\n')
        .replace(/\\\n\s*/g, ' ')
        .split('\n'),
    )
    .filter((line) => /\bcdk deploy\b/.test(line) && !/GitHubDeploy/.test(line));
}

describe('cdk deploy in the documentation', () => {
  it.each(documentationFiles())('%s: every deploy of the alert stack names the stack and keeps the subscribers', (file) => {
    for (const command of deployCommands(file)) {
      expect({ command, ok: /cdk deploy TelnyxCostAlert\b/.test(command) && /-c alertEmails=/.test(command) }).toEqual({ command, ok: true });
    }
  });
});
