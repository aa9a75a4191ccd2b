/** Reading the thresholds once, up front: a source that cannot be read is one `error:` line, not a run that checks nothing. */
import type { StoredParameter, ThresholdStore } from '../../functions/cost-alert/ports';
import { CliError, withAwsHint } from './cli-io';
import type { ThresholdSource } from './threshold-source';

/** Every parameter of the source; a source that cannot be read at all (missing, unreadable, empty file, AWS unreachable) is exit code 1. */
export async function loadParameters(source: ThresholdSource): Promise<StoredParameter[]> {
  try {
    return await source.store.load();
  } catch (error) {
    throw new CliError(withAwsHint(error), 1, { cause: error });
  }
}

/** The readable parameters, and a problem line for each the store would not read (a SecureString: never its value). */
export async function loadReadable(source: ThresholdSource): Promise<{ raw: StoredParameter[]; unreadable: string[] }> {
  const loaded = await loadParameters(source);
  return {
    raw: loaded.filter((parameter) => parameter.readError === undefined),
    unreadable: loaded.flatMap((parameter) => (parameter.readError === undefined ? [] : [parameter.readError])),
  };
}

/** `check`: the parameters read up front, refused when there are none (a check of nothing would pass silently). */
export async function loadForCheck(source: ThresholdSource): Promise<ThresholdStore> {
  const parameters = await loadParameters(source);
  if (parameters.length === 0) {
    const example = source.store.describe('messaging');
    throw new CliError(`there are no thresholds in ${source.label}. Add one per product, e.g. ${example} = 50 (a daily limit in USD); nothing was checked`);
  }
  const { store } = source;
  // The check reads them again through the store: hand it what was read, so that SSM is read once.
  return { path: store.path, label: store.label, describe: (product) => store.describe(product), load: () => Promise.resolve(parameters) };
}
