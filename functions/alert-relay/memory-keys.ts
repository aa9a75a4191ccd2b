/** The keys of the relay's delivery memory in the ledger table. The stack limits the relay's role to this prefix. */

/** Every key the relay writes starts with this: its items never collide with the check's ledger entries. */
export const MEMORY_KEY_PREFIX = 'relay|';

export function memoryKey(messageId: string, deliveryId: string): string {
  return `${MEMORY_KEY_PREFIX}${messageId}|${deliveryId}`;
}
