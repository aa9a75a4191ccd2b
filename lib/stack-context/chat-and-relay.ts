/**
 * The context keys that send alerts where people work: chat channels through AWS Chatbot (Slack, Microsoft Teams)
 * and the relay (`destinations=true`). Validated at synth like the other keys: one line naming the key and a value
 * that would work.
 */
import { DEFAULT_DESTINATIONS_PARAMETER } from '../../functions/alert-relay/config';
import { ContextError, type ContextReader, optionalString } from './context-reader';
import { validateKmsKeyArn, validateParameterName } from './parameters';

export const ROUTE_CONTEXT_KEYS = {
  slackWorkspaceId: 'slackWorkspaceId',
  slackChannelId: 'slackChannelId',
  teamsTenantId: 'teamsTenantId',
  teamsTeamId: 'teamsTeamId',
  teamsChannelId: 'teamsChannelId',
  destinations: 'destinations',
  destinationsParameter: 'destinationsParameter',
  destinationsKmsKeyArn: 'destinationsKmsKeyArn',
} as const;

export interface SlackChannel {
  readonly workspaceId: string;
  readonly channelId: string;
}

export interface TeamsChannel {
  readonly tenantId: string;
  readonly teamId: string;
  /** URL-encoded, as Chatbot wants it: 19%3A...%40thread.tacv2. */
  readonly channelId: string;
}

export interface RelaySettings {
  /** The SecureString with the destinations list (created by the operator, never by the stack). */
  readonly destinationsParameter: string;
  /** Its customer-managed KMS key, when it does not use alias/aws/ssm. */
  readonly destinationsKmsKeyArn?: string;
}

export interface AlertRoutes {
  readonly slack?: SlackChannel;
  readonly teams?: TeamsChannel;
  /** Present with destinations=true. */
  readonly relay?: RelaySettings;
}

const SLACK_WORKSPACE = /^[0-9A-Z]{1,255}$/;
const SLACK_CHANNEL = /^[A-Za-z0-9]{1,256}$/;
const UUID = /^[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/;
const TEAMS_CHANNEL = /^([a-zA-Z0-9-_=+/.,])*%3[aA]([a-zA-Z0-9-_=+/.,])*%40([a-zA-Z0-9-_=+/.,])*$/;

export function readAlertRoutes(context: ContextReader): AlertRoutes {
  const slack = readSlack(context);
  const teams = readTeams(context);
  const relay = readRelay(context);
  return { ...(slack ? { slack } : {}), ...(teams ? { teams } : {}), ...(relay ? { relay } : {}) };
}

/** All of `keys` or none: a channel needs every id. */
function together(context: ContextReader, keys: readonly string[]): Array<string | undefined> {
  const values = keys.map((key) => optionalString(context, key));
  const missing = keys.filter((_key, index) => values[index] === undefined);
  if (missing.length > 0 && missing.length < keys.length) {
    const given = keys.filter((key) => !missing.includes(key));
    throw new ContextError(
      missing[0]!,
      `is not set, but ${given.join(' and ')} ${given.length > 1 ? 'are' : 'is'}: a channel needs ${keys.join(', ')} together`,
    );
  }
  return values;
}

function readSlack(context: ContextReader): SlackChannel | undefined {
  const [workspaceId, channelId] = together(context, [ROUTE_CONTEXT_KEYS.slackWorkspaceId, ROUTE_CONTEXT_KEYS.slackChannelId]);
  if (workspaceId === undefined || channelId === undefined) return undefined;
  if (!SLACK_WORKSPACE.test(workspaceId)) {
    throw new ContextError(
      ROUTE_CONTEXT_KEYS.slackWorkspaceId,
      `"${workspaceId}" is not a Slack workspace id like T0123ABCDEF (capital letters and digits; the Chatbot console shows it after you authorize the workspace)`,
    );
  }
  if (!SLACK_CHANNEL.test(channelId)) {
    throw new ContextError(
      ROUTE_CONTEXT_KEYS.slackChannelId,
      `"${channelId}" is not a Slack channel id like C0123ABCDEF (the channel's details show it; not its #name)`,
    );
  }
  return { workspaceId, channelId };
}

function readTeams(context: ContextReader): TeamsChannel | undefined {
  const keys = [ROUTE_CONTEXT_KEYS.teamsTenantId, ROUTE_CONTEXT_KEYS.teamsTeamId, ROUTE_CONTEXT_KEYS.teamsChannelId];
  const [tenantId, teamId, channelText] = together(context, keys);
  if (tenantId === undefined || teamId === undefined || channelText === undefined) return undefined;
  for (const [key, value] of [
    [ROUTE_CONTEXT_KEYS.teamsTenantId, tenantId],
    [ROUTE_CONTEXT_KEYS.teamsTeamId, teamId],
  ] as const) {
    if (!UUID.test(value)) throw new ContextError(key, `"${value}" is not an id like 01234567-89ab-cdef-0123-456789abcdef (the Chatbot console shows it)`);
  }
  // Teams' "Copy link" gives 19:...@thread.tacv2; Chatbot wants it URL-encoded.
  const channelId = channelText.includes(':') || channelText.includes('@') ? encodeURIComponent(channelText) : channelText;
  if (!TEAMS_CHANNEL.test(channelId) || channelId.length > 256) {
    throw new ContextError(
      ROUTE_CONTEXT_KEYS.teamsChannelId,
      `"${channelText}" is not a Teams channel id like 19:0123abcd@thread.tacv2 (or its encoded form 19%3A0123abcd%40thread.tacv2)`,
    );
  }
  return { tenantId, teamId, channelId };
}

function readRelay(context: ContextReader): RelaySettings | undefined {
  const enabled = (optionalString(context, ROUTE_CONTEXT_KEYS.destinations) ?? 'false').toLowerCase();
  if (enabled !== 'true' && enabled !== 'false') throw new ContextError(ROUTE_CONTEXT_KEYS.destinations, `"${enabled}" is not true or false`);
  const parameter = optionalString(context, ROUTE_CONTEXT_KEYS.destinationsParameter);
  const keyArn = optionalString(context, ROUTE_CONTEXT_KEYS.destinationsKmsKeyArn);
  if (enabled === 'false') {
    const stray =
      parameter !== undefined ? ROUTE_CONTEXT_KEYS.destinationsParameter : keyArn !== undefined ? ROUTE_CONTEXT_KEYS.destinationsKmsKeyArn : undefined;
    if (stray !== undefined) throw new ContextError(stray, 'is set but destinations is not true: add -c destinations=true to deploy the relay');
    return undefined;
  }
  const destinationsParameter = parameter ?? DEFAULT_DESTINATIONS_PARAMETER;
  validateParameterName(ROUTE_CONTEXT_KEYS.destinationsParameter, destinationsParameter, DEFAULT_DESTINATIONS_PARAMETER);
  if (!destinationsParameter.startsWith('/') || destinationsParameter.endsWith('/')) {
    throw new ContextError(
      ROUTE_CONTEXT_KEYS.destinationsParameter,
      `"${destinationsParameter}" must start with "/" and name the parameter, like ${DEFAULT_DESTINATIONS_PARAMETER}`,
    );
  }
  return {
    destinationsParameter,
    ...(keyArn === undefined ? {} : { destinationsKmsKeyArn: validateKmsKeyArn(ROUTE_CONTEXT_KEYS.destinationsKmsKeyArn, keyArn) }),
  };
}
