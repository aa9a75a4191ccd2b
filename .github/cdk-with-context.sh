#!/usr/bin/env bash
# Runs `npx cdk <args>` with CDK context taken from the repository variables and secrets (the contacts), which the workflow passes in
# as environment variables. Only the variables that are set become -c flags: an unset one leaves the context
# in cdk.json in force (an empty -c value would override it).
set -euo pipefail
context=()
add() { if [ -n "${2:-}" ]; then context+=(-c "$1=$2"); fi; }
add stackName "${STACK_NAME:-}"
add thresholdsPath "${THRESHOLDS_PATH:-}"
add apiKeyParameter "${API_KEY_PARAMETER:-}"
add apiKeyKmsKeyArn "${API_KEY_KMS_KEY_ARN:-}"
add schedule "${CHECK_SCHEDULE:-}"
add timeZone "${CHECK_TIME_ZONE:-}"
add heartbeatMinutes "${HEARTBEAT_MINUTES:-}"
add alertEmails "${ALERT_EMAILS:-}"
add alertSmsNumbers "${ALERT_SMS_NUMBERS:-}"
add smsSeverities "${SMS_SEVERITIES:-}"
add smsAlarms "${SMS_ALARMS:-}"
add digest "${DIGEST:-}"
add digestTime "${DIGEST_TIME:-}"
add dashboard "${DASHBOARD:-}"
add dashboardName "${DASHBOARD_NAME:-}"
add lateUsageHours "${LATE_USAGE_HOURS:-}"
add permissionsBoundary "${PERMISSIONS_BOUNDARY:-}"
add slackWorkspaceId "${SLACK_WORKSPACE_ID:-}"
add slackChannelId "${SLACK_CHANNEL_ID:-}"
add teamsTenantId "${TEAMS_TENANT_ID:-}"
add teamsTeamId "${TEAMS_TEAM_ID:-}"
add teamsChannelId "${TEAMS_CHANNEL_ID:-}"
add destinations "${DESTINATIONS:-}"
add destinationsParameter "${DESTINATIONS_PARAMETER:-}"
add destinationsKmsKeyArn "${DESTINATIONS_KMS_KEY_ARN:-}"
exec npx cdk "$@" "${context[@]}"
