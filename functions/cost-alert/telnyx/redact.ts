/**
 * Keeps the Telnyx API key out of text that people see: error messages, alert bodies, log lines.
 * Applied to text only, never to parsed response data: a short key must not turn `fax-api` into `fa***-api`.
 */
import { asciiLower, keyForms } from './key-forms';

/**
 * The shortest run of key characters that is redacted on its own. Seven: an echo cut into 7-character pieces must
 * not pass; a shorter run of a random key reveals too little to matter, and shorter windows would start matching
 * ordinary words.
 */
export const MIN_REDACTED_RUN = 7;
const MASK = '***';
/** Characters with a separator between each (`K E Y 0 1`, `K-E-Y-0-1`, `K.E.Y.0.1`): the separator is 1-3 non-alphanumerics, the same each time. */
const SEPARATED = /(\S)([^A-Za-z0-9]{1,3})(?:\S\2){5,}\S/g;
/** A run of base64, base64url or hex characters (base64's `=` only as padding at its end). */
const TOKEN = /[A-Za-z0-9+/_-]{20,}={0,2}/g;

/** Replaces what of `key` appears in a text. */
export type Redactor = (text: string) => string;

/**
 * A redactor for `key`. For a key of 7 characters or more it masks, ignoring ASCII case:
 * - every run of 7 or more consecutive characters of any form of the key (./key-forms.ts: as sent, URL- and
 *   form-encoded, base64 and base64url at each alignment, hex), so a proxy that echoes the Authorization header
 *   lower-cased, encoded, truncated or in pieces is covered;
 * - the key (as sent) with the same separator between its characters, when 7 of them in a row are the key's.
 *
 * How: the set of the forms' 7-character windows is built once; a text is scanned with a 7-character window,
 * each looked up in the set, and consecutive hits merged into one masked span. O(text length) per text; texts are
 * messages, not response bodies, so this is cheap.
 *
 * A key shorter than 7 characters is masked only where it stands whole, as its own token (not inside a word):
 * masking every `x` would rewrite ordinary words.
 */
export function keyRedactor(key: string): Redactor {
  if (key.length < MIN_REDACTED_RUN) return wholeTokenRedactor(key);
  const windows = new Set<string>();
  for (const form of keyForms(key)) {
    for (let i = 0; i + MIN_REDACTED_RUN <= form.length; i++) windows.add(form.slice(i, i + MIN_REDACTED_RUN));
  }
  return (text) => maskRuns(maskSeparated(text, windows), windows);
}

/**
 * Drops what still looks like a secret from a text quoted from a Telnyx answer (an error's detail): a run of 20
 * or more characters of the base64, base64url or hex alphabet with a digit in it or both letter cases. Plain
 * words and product names (`customer-service-record`) stay; UUIDs and tokens go.
 */
export function withholdSecretShaped(text: string): string {
  return text.replace(TOKEN, (token) => (/\d/.test(token) || (/[a-z]/.test(token) && /[A-Z]/.test(token)) ? '[withheld]' : token));
}

function wholeTokenRedactor(key: string): Redactor {
  const forms = [...new Set([key, encodeURIComponent(key), new URLSearchParams({ k: key }).toString().slice(2)].map(asciiLower))];
  const alternatives = forms.map(escapeRegExp).join('|');
  const pattern = new RegExp(`(?<![A-Za-z0-9_~%+-])(?:${alternatives})(?![A-Za-z0-9_~%+-])`, 'gi');
  return (text) => text.replace(pattern, MASK);
}

/** Masks every run of characters whose 7-character windows are all in `windows`. */
function maskRuns(text: string, windows: ReadonlySet<string>): string {
  if (text.length < MIN_REDACTED_RUN) return text;
  const lower = asciiLower(text);
  let out = '';
  let copiedTo = 0;
  let spanStart = -1;
  let spanEnd = -1;
  for (let i = 0; i + MIN_REDACTED_RUN <= lower.length; i++) {
    if (!windows.has(lower.slice(i, i + MIN_REDACTED_RUN))) continue;
    if (spanStart >= 0 && i <= spanEnd) {
      spanEnd = i + MIN_REDACTED_RUN;
      continue;
    }
    if (spanStart >= 0) {
      out += text.slice(copiedTo, spanStart) + MASK;
      copiedTo = spanEnd;
    }
    spanStart = i;
    spanEnd = i + MIN_REDACTED_RUN;
  }
  if (spanStart < 0) return text;
  return out + text.slice(copiedTo, spanStart) + MASK + text.slice(spanEnd);
}

/**
 * Masks the key's characters where they stand with the same separator between each. A run that holds none of
 * the key's is tried again one character further: `Bearer K | E | Y` first reads as `r`, ` `, `K`, ` `, `|`...
 */
function maskSeparated(text: string, windows: ReadonlySet<string>): string {
  const pattern = new RegExp(SEPARATED.source, 'g');
  let out = '';
  let copiedTo = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const span = keySpan(match[0], 1 + (match[2]?.length ?? 0), windows);
    if (!span) {
      pattern.lastIndex = match.index + 1;
      continue;
    }
    out += text.slice(copiedTo, match.index + span.start) + MASK;
    copiedTo = match.index + span.end;
    pattern.lastIndex = copiedTo;
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

/** Where in a separated run (one character every `step`) the key's characters start and end, if 7 in a row are there. */
function keySpan(run: string, step: number, windows: ReadonlySet<string>): { start: number; end: number } | undefined {
  let collapsed = '';
  for (let i = 0; i < run.length; i += step) collapsed += run[i];
  const lower = asciiLower(collapsed);
  let first = -1;
  let last = -1;
  for (let i = 0; i + MIN_REDACTED_RUN <= lower.length; i++) {
    if (!windows.has(lower.slice(i, i + MIN_REDACTED_RUN))) continue;
    if (first < 0) first = i;
    last = i;
  }
  if (first < 0) return undefined;
  return { start: first * step, end: (last + MIN_REDACTED_RUN - 1) * step + 1 };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
