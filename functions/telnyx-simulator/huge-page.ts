/**
 * One usage page of any number of rows, written as it is read: a server (or a proxy) that ignores page[size] and
 * answers a month of a busy account at once. Generated chunk by chunk with backpressure, so 1.5 million rows
 * (about 100 MB) cost the simulator no memory, and a client that stops reading stops the generation.
 */
import { Readable } from 'node:stream';

/** Rows per chunk pushed: about 64 KB. */
const ROWS_PER_CHUNK = 1000;

/** `{"data":[...],"meta":{...}}` with `rows` rows of `product` (distinct user_id, 0.01 USD each). */
export function hugePageStream(product: string, rows: number): Readable {
  let next = 0;
  let ended = false;
  const productText = JSON.stringify(product);
  return new Readable({
    read() {
      if (ended) return;
      const end = Math.min(rows, next + ROWS_PER_CHUNK);
      let chunk = next === 0 ? '{"data":[' : '';
      for (let index = next; index < end; index++) {
        chunk += `${index === 0 ? '' : ','}{"product":${productText},"currency":"USD","user_id":"user-${index}","cost":0.01}`;
      }
      next = end;
      if (next < rows) {
        this.push(chunk);
        return;
      }
      const meta = { page_number: 1, page_size: rows, total_pages: 1, total_results: rows };
      ended = true;
      this.push(`${chunk}],"meta":${JSON.stringify(meta)}}`);
      this.push(null);
    },
  });
}
