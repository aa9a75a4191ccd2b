/** How the thresholds subcommands name a threshold and its problems: by SSM parameter, or by file key under a heading that names the file. */
import { describeThreshold } from '../../../functions/cost-alert/domain/threshold-text';
import type { Threshold, ThresholdProblem } from '../../../functions/cost-alert/domain/types';
import { formatTable } from '../text-table';
import type { ThresholdSource } from '../threshold-source';

export function describeValid(thresholds: readonly Threshold[], source: ThresholdSource): string {
  return formatTable(
    [{ header: 'product' }, { header: 'threshold' }, { header: source.ssm ? 'parameter' : 'key' }],
    thresholds.map((threshold) => [threshold.product, describeThreshold(threshold), locationOf(threshold.parameterName, threshold.product, source)]),
  );
}

/** `where: what is wrong`, where being the SSM parameter or the file key the operator edits. */
export function problemLines(problems: readonly ThresholdProblem[], source: ThresholdSource): string[] {
  return problems.map((problem) => {
    const prefix = `${problem.location}: `;
    const message = problem.message.startsWith(prefix) ? problem.message.slice(prefix.length) : problem.message;
    return `${locationOf(problem.parameterName, problem.product, source)}: ${message}`;
  });
}

export function locationOf(parameterName: string, product: string, source: ThresholdSource): string {
  // The heading names the file; in it, the operator looks for the key.
  return source.ssm ? parameterName : `"${product}"`;
}

/** `  - line` for each line. */
export function bulletList(lines: readonly string[]): string {
  return lines.map((line) => `  - ${line}\n`).join('');
}
