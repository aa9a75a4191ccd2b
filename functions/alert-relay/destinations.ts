/**
 * The destinations list (a JSON array in a SecureString parameter) -> validated destinations and, for each item that
 * cannot be used, one problem naming it by position (counted from 1) and type, never by a secret: a bad item never
 * stops the others. Pure; `destinations validate` in the CLI runs the same parse.
 */
import { createHash } from 'node:crypto';
import { closest } from '../cost-alert/domain/name-suggestion';
import { hostOf } from './destination-urls';
import { type DestinationType, DESTINATION_TYPES, FIELDS_BY_TYPE, parseTypedFields, type TypedFields } from './destination-fields';

export { DESTINATION_TYPES, type DestinationType } from './destination-fields';

export const RELAY_SEVERITIES = ['info', 'warning', 'critical', 'error'] as const;
/** The alerts' signals, plus CloudWatch alarm notifications (`alarm`) and any other text on the topic (`notice`). */
export const RELAY_SIGNALS = ['limit', 'forecast', 'spike', 'error', 'digest', 'test', 'alarm', 'notice'] as const;

const COMMON_FIELDS = ['type', 'name', 'severities', 'signals'] as const;

interface DestinationBase {
  /** Position in the list, from 1. */
  readonly position: number;
  readonly name?: string;
  /** How logs and errors name it: `destination 2 (pagerduty "on-call", events.pagerduty.com)`. */
  readonly label: string;
  /** Stable while the item is unchanged, whatever its position: what the relay remembers deliveries by. */
  readonly fingerprint: string;
  /** Undefined: every severity. */
  readonly severities?: readonly string[];
  /** Undefined: every signal. */
  readonly signals?: readonly string[];
}

export type Destination = DestinationBase & TypedFields;

export interface DestinationProblem {
  /** 0 for the list as a whole. */
  readonly position: number;
  readonly label: string;
  readonly message: string;
}

export interface DestinationList {
  readonly destinations: readonly Destination[];
  readonly problems: readonly DestinationProblem[];
}

const LIST_LABEL = 'the destinations list';
const NAME = /^[A-Za-z0-9 ._-]{1,64}$/;

/** Parses the list. `source` names where it came from (a parameter or file), for the list-level problems. */
export function parseDestinations(text: string, source: string): DestinationList {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the error: it could quote a secret, so it is not repeated.
    return listProblem(`${source} is not valid JSON: it must be a JSON list like [{"type": "slack", "url": "https://hooks.slack.com/services/..."}]`);
  }
  if (!Array.isArray(list)) {
    return listProblem(`${source} must hold a JSON list of destinations ([...]), not ${list === null ? 'null' : typeof list}`);
  }
  const destinations: Destination[] = [];
  const problems: DestinationProblem[] = [];
  list.forEach((item: unknown, index) => {
    const parsed = parseItem(item, index + 1);
    if ('problem' in parsed) problems.push(parsed.problem);
    else destinations.push(parsed.destination);
  });
  return { destinations, problems };
}

function listProblem(message: string): DestinationList {
  return { destinations: [], problems: [{ position: 0, label: LIST_LABEL, message }] };
}

function parseItem(item: unknown, position: number): { destination: Destination } | { problem: DestinationProblem } {
  const fail = (label: string, message: string) => ({ problem: { position, label, message } });
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return fail(`destination ${position}`, 'must be an object like {"type": "slack", "url": "..."}');
  }
  const fields = item as Record<string, unknown>;
  const type = typeOf(fields['type']);
  const name = typeof fields['name'] === 'string' && NAME.test(fields['name']) ? fields['name'] : undefined;
  const label = labelOf(position, typeof type === 'string' ? type : undefined, name, undefined);
  if (typeof type !== 'string') return fail(label, type.problem);
  if (fields['name'] !== undefined && name === undefined) return fail(label, 'name must be 1-64 letters, digits, spaces, . _ or -');

  const allowed = new Set<string>([...COMMON_FIELDS, ...FIELDS_BY_TYPE[type]]);
  const unknown = Object.keys(fields).find((field) => !allowed.has(field));
  if (unknown !== undefined) {
    const suggestion = closest(unknown, allowed);
    return fail(
      label,
      `has an unknown field "${unknown}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; a ${type} destination takes ${[...allowed].join(', ')}`,
    );
  }
  const severities = choices(fields['severities'], 'severities', RELAY_SEVERITIES);
  if (!severities.ok) return fail(label, severities.problem);
  const signals = choices(fields['signals'], 'signals', RELAY_SIGNALS);
  if (!signals.ok) return fail(label, signals.problem);
  const typed = parseTypedFields(type, fields);
  if (!typed.ok) return fail(label, typed.problem);

  const url = 'url' in typed.value ? typed.value.url : undefined;
  return {
    destination: {
      position,
      ...(name === undefined ? {} : { name }),
      label: labelOf(position, type, name, url),
      fingerprint: fingerprintOf(fields),
      ...(severities.value === undefined ? {} : { severities: severities.value }),
      ...(signals.value === undefined ? {} : { signals: signals.value }),
      ...typed.value,
    },
  };
}

function typeOf(value: unknown): DestinationType | { problem: string } {
  const known = DESTINATION_TYPES.find((type) => type === value);
  if (known !== undefined) return known;
  if (typeof value !== 'string') return { problem: `needs a "type": one of ${DESTINATION_TYPES.join(', ')}` };
  const suggestion = closest(value, DESTINATION_TYPES);
  return { problem: `has an unknown type "${value}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: use one of ${DESTINATION_TYPES.join(', ')}` };
}

type Choices = { ok: true; value: readonly string[] | undefined } | { ok: false; problem: string };

/** An optional list of known values: which alerts the destination gets. */
function choices(value: unknown, field: string, known: readonly string[]): Choices {
  if (value === undefined) return { ok: true, value: undefined };
  if (!Array.isArray(value) || value.length === 0) {
    return { ok: false, problem: `${field} must be a non-empty list of ${known.join(', ')} (leave it out for all of them)` };
  }
  for (const entry of value) {
    if (typeof entry !== 'string' || !known.includes(entry)) {
      const suggestion = typeof entry === 'string' ? closest(entry, known) : undefined;
      return {
        ok: false,
        problem: `${field} has ${JSON.stringify(entry)}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}: use some of ${known.join(', ')}`,
      };
    }
  }
  return { ok: true, value: [...new Set(value as string[])] };
}

function labelOf(position: number, type: string | undefined, name: string | undefined, url: URL | undefined): string {
  const parts = [type, name === undefined ? undefined : `"${name}"`].filter(Boolean).join(' ');
  const where = url === undefined ? '' : `${parts ? ', ' : ''}${hostOf(url)}`;
  return `destination ${position}${parts || where ? ` (${parts}${where})` : ''}`;
}

/** A short hash of the item as written (keys sorted): the same item keeps it when the list is reordered. */
function fingerprintOf(fields: Record<string, unknown>): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : typeof value === 'object' && value !== null
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([key, entry]) => [key, canonical(entry)]),
          )
        : value;
  return createHash('sha256')
    .update(JSON.stringify(canonical(fields)))
    .digest('hex')
    .slice(0, 16);
}

/** Whether a destination wants an alert of this severity and signal. */
export function wants(destination: Pick<Destination, 'severities' | 'signals'>, severity: string, signal: string): boolean {
  return (destination.severities?.includes(severity) ?? true) && (destination.signals?.includes(signal) ?? true);
}
