/**
 * Reads a response body with a cap. A page of 5000 usage rows is about half a megabyte; a server (or a proxy)
 * that ignores page[size] could send hundreds of megabytes, and `response.text()` would hold all of it, then its
 * parse, in a Lambda of a few hundred MB. The body is read chunk by chunk instead and the connection is closed as
 * soon as it passes the cap, so no more than the cap is ever held.
 */

/** Default cap of one answer: 16 MB, over 30 times a full 5000-row page, far below a Lambda's memory. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

export type BodyRead =
  | { readonly complete: true; readonly text: string }
  /** Over the cap: `bytes` is what was announced (content-length) or received before the read stopped. */
  | { readonly complete: false; readonly bytes: number };

/**
 * The body as text (UTF-8, a BOM dropped as `response.text()` does), or how far it got past `maxBytes`. Each chunk is
 * decoded as it arrives (a streaming decoder: a character split between chunks comes out whole) and the pieces are
 * joined, so a page is never held as one buffer beside its text: a 500 KB buffer costs a fresh mapping of memory
 * for every page, and its copy into text another.
 */
export async function readBody(response: Response, maxBytes: number): Promise<BodyRead> {
  const announced = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(announced) && announced > maxBytes) {
    await response.body?.cancel();
    return { complete: false, bytes: announced };
  }
  const reader = response.body?.getReader();
  if (!reader) return { complete: true, text: '' };
  const decoder = new TextDecoder('utf-8');
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      // Closes the connection: the rest is never downloaded.
      await reader.cancel();
      return { complete: false, bytes };
    }
    text += decoder.decode(value, { stream: true });
  }
  return { complete: true, text: text + decoder.decode() };
}

/** A size in words: 16 MB, 812 bytes. */
export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${bytes} bytes`;
}
