/**
 * Every 7-character run of an API key, in every form a proxy has been seen to echo it, that appears in a text:
 * as sent or in another case, URL-encoded, base64 and base64url (the characters that carry the key's bits alone,
 * at each of the three alignments it can have inside a longer text), hex, and with separators between its
 * characters. Written apart from the redactor (functions/cost-alert/telnyx/key-forms.ts) so that a mistake in one
 * is not repeated in the other. Use a key that spells no word: runs of ordinary text must not match by chance.
 */
const RUN = 7;

export function keyFormsIn(text: string, key: string): string[] {
  const found = new Set<string>();
  const look = (haystack: string, form: string, caseless: boolean) => {
    const where = caseless ? haystack.toLowerCase() : haystack;
    for (let i = 0; i + RUN <= form.length; i++) {
      const run = caseless ? form.slice(i, i + RUN).toLowerCase() : form.slice(i, i + RUN);
      if (where.includes(run)) found.add(form.slice(i, i + RUN));
    }
  };
  look(text, key, true);
  look(text, encodeURIComponent(key), true);
  look(text, Buffer.from(key).toString('hex'), true);
  for (const prefix of ['', 'B', 'Be', 'Bearer ']) {
    const whole = `${prefix}${key}`;
    const from = Math.ceil((8 * prefix.length) / 6);
    const to = Math.floor((8 * whole.length) / 6);
    look(text, Buffer.from(whole).toString('base64').slice(from, to), false);
    look(text, Buffer.from(whole).toString('base64url').slice(from, to), false);
  }
  // Separators between characters: compare with every non-alphanumeric character taken out of both.
  look(text.replace(/[^A-Za-z0-9]/g, ''), key.replace(/[^A-Za-z0-9]/g, ''), true);
  return [...found];
}
