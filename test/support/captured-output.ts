/** What Powertools writes (JSON lines on stdout and stderr) while a piece of a test runs. */

export interface Written {
  /** Every line, parsed. */
  readonly records: Array<Record<string, unknown>>;
  /** Everything written, as it was. */
  readonly text: string;
}

/** Runs `act` with stdout and stderr captured (Powertools writes INFO to stdout, WARN and ERROR to stderr). */
export async function linesWritten(act: () => Promise<unknown>): Promise<Written> {
  const chunks: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  };
  const writes = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
  try {
    await act();
  } finally {
    for (const write of writes) write.mockRestore();
  }
  const text = chunks.join('');
  const records = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { records, text };
}
