/**
 * The ways an API key has been seen echoed back in text (an error body, a proxy's page): as sent, in any ASCII
 * case, URL- or form-encoded, base64 or base64url (of the key alone or of the whole `Bearer <key>` header),
 * hex in either case. ./redact.ts masks any run of 7 or more characters of any of these forms.
 */

/**
 * Every form of `key` worth looking for, ASCII lower-cased (the redactor compares lower-cased text).
 *
 * Base64 of a longer text (`Bearer <key>`, `authorization: Bearer <key>`) holds the key at one of three bit
 * alignments, depending on how many bytes precede it modulo 3. For each alignment the form is the base64 of the
 * key behind 0, 1 or 2 filler bytes, without its edges: the first characters mix the filler's bits with the
 * key's, the last ones the key's bits with whatever follows (or padding). What remains depends only on the key,
 * so it appears in the base64 of any text that contains the key at that alignment.
 */
export function keyForms(key: string): string[] {
  const bytes = Buffer.from(key, 'utf8');
  const forms = [key, encodeURIComponent(key), formEncode(key), bytes.toString('hex')];
  for (let offset = 0; offset < 3; offset++) {
    const base64 = stableBase64(bytes, offset);
    forms.push(base64, base64.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...new Set(forms.map(asciiLower))].filter((form) => form.length > 0);
}

/** The characters of base64(`offset` filler bytes + `bytes`) that depend on `bytes` alone. */
function stableBase64(bytes: Buffer, offset: number): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
  // Character i carries bits 6i..6i+5: stable when they all fall inside the key's bytes.
  const first = Math.ceil((8 * offset) / 6);
  const end = Math.floor((8 * (offset + bytes.length)) / 6);
  return encoded.slice(first, end);
}

/** application/x-www-form-urlencoded, as URLSearchParams writes it. */
function formEncode(value: string): string {
  return new URLSearchParams({ k: value }).toString().slice(2);
}

/** Lower-cases A-Z only, so that indexes in the result are indexes in the input. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}
