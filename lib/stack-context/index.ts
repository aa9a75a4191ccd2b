/**
 * CDK context -> validated deployment settings, read once at synth time, one file per concern: the readers and
 * defaults (context-reader.ts), contacts, schedule and time zone, parameters and keys, digest and dashboard, stack
 * names, the GitHub deploy stack, and the chat channels and relay.
 */
export { type AlertRoutes, readAlertRoutes, type RelaySettings, ROUTE_CONTEXT_KEYS, type SlackChannel, type TeamsChannel } from './chat-and-relay';
export { type AlertSeverity, SEVERITIES } from './contacts';
export { CONTEXT_DEFAULTS, CONTEXT_KEYS, ContextError, type ContextReader, optionalString } from './context-reader';
export { type CostAlertConfig, readCostAlertConfig } from './cost-alert-config';
export { type GitHubDeployConfig, readGitHubDeployConfig } from './github';
export { validateParameterName } from './parameters';
export { inferIntervalMinutes } from './schedule';
