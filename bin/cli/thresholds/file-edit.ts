/** Edits of a local thresholds file (`--thresholds-file`): one key set or removed, the other keys and their order kept. */
import { readFile, writeFile } from 'node:fs/promises';
import { isLosslessNumber, parse as parseJsonLosslessly, stringify as stringifyJsonLosslessly } from 'lossless-json';
import { withoutBom } from '../../../functions/cost-alert/domain/threshold-edit';
import { CliError, type CliIo } from '../cli-io';
import { messageOf } from '../../../functions/cost-alert/domain/error-text';

/** Sets one key of the local JSON file, keeping the others (and their order). A missing file is created. */
export async function writeFileThreshold(file: string, product: string, text: string, io: CliIo): Promise<void> {
  const existing = await readThresholdsObject(file);
  if (existing === undefined) io.stderr(`${file} does not exist yet: creating it.\n`);
  const content = existing ?? {};
  content[product] = asFileValue(text);
  await writeThresholdsObject(file, content);
}

/** The file's object of product -> value, numbers as written; undefined when the file does not exist. */
export async function readThresholdsObject(file: string): Promise<Record<string, unknown> | undefined> {
  let existing: string;
  try {
    existing = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`could not read ${file}: ${messageOf(error)}`, 1, { cause: error });
  }
  let parsed: unknown;
  try {
    // Numbers as written: JSON.parse would round the other keys' long decimals when the file is written back.
    parsed = parseJsonLosslessly(withoutBom(existing));
  } catch (error) {
    throw new CliError(`${file} is not valid JSON (${messageOf(error)}): fix it by hand, then set the value again; nothing was written`, 1, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || isLosslessNumber(parsed)) {
    throw new CliError(`${file} must hold a JSON object of product -> threshold; nothing was written`);
  }
  return parsed as Record<string, unknown>;
}

export async function writeThresholdsObject(file: string, content: Readonly<Record<string, unknown>>): Promise<void> {
  try {
    await writeFile(file, formatThresholdsFile(content), 'utf8');
  } catch (error) {
    throw new CliError(`could not write ${file}: ${messageOf(error)}`, 1, { cause: error });
  }
}

/** Removes one key of the local JSON file, keeping the others; false when the key (or the file) was not there. */
export async function removeFileThreshold(file: string, product: string): Promise<boolean> {
  const content = await readThresholdsObject(file);
  if (content === undefined || !Object.hasOwn(content, product)) return false;
  delete content[product];
  await writeThresholdsObject(file, content);
  return true;
}

/** One product per line, as the sample file is written: easy to read and to diff. */
function formatThresholdsFile(content: Readonly<Record<string, unknown>>): string {
  const lines = Object.entries(content).map(([key, value]) => `  ${JSON.stringify(key)}: ${stringifyJsonLosslessly(value)}`);
  return lines.length === 0 ? '{}\n' : `{\n${lines.join(',\n')}\n}\n`;
}

/**
 * The value as the file holds it: an object for JSON, a number for a plain amount that reads back the same,
 * text otherwise ("50.10" stays text, so that no digit is lost or reformatted).
 */
function asFileValue(text: string): unknown {
  if (text.startsWith('{')) return parseJsonLosslessly(text);
  const amount = Number(text);
  return /^\d+(\.\d+)?$/.test(text) && String(amount) === text ? amount : text;
}
