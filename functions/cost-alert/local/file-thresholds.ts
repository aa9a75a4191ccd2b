/**
 * Thresholds from a JSON file, for local runs: `{ "messaging": 50, "total": { "monthly": 500 } }`.
 * Each key becomes the parameter an operator would create in SSM, so the same parser judges both; each
 * parameter carries its file and key as its location, so that problems name those and never an SSM path.
 */
import { readFile } from 'node:fs/promises';
import { isLosslessNumber, parse as parseJsonLosslessly, stringify as stringifyJsonLosslessly } from 'lossless-json';
import { withoutBom } from '../domain/threshold-edit';
import type { RawParameter } from '../domain/types';
import type { ThresholdStore } from '../ports';

export class ThresholdFileError extends Error {
  override readonly name = 'ThresholdFileError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

const EXAMPLE = '{ "total": { "daily": 20, "monthly": 500 }, "messaging": 50 }';

export class FileThresholdStore implements ThresholdStore {
  constructor(
    private readonly filePath: string,
    readonly path = '/telnyx-cost-alert/thresholds',
  ) {}

  /** Read on every call, so edits to the file count on the next check as they would in SSM. */
  async load(): Promise<RawParameter[]> {
    // Some editors start a UTF-8 file with a byte order mark; SSM values arrive without one.
    const content = withoutBom(await this.readContent());
    if (content.trim() === '') throw new ThresholdFileError(`threshold file ${this.filePath} is empty: add one threshold per product, e.g. ${EXAMPLE}`);
    let parsed: unknown;
    try {
      // Numbers stay as written: JSON.parse would make 1e400 Infinity (then `null`) and round long decimals.
      parsed = parseJsonLosslessly(content);
    } catch (error) {
      throw new ThresholdFileError(`${this.filePath} is not valid JSON (${error instanceof Error ? error.message : String(error)}); expected e.g. ${EXAMPLE}`, {
        cause: error,
      });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || isLosslessNumber(parsed)) {
      throw new ThresholdFileError(`${this.filePath} must hold a JSON object of product -> threshold, e.g. ${EXAMPLE}`);
    }
    return Object.entries(parsed).map(([product, value]) => ({
      name: `${this.path}/${product}`,
      value: asTyped(value),
      location: this.describe(product),
    }));
  }

  describe(product: string): string {
    return `${this.filePath} key "${product}"`;
  }

  get label(): string {
    return `file ${this.filePath}`;
  }

  private async readContent(): Promise<string> {
    try {
      return await readFile(this.filePath, 'utf8');
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
      throw new ThresholdFileError(
        missing
          ? `threshold file ${this.filePath} does not exist: create it, e.g. ${EXAMPLE}`
          : `could not read threshold file ${this.filePath}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
}

/**
 * The value as an operator would type it into SSM: a string as is, anything else as JSON text.
 * Values of the wrong type (true, null, lists) pass through as text too, so that the threshold parser
 * reports them against their key instead of the whole file failing.
 */
function asTyped(value: unknown): string {
  return typeof value === 'string' ? value : (stringifyJsonLosslessly(value) ?? String(value));
}
