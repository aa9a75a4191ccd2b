/**
 * Text for constrained channels. Product names and error titles come from outside (SSM parameter names, Telnyx
 * answers), so every text that goes to one is cleaned here: subjects to printable ASCII under 100 characters
 * (SNS refuses anything else), SMS to at most 160 characters of the GSM-7 basic set (one SMS part).
 */

/** SNS refuses a subject of 100 characters or more. */
export const SUBJECT_MAX = 99;
/** One SMS segment of GSM-7 characters: every SMS text fits it. */
export const SMS_MAX = 160;

// The GSM 03.38 basic character set (without the escape to the extension table).
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// Readable stand-ins for characters outside the basic set (extension-table characters cost two and some phones drop them).
const GSM7_STAND_INS: Readonly<Record<string, string>> = {
  '[': '(',
  ']': ')',
  '{': '(',
  '}': ')',
  '~': '-',
  '|': '/',
  '\\': '/',
  '^': '',
  '`': "'",
  '€': 'EUR',
  '\t': ' ',
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2026': '...',
  '\u00a0': ' ',
};

function withoutMarks(char: string): string {
  return char.normalize('NFKD').replace(/\p{M}/gu, '');
}

/** Cuts `text` to `max` characters, marking the cut with '...'. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 3) return text.slice(0, max);
  return `${text.slice(0, max - 3)}...`;
}

/**
 * `text` in the GSM-7 basic character set, at most `max` characters: accents outside the set are dropped
 * (ł -> l is not possible, so it becomes ?), a few punctuation marks get stand-ins, anything else becomes '?'.
 */
export function toGsm7(text: string, max: number): string {
  let out = '';
  for (const char of text) {
    if (GSM7_BASIC.has(char)) {
      out += char;
      continue;
    }
    const standIn = GSM7_STAND_INS[char];
    if (standIn !== undefined) {
      out += standIn;
      continue;
    }
    const plain = withoutMarks(char);
    out += plain !== '' && [...plain].every((c) => GSM7_BASIC.has(c)) ? plain : '?';
  }
  return truncate(out, max);
}

/** `text` as printable ASCII on one line: accents dropped, other characters '?', whitespace runs one space. */
export function toPrintableAscii(text: string): string {
  let out = '';
  for (const char of text.replace(/\s+/g, ' ')) {
    if (char >= ' ' && char <= '~') {
      out += char;
      continue;
    }
    const plain = withoutMarks(char);
    out += plain !== '' && /^[ -~]+$/.test(plain) ? plain : '?';
  }
  return out.trim();
}

/** An SMS: `head` + product + `tail` in GSM-7, the product shortened (to 8 characters at least) so that the whole fits. */
export function smsLine(head: string, product: string, tail: string): string {
  return toGsm7(`${head}${toGsm7(product, Math.max(SMS_MAX - head.length - tail.length, 8))}${tail}`, SMS_MAX);
}

/** A subject: `before` + product + `after`, the product shortened so that the whole fits. */
export function subject(before: string, product: string, after: string): string {
  const room = SUBJECT_MAX - before.length - after.length;
  return truncate(`${before}${truncate(toPrintableAscii(product), Math.max(room, 12))}${after}`, SUBJECT_MAX);
}
