// Placeholder: replaced by the real handler (issue 3).
export async function handler(_event: unknown): Promise<{ ok: boolean }> {
  return { ok: true };
}
