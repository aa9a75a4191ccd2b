/**
 * The URL rules of a destination: https, or plain http to this machine only (a local receiver in a test, a proxy on
 * localhost). A webhook URL is a secret in itself (Slack's and Teams' carry their token in the path), so messages
 * name a destination by its host only, never by its URL.
 */
import { accepted, type Parsed, refused } from '../cost-alert/domain/parsed';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** `value` as a URL a destination may post to; the problem never repeats the value. */
export function destinationUrl(value: unknown, field = 'url'): Parsed<URL> {
  if (typeof value !== 'string' || value.trim() === '') return refused(`${field} must be a URL string like https://hooks.example.com/...`);
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return refused(`${field} is not a URL (it must start with https://)`);
  }
  if (url.protocol === 'https:') return accepted(url);
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return accepted(url);
  if (url.protocol === 'http:') {
    return refused(`${field} uses http://, which is refused except for this machine (127.0.0.1, localhost, [::1]): use the https:// address`);
  }
  return refused(`${field} must use https:// (it uses ${url.protocol.replace(/:$/, '')})`);
}

/** What a message may say about where a destination points: its host (and port when not the default). */
export function hostOf(url: URL | string): string {
  try {
    return (typeof url === 'string' ? new URL(url) : url).host;
  } catch {
    return 'an invalid URL';
  }
}
