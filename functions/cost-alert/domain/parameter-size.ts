/**
 * How much a threshold parameter holds: an SSM String parameter of the standard tier holds 4 KB (4096 bytes),
 * one of the advanced tier 8 KB (8192 bytes, billed per parameter and month). A managed-accounts override of a
 * UUID account is 56 bytes (`"<uuid>": {"daily": 100}, `) and an exemption 47 (`"<uuid>": false, `): about 70
 * overrides (85 exemptions) fit beside the other fields of a standard parameter, about 140 (170) an advanced one.
 */

export type ParameterTier = 'Standard' | 'Advanced';

export const PARAMETER_BYTES: Readonly<Record<ParameterTier, number>> = { Standard: 4096, Advanced: 8192 };

/** What is wrong with writing `value` to a parameter of `tier`, or undefined when it fits. */
export function parameterSizeProblem(value: string, tier: ParameterTier): string | undefined {
  const bytes = Buffer.byteLength(value, 'utf8');
  const room = PARAMETER_BYTES[tier];
  if (bytes <= room) return undefined;
  const options =
    tier === 'Standard'
      ? "write it to the advanced tier (8192 bytes; thresholds set --advanced), put the overrides of managed accounts on each product's parameter instead of one, or raise the default limits so that fewer accounts need an override"
      : "put the overrides of managed accounts on each product's parameter instead of one, or raise the default limits so that fewer accounts need an override";
  return `the value is ${bytes} bytes, more than the ${room} an SSM String parameter of the ${tier.toLowerCase()} tier holds: ${options} (docs/thresholds.md, "How many overrides fit").`;
}
