/**
 * The rule that keeps the Telnyx API key out of the thresholds: a thresholds path is read recursively, so a path
 * that holds the key's parameter (one level too high, e.g. /telnyx-cost-alert for /telnyx-cost-alert/api-key)
 * would read the key as a threshold and could show it in an alert, a log or a terminal. The function, the CLI and
 * the stack each refuse such a path, naming their own setting (THRESHOLDS_PATH, --thresholds-path, thresholdsPath).
 *
 * Names are compared by path segment, as SSM's hierarchy works: /telnyx-cost-alert holds /telnyx-cost-alert/api-key,
 * /telnyx-cost alerts does not (a string prefix would say it does), and /telnyx-cost-alert/api-key holds itself.
 */

/** The segments of an SSM name or path: `/a/b/` and `a/b` are both ["a", "b"]. */
export function pathSegments(name: string): string[] {
  return name.split('/').filter((segment) => segment !== '');
}

/** True when `path` names `parameter` itself or one of its ancestors: a recursive read of `path` would return it. */
export function pathHolds(path: string, parameter: string): boolean {
  const outer = pathSegments(path);
  const inner = pathSegments(parameter);
  return outer.length > 0 && outer.length <= inner.length && outer.every((segment, index) => segment === inner[index]);
}

/**
 * Why `thresholdsPath` may not be used, or undefined when it may. `setting` is how the reader names it
 * (THRESHOLDS_PATH, --thresholds-path, thresholdsPath). Names the key's parameter, never anything of its value.
 */
export function thresholdsPathProblem(setting: string, thresholdsPath: string, apiKeyParameter: string): string | undefined {
  if (!pathHolds(thresholdsPath, apiKeyParameter)) return undefined;
  const relation = pathSegments(thresholdsPath).length === pathSegments(apiKeyParameter).length ? 'is' : 'contains';
  return (
    `${setting} ${thresholdsPath} ${relation} the API-key parameter ${apiKeyParameter}, so nothing under it is read as a threshold ` +
    `(the key would be read as one). Set ${setting} to a path that holds thresholds only, such as ${thresholdsPathBeside(apiKeyParameter)}.`
  );
}

/** A thresholds path beside the key's parameter: /telnyx-cost-alert/api-key -> /telnyx-cost-alert/thresholds. */
export function thresholdsPathBeside(apiKeyParameter: string): string {
  const parent = pathSegments(apiKeyParameter).slice(0, -1);
  const name = pathSegments(apiKeyParameter).at(-1) === 'thresholds' ? 'cost-thresholds' : 'thresholds';
  return `/${[...parent, name].join('/')}`;
}

/**
 * What is said of a SecureString met under a thresholds path. Thresholds are not secret, and a SecureString there
 * may be a secret put in the wrong place: it is never decrypted, and its value (clear or encrypted) is never shown.
 */
export function secureStringProblem(parameter: string, thresholdsPath: string): string {
  return (
    `${parameter} is a SecureString, and a SecureString is not a threshold: it was not read and is not checked. ` +
    `If it is a threshold, store it again as a String (thresholds are not secret); if it is a secret, keep it outside ${thresholdsPath}.`
  );
}
