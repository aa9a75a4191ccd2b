/**
 * Keeps the Telnyx API key out of text that people see: error messages, alert bodies, log lines.
 * Applied to text only, never to parsed response data: a short key must not turn `fax-api` into `fa***-api`.
 */

/** The shortest run of key characters that is redacted on its own; a shorter echo reveals too little to matter. */
export const MIN_REDACTED_RUN = 8;
const MASK = '***';

/** Replaces what of `key` appears in a text. */
export type Redactor = (text: string) => string;

/**
 * A redactor for `key`. For a key of 8 characters or more it masks every run of 8 or more consecutive
 * characters of the key, of its `encodeURIComponent` form or of its form-encoded form (`+` for a space),
 * ignoring ASCII case: a proxy that echoes the Authorization header lowercased, URL-encoded or truncated
 * (the start, the end or a middle of the key) is covered.
 *
 * How: the set of the key's 8-character windows (of each form, lower-cased) is built once; a text is scanned
 * with an 8-character window, each window looked up in the set, and consecutive hits merged into one masked
 * span. O(text length) per text with one 8-character string per position, O(key length) memory; texts are
 * messages, not response bodies, so this is cheap.
 *
 * A key shorter than 8 characters is masked only where it stands whole, as its own token (not inside a word):
 * masking every `x` would rewrite ordinary words.
 */
export function keyRedactor(key: string): Redactor {
  const forms = [...new Set([key, encodeURIComponent(key), formEncode(key)].map(asciiLower))];
  if (key.length < MIN_REDACTED_RUN) {
    const alternatives = forms.map(escapeRegExp).join('|');
    const pattern = new RegExp(`(?<![A-Za-z0-9_~%+-])(?:${alternatives})(?![A-Za-z0-9_~%+-])`, 'gi');
    return (text) => text.replace(pattern, MASK);
  }
  const windows = new Set<string>();
  for (const form of forms) {
    for (let i = 0; i + MIN_REDACTED_RUN <= form.length; i++) windows.add(form.slice(i, i + MIN_REDACTED_RUN));
  }
  return (text) => {
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
  };
}

/** application/x-www-form-urlencoded, as URLSearchParams writes it. */
function formEncode(value: string): string {
  return new URLSearchParams({ k: value }).toString().slice(2);
}

/** Lower-cases A-Z only, so that indexes in the result are indexes in the input. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
