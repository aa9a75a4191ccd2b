/** The vocabulary shared by the domain, the check and the adapters. Pure types, no I/O. */
import type { Money } from './money';

export type PeriodKind = 'daily' | 'monthly';
export type Severity = 'info' | 'warning' | 'critical' | 'error';
/**
 * What kind of alert it is, sent as the `signal` message attribute so subscriptions can route by it:
 * a limit reached, a forecast to reach one, a spike against the usual hourly spend, a problem of the check
 * itself, a test message from the CLI, or the daily digest; `balance` when the account's credit runs low (domain/balance.ts).
 */
export type Signal = 'limit' | 'forecast' | 'spike' | 'balance' | 'error' | 'test' | 'digest';
/** The `period` attribute: the limit's period, or `hourly` for a spike. */
export type AlertPeriod = PeriodKind | 'hourly';

/** `${THRESHOLDS_PATH}/total` holds the limit for the sum over every product with a cost metric. */
export const TOTAL = 'total';
/** `${THRESHOLDS_PATH}/balance` holds the levels of the account's available credit (domain/balance.ts); never a usage product. */
export const BALANCE = 'balance';
/** The `product` attribute of an error alert that concerns no single product. */
export const ALL = 'all';

/** A parameter as read from the store: its full name and its raw text. */
export interface RawParameter {
  readonly name: string;
  readonly value: string;
  /** Where the operator edits it, when that is not `name`: `my-thresholds.json key "messaging"` for a file. */
  readonly location?: string;
}

/** A validated threshold, one per parameter. Amounts are nano-units of `currency`. */
export interface Threshold {
  /** Product name as Telnyx spells it, or `total`. */
  readonly product: string;
  /** Full parameter name, so that messages say where to change it. */
  readonly parameterName: string;
  readonly daily?: bigint;
  readonly monthly?: bigint;
  /** Warning fractions in (0,1), ascending, in parts per million (0.8 -> 800000). */
  readonly warnAtPpm: readonly number[];
  /** ISO 4217, upper case; default USD. */
  readonly currency: string;
  /** Spend counts only rows whose dimension values all match. */
  readonly filter: Readonly<Record<string, string>>;
  readonly enabled: boolean;
  /** Warn when the spend projected to the end of a period reaches its limit (domain/forecast.ts). Default off. */
  readonly forecast?: boolean;
  /** Alert when the last hour's spend is far above the usual hourly spend (domain/spike.ts). Default off. */
  readonly spike?: SpikeSettings;
  /** A limit for every managed account of the key (domain/account-limits.ts); the fields above are the key's own account's. */
  readonly managedAccounts?: ManagedAccountLimits;
  /** The levels of the `balance` threshold (only there). */
  readonly balance?: BalanceSettings;
}

/** A managed account's limits: the defaults of a `managedAccounts` field, or one account's override. Nano-units of the threshold's currency. */
export interface AccountLimits {
  readonly daily?: bigint;
  readonly monthly?: bigint;
  /** Warning fractions in ppm, ascending. */
  readonly warnAtPpm: readonly number[];
}

/** `managedAccounts`: the default limits of every managed account, and the accounts that differ. */
export interface ManagedAccountLimits extends AccountLimits {
  /** user_id -> the account's own limits (replacing the defaults' `daily` and `monthly`), or false: exempt. */
  readonly overrides: ReadonlyMap<string, AccountLimits | false>;
}

/** When the available credit is too low: below `minimum` (critical), below `warnBelow`, or lasting fewer than `runwayHours` at the recent pace. */
export interface BalanceSettings {
  /** Nano-units of the threshold's currency. */
  readonly minimum?: bigint;
  readonly warnBelow?: bigint;
  /** Whole hours, 1 to 720. */
  readonly runwayHours?: number;
}

/** When an hour counts as a spike: spend >= factor x the usual hourly spend, and >= minimumPerHour. */
export interface SpikeSettings {
  /** The factor in nano-units (5 -> 5_000_000_000n), so that the comparison stays exact. */
  readonly factorNanos: bigint;
  /** Nano-units of the threshold's currency. */
  readonly minimumPerHour: bigint;
}

/** A parameter that could not be turned into a threshold. */
export interface ThresholdProblem {
  readonly parameterName: string;
  /** Where the operator fixes it: the SSM parameter name, or the file and key (`my.json key "messaging"`). */
  readonly location: string;
  /** The product the parameter is for (the last path segment), or `all` when unknowable. */
  readonly product: string;
  /** What is wrong and what a valid value looks like. */
  readonly message: string;
}

/** A calendar period in the configured time zone. */
export interface Period {
  readonly kind: PeriodKind;
  /** '2026-11-26' (daily) or '2026-11' (monthly), in the period's time zone. */
  readonly key: string;
  readonly timeZone: string;
  /** First instant of the period (inclusive). */
  readonly start: Date;
  /** First instant after the period (exclusive). */
  readonly end: Date;
}

/** A level of a threshold: a warning fraction or the limit itself (critical). */
export interface Level {
  readonly severity: 'warning' | 'critical';
  /** Parts per million of the limit: 800000 for warnAt 0.8, 1000000 for the limit. Higher ranks win. */
  readonly rankPpm: number;
  /** Spend (nano-units) at which the level is reached. */
  readonly at: bigint;
}

/** The highest level a threshold's spend reached in a period. */
export interface Breach {
  readonly threshold: Threshold;
  readonly period: Period;
  readonly spend: Money;
  readonly limit: Money;
  readonly level: Level;
}

/** What a subscriber receives, rendered for each protocol. */
export interface RenderedMessage {
  /** Printable ASCII, under 100 characters. */
  readonly subject: string;
  readonly default: string;
  readonly email: string;
  /** At most 160 GSM-7 characters. */
  readonly sms: string;
  /** For machine subscribers (sqs, lambda, https). */
  readonly payload: Readonly<Record<string, unknown>>;
}

/** An alert ready to claim and publish. */
export interface Alert {
  /** Ledger key of the alert series: same key, same period -> sent once (the highest rank wins). */
  readonly key: string;
  /** Rank within the series: a claim succeeds only above the rank already sent. */
  readonly rank: number;
  readonly severity: Severity;
  readonly signal: Signal;
  /** Product, `total`, or `all`. */
  readonly product: string;
  readonly period?: AlertPeriod;
  /** The managed account (its user_id) a per-account alert is about; `*` for the summary of a storm. */
  readonly account?: string;
  /** When the ledger may forget the alert (DynamoDB TTL). */
  readonly expiresAt: Date;
  readonly message: RenderedMessage;
}
