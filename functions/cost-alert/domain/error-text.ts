/** An error's message for a sentence or a log line; a thrown non-Error as its text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
