/**
 * Adapters the Lambda builds once per container: the Telnyx client for the current API key, and the ledger
 * and the publisher, whose modules (with the DynamoDB and SNS clients) load on first use: most runs send no
 * alert, and those two clients are about a fifth of the import time (bench/RESULTS.md, "Import time").
 */
import type { SsmSecret } from './aws/ssm-secret';
import type { AlertLedger, AlertPublisher, UsageSource } from './ports';
import { UsageUnavailableError } from './use-cases/errors';
import { messageOf } from './domain/error-text';

/** The usage client for the current key, rebuilt when the key changed (an operator rotated it and the cache was cold). */
export function usageForKey(secret: SsmSecret, clientFor: (apiKey: string) => UsageSource): () => Promise<UsageSource> {
  let current: { key: string; usage: UsageSource } | undefined;
  return async () => {
    let apiKey: string;
    try {
      apiKey = await secret.value();
    } catch (error) {
      return unavailable(new UsageUnavailableError(messageOf(error), { cause: error }));
    }
    if (current?.key !== apiKey) current = { key: apiKey, usage: clientFor(apiKey) };
    return current.usage;
  };
}

/** A usage source that fails every call with the same error (the run turns it into one error alert) and sends nothing. */
function unavailable(error: Error): UsageSource {
  return {
    costProductOptions: () => Promise.reject(error),
    pages: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }) }),
    balance: () => Promise.reject(error),
    stats: { requests: 0, retries: 0 },
  };
}

export function lazyLedger(table: string): AlertLedger {
  const ledger = onFirstUse(async () => (await import('./aws/dynamo-ledger.js')).ledgerOnTable(table));
  return {
    claim: async (request) => (await ledger()).claim(request),
    confirm: async (claim, now) => (await ledger()).confirm(claim, now),
    release: async (claim) => (await ledger()).release(claim),
    recallAccounts: async (key) => (await ledger()).recallAccounts(key),
    rememberAccounts: async (key, recalled, entries, expiresAt, now) => (await ledger()).rememberAccounts(key, recalled, entries, expiresAt, now),
  };
}

export function lazyPublisher(topicArn: string): AlertPublisher {
  const publisher = onFirstUse(async () => (await import('./aws/sns-publisher.js')).publisherToTopic(topicArn));
  return { publish: async (alert) => (await publisher()).publish(alert) };
}

/** `load` run once, on the first call (again on the next call if it failed). */
function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
