/**
 * A proxy (or a careless upstream) that answers with the request's Authorization header in its body, written
 * in one of the ways seen: as sent, lower-cased, URL- or form-encoded, base64 or base64url, hex, with a
 * separator between every character, or cut into 7-character pieces. Used through `Fault.echoAuthorization`.
 */

export type EchoForm =
  | 'exact'
  | 'lowercase'
  | 'url-encoded'
  | 'form-encoded'
  | 'base64'
  | 'base64url'
  | 'hex'
  | 'hex-upper'
  /** Every character followed by `separator` (default a space): `B e a r e r   K E Y ...`. */
  | 'separated'
  /** Cut into pieces of 7 characters joined by `separator` (default a space). */
  | 'pieces';

export interface EchoFault {
  readonly form: EchoForm;
  /** What is echoed: the whole header value `Bearer <key>` (default) or the key alone. */
  readonly of?: 'header' | 'key';
  /** For `separated` and `pieces`. */
  readonly separator?: string;
  /** Only the key's first N characters (a proxy that truncates what it echoes). */
  readonly truncateKeyTo?: number;
  /** A Telnyx-style JSON error whose `detail` holds the echo; default an HTML page. */
  readonly json?: boolean;
}

/** The body a header-echoing proxy answers with. */
export function echoBody(authorization: string, fault: EchoFault): string {
  const match = /^(Bearer\s+)(.*)$/i.exec(authorization);
  const scheme = match?.[1] ?? '';
  const key = match?.[2] ?? authorization;
  const shownKey = fault.truncateKeyTo === undefined ? key : key.slice(0, fault.truncateKeyTo);
  const written = encode(fault.of === 'key' ? shownKey : `${scheme}${shownKey}`, fault);
  if (fault.json) {
    return JSON.stringify({ errors: [{ code: '10007', title: 'Bad gateway', detail: `upstream refused the request with authorization=${written}` }] });
  }
  return `<html><body><h1>502 Bad Gateway</h1><pre>authorization: ${written}</pre></body></html>`;
}

function encode(text: string, fault: EchoFault): string {
  const separator = fault.separator ?? ' ';
  switch (fault.form) {
    case 'exact':
      return text;
    case 'lowercase':
      return text.toLowerCase();
    case 'url-encoded':
      return encodeURIComponent(text);
    case 'form-encoded':
      return new URLSearchParams({ h: text }).toString().slice(2);
    case 'base64':
      return Buffer.from(text).toString('base64');
    case 'base64url':
      return Buffer.from(text).toString('base64url');
    case 'hex':
      return Buffer.from(text).toString('hex');
    case 'hex-upper':
      return Buffer.from(text).toString('hex').toUpperCase();
    case 'separated':
      return [...text].join(separator);
    case 'pieces':
      return (text.match(/.{1,7}/gs) ?? []).join(separator);
  }
}
