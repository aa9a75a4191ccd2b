import { keyRedactor, MIN_REDACTED_RUN } from '../../functions/cost-alert/telnyx/redact';

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

  it('masks any run of 8 or more characters of the key: a truncated echo (23 of 34), its end, a middle', () => {
    expect(KEY).toHaveLength(34);
    expect(redact(`Bearer ${KEY.slice(0, 23)}...`)).toBe('Bearer ***...');
    expect(redact(`...${KEY.slice(20)}"`)).toBe('...***"');
    expect(redact(`[${KEY.slice(9, 9 + MIN_REDACTED_RUN)}]`)).toBe('[***]');
  });

  it('leaves a run of 7 characters and text without the key as it was', () => {
    const text = `Telnyx failed to answer for messaging usage (HTTP 503): ${KEY.slice(3, 10)}`;
    expect(redact(text)).toBe(text);
    expect(redact('')).toBe('');
  });

  it('masks two separate echoes apart and keeps the text between them', () => {
    expect(redact(`${KEY} and ${KEY.slice(0, 12).toLowerCase()}`)).toBe('*** and ***');
  });

  it('masks a key shorter than 8 characters only where it stands whole, never inside a word', () => {
    const short = keyRedactor('x');
    expect(short('Authorization: Bearer x')).toBe('Authorization: Bearer ***');
    expect(short('Bearer X.')).toBe('Bearer ***.');
    expect(short('Telnyx refused fax-api usage (HTTP 403)')).toBe('Telnyx refused fax-api usage (HTTP 403)');
  });
});
