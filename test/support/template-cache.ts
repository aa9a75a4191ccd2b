/**
 * The environment variable naming the jest run's directory of synthesized CDK templates: set by
 * ./jest-global-setup.ts, read by test/cdk/synthesize.ts.
 */
export const TEMPLATE_CACHE_VARIABLE = 'TELNYX_COST_ALERT_TEMPLATE_CACHE';
