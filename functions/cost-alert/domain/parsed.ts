/**
 * The one shape of a parse result in the domain: the value, or the problem with it. Never a bare string that
 * means "error" in one parser and "value" in another. `problem` is the sentence an operator reads (what is wrong,
 * what a valid value looks like), or a code where the caller words it (`parsePositiveAmount`).
 */
export type Parsed<T, Problem = string> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: Problem };

export function accepted<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

export function refused<Problem = string>(problem: Problem): { readonly ok: false; readonly problem: Problem } {
  return { ok: false, problem };
}
