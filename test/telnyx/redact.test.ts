import { keyRedactor, MIN_REDACTED_RUN, withholdSecretShaped } from '../../functions/cost-alert/telnyx/redact';

// 34 characters, with characters that URL-encoding changes.
const KEY = 'KEY01Ab/cD+eF=gH_iJ-kLmN0pQrSt~vWx';

describe('key redaction (keyRedactor)', () => {
  const redact = keyRedactor(KEY);

  it('masks the key as sent, lower-cased and upper-cased', () => {
    expect(redact(`Bearer ${KEY} end`)).toBe('Bearer *** end');
    expect(redact(`bearer ${KEY.toLowerCase()} end`)).toBe('bearer *** end');
    expect(redact(`BEARER ${KEY.toUpperCase()} END`)).toBe('BEARER *** END');
  });

  it('masks its encodeURIComponent and form-encoded forms, whatever the case of the percent escapes', () => {
    const encoded = encodeURIComponent(KEY);
    const formEncoded = new URLSearchParams({ k: KEY }).toString().slice(2);
    expect(encoded).toContain('%2F');
    expect(formEncoded).not.toBe(encoded);

    expect(redact(`authorization=Bearer%20${encoded}&x=1`)).toBe('authorization=Bearer%20***&x=1');
    expect(redact(`authorization=Bearer+${formEncoded}&x=1`)).toBe('authorization=Bearer+***&x=1');
    expect(redact(`a=${encoded.toLowerCase()}`)).toBe('a=***');
  });

  it('masks any run of 7 or more characters of the key: a truncated echo (23 of 34), its end, a middle', () => {
    expect(KEY).toHaveLength(34);
    expect(redact(`Bearer ${KEY.slice(0, 23)}...`)).toBe('Bearer ***...');
    expect(redact(`...${KEY.slice(20)}"`)).toBe('...***"');
    expect(redact(`[${KEY.slice(9, 9 + MIN_REDACTED_RUN)}]`)).toBe('[***]');
  });

  it('leaves a run of 6 characters and text without the key as it was', () => {
    const text = `Telnyx failed to answer for messaging usage (HTTP 503): ${KEY.slice(3, 9)}`;
    expect(redact(text)).toBe(text);
    expect(redact('')).toBe('');
  });

  it('masks two separate echoes apart and keeps the text between them', () => {
    expect(redact(`${KEY} and ${KEY.slice(0, 12).toLowerCase()}`)).toBe('*** and ***');
  });

  it('masks a key shorter than 7 characters only where it stands whole, never inside a word', () => {
    const short = keyRedactor('x');
    expect(short('Authorization: Bearer x')).toBe('Authorization: Bearer ***');
    expect(short('Bearer X.')).toBe('Bearer ***.');
    expect(short('Telnyx refused fax-api usage (HTTP 403)')).toBe('Telnyx refused fax-api usage (HTTP 403)');
  });

  it('masks the key cut into 7-character pieces', () => {
    const pieces = KEY.match(/.{1,7}/g) ?? [];
    expect(redact(`Bearer ${pieces.join(' ')}`)).not.toContain(KEY.slice(7, 14));
    for (const piece of pieces.slice(0, -1)) expect(redact(`[${piece}]`)).toBe('[***]');
  });

  it.each([0, 1, 2, 7, 8, 22])('masks base64 and base64url of the key and of "Bearer <key>" behind %i other characters', (before) => {
    const text = `${'x'.repeat(before)}Bearer ${KEY}`;
    for (const encoding of ['base64', 'base64url'] as const) {
      const encoded = Buffer.from(text).toString(encoding);
      const masked = redact(`upstream said ${encoded} and gave up`);
      expect(masked).toMatch(/^upstream said .*\*\*\*.* and gave up$/);
      // The characters that encode the key's bits alone (the edges also carry the bytes around it)
      const keyAt = text.length - KEY.length;
      const keyPart = encoded.slice(Math.ceil((8 * keyAt) / 6), Math.floor((8 * text.length) / 6));
      expect(keyPart.length).toBeGreaterThan(40);
      expect(longestRunOf(masked, keyPart)).toBeLessThan(MIN_REDACTED_RUN);
    }
  });

  it('masks hex of the key and of "Bearer <key>" in either case', () => {
    for (const text of [KEY, `Bearer ${KEY}`]) {
      const hex = Buffer.from(text).toString('hex');
      expect(redact(`h=${hex}`)).not.toContain(hex.slice(-20));
      expect(redact(`h=${hex.toUpperCase()}`)).not.toContain(hex.toUpperCase().slice(-20));
    }
    expect(redact(`h=${Buffer.from(KEY).toString('hex')};`)).toBe('h=***;');
  });

  it.each([' ', '-', '.', ', ', ' | '])('masks the key with %j between every character', (separator) => {
    const spread = [...KEY].join(separator);
    expect(redact(`authorization: Bearer ${spread} (end)`)).toBe('authorization: Bearer *** (end)');
  });

  it('leaves ordinary text with separators alone', () => {
    const text = 'retry in 1, 2, 3, 4, 5, 6, 7 s; v1.2.3.4.5.6.7; a - b - c - d - e - f - g';
    expect(redact(text)).toBe(text);
  });
});

describe('secret-shaped tokens in quoted text (withholdSecretShaped)', () => {
  it('drops a run of 20+ base64, base64url or hex characters with a digit or both cases', () => {
    expect(withholdSecretShaped('token 0123456789abcdef0123 is bad')).toBe('token [withheld] is bad');
    expect(withholdSecretShaped('see dGhpcyBpcyBhIHNlY3JldCB0b2tlbg== here')).toBe('see [withheld] here');
    expect(withholdSecretShaped('id f5586561-8ff0-4291-a0ac-84fe544797bd')).toBe('id [withheld]');
  });

  it('keeps plain words, product names and short tokens', () => {
    const text = 'Unknown product customer-service-record; authorization=Bearer; short 0123456789abcdef012';
    expect(withholdSecretShaped(text)).toBe(text);
  });
});

/** The longest run of characters of `form` (as a substring) left in `text`. */
function longestRunOf(text: string, form: string): number {
  let longest = 0;
  for (let start = 0; start < form.length; start++) {
    for (let end = start + longest + 1; end <= form.length && text.includes(form.slice(start, end)); end++) longest = end - start;
  }
  return longest;
}
