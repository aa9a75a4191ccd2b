/**
 * Threshold values are JSON parsed losslessly (a number arrives as its literal text, see threshold-values.ts): how
 * such a value reads back in a message, and a number's text for the amount parser. Shared by the threshold
 * parser and its early-warning fields (signal-config.ts), so both quote an operator's value alike.
 */
import { isLosslessNumber, stringify as stringifyJsonLosslessly } from 'lossless-json';
import { truncate } from './channel-text';

/** Shows a value as the operator wrote it (numbers included), shortened. */
export function shown(value: unknown): string {
  let text: string;
  try {
    text = stringifyJsonLosslessly(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return truncate(text, 60);
}

/** A JSON number as its literal text; anything else as it is. */
export function numberText(value: unknown): unknown {
  return isLosslessNumber(value) ? value.value : value;
}
