/** What `thresholds apply` prints: the plan as a table (or one JSON document with -o json), then what was done. */
import { type PlanEntry, planCounts, type ThresholdPlan } from '../../../functions/cost-alert/domain/threshold-plan';
import { describeThreshold } from '../../../functions/cost-alert/domain/threshold-text';
import { parseThresholdValue } from '../../../functions/cost-alert/domain/threshold-values';
import { formatTable } from '../text-table';

/** What became of each entry: nothing to do, not applied (a dry run, or refused), done, or failed with the reason. */
export type Outcome = 'nothing-to-do' | 'not-applied' | 'written' | 'deleted' | { readonly failed: string };

export interface ApplyReport {
  readonly file: string;
  readonly path: string;
  /** `SSM path /x in us-east-1, account 123456789012`. */
  readonly target: string;
  readonly dryRun: boolean;
  readonly prune: boolean;
  readonly plan: ThresholdPlan;
  readonly outcomes: ReadonlyMap<PlanEntry, Outcome>;
  readonly problems: readonly string[];
  readonly warnings: readonly string[];
}

const ONLY_IN_STORE = 'only in Parameter Store';

export function formatApplyText(report: ApplyReport): string {
  const lines = [`Plan for ${report.target}, from ${report.file}:`, ''];
  const rows = report.plan.entries.flatMap((entry) => planRows(entry));
  lines.push(
    rows.length > 0
      ? formatTable([{ header: 'product' }, { header: 'action' }, { header: 'change' }], rows).trimEnd()
      : '(no thresholds in the file or under the path)',
  );
  lines.push('', summaryLine(report));
  if (report.warnings.length > 0) lines.push('', `${report.warnings.length} warning(s):`, ...report.warnings.map((warning) => `  - ${warning}`));
  if (report.problems.length > 0) {
    lines.push(
      '',
      `${report.problems.length} problem(s); nothing was written (apply writes all or nothing):`,
      ...report.problems.map((problem) => `  - ${problem}`),
    );
  } else if (report.dryRun) {
    lines.push('Dry run: nothing was written.');
  } else {
    lines.push(...doneLines(report));
  }
  return `${lines.join('\n')}\n`;
}

function planRows(entry: PlanEntry): string[][] {
  switch (entry.action) {
    case 'added':
      return [[entry.product, 'added', `${entry.value} (${describe(entry.value, entry.product)})`]];
    case 'changed':
      return entry.fields.map(({ field, from, to }, index) =>
        index === 0 ? [entry.product, 'changed', `${field}: ${from} -> ${to}`] : ['', '', `${field}: ${from} -> ${to}`],
      );
    case 'unchanged':
      return [[entry.product, 'unchanged', '']];
    case 'only-in-parameter-store': {
      const shown = entry.product ?? entry.name;
      if (entry.type === 'SecureString') return [[shown, ONLY_IN_STORE, `${entry.name}: a SecureString, never deleted (its value is not shown)`]];
      return [[shown, ONLY_IN_STORE, `${entry.delete ? 'deleted (--prune)' : 'kept (--prune deletes it)'}: ${entry.current}`]];
    }
  }
}

function describe(value: string, product: string): string {
  const parsed = parseThresholdValue(value, product);
  return parsed.ok ? describeThreshold(parsed.settings) : 'not valid';
}

/** `Plan: 1 to add, 2 to change; 3 unchanged, 1 only in Parameter Store kept (--prune deletes it).`, or nothing to change. */
function summaryLine(report: ApplyReport): string {
  const counts = planCounts(report.plan);
  const kept = report.plan.entries.filter((entry) => entry.action === 'only-in-parameter-store' && !entry.delete);
  const prunable = kept.some((entry) => entry.action === 'only-in-parameter-store' && entry.type !== 'SecureString');
  const hint = prunable && !report.prune ? ` (--prune deletes ${kept.length === 1 ? 'it' : 'them'})` : '';
  const rest = `${counts.unchanged} unchanged${kept.length > 0 ? `, ${kept.length} ${ONLY_IN_STORE} kept${hint}` : ''}`;
  if (counts.added + counts.changed + counts.deleted === 0) return `Plan: nothing to change; ${rest}.`;
  const deleted = report.prune ? `, ${counts.deleted} to delete` : '';
  return `Plan: ${counts.added} to add, ${counts.changed} to change${deleted}; ${rest}.`;
}

function doneLines(report: ApplyReport): string[] {
  const failed: string[] = [];
  let written = 0;
  let deleted = 0;
  for (const outcome of report.outcomes.values()) {
    if (outcome === 'written') written++;
    else if (outcome === 'deleted') deleted++;
    else if (typeof outcome === 'object') failed.push(outcome.failed);
  }
  if (written + deleted + failed.length === 0) return [];
  const lines = [`Applied: ${written} written, ${deleted} deleted. The next scheduled check reads them; no redeploy needed.`];
  if (failed.length > 0)
    lines.push(`${failed.length} failed (the others were applied; run apply again once fixed):`, ...failed.map((reason) => `  - ${reason}`));
  return lines;
}

/** The plan as data, for a CI job that comments on a pull request. */
export function applyJson(report: ApplyReport): Record<string, unknown> {
  return {
    file: report.file,
    path: report.path,
    dryRun: report.dryRun,
    prune: report.prune,
    counts: planCounts(report.plan),
    plan: report.plan.entries.map((entry) => {
      const outcome = report.outcomes.get(entry) ?? 'not-applied';
      const { name, ...fields } = entry;
      return {
        ...fields,
        parameter: name,
        outcome: typeof outcome === 'object' ? 'failed' : outcome,
        ...(typeof outcome === 'object' ? { error: outcome.failed } : {}),
      };
    }),
    problems: report.problems,
    warnings: report.warnings,
  };
}
