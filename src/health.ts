import type { ServerResponse } from 'node:http';
import type { Database } from './db/client.js';
import { processFaults, type FaultCounter } from './faults.js';

/** The app's connection to Slack, as /healthz (and the log) report it. */
export type SlackStatus =
  | { state: 'not configured'; missing: string[] }
  | { state: 'connecting'; attempts: number; lastError?: string; retryInSeconds?: number }
  | { state: 'connected'; socketMode: boolean }
  | { state: 'rejected'; variable: string; slackAnswered: string };

/** The app's connection to Teams: whether the bot's own token could last be fetched. */
export type TeamsStatus =
  | { state: 'connecting'; lastError?: string }
  | { state: 'connected' }
  | { state: 'rejected'; variable: string; loginAnswered: string };

/**
 * What /healthz reports besides the database: Slack's status, faults that reached the last line of
 * defence, and requests refused for a bad signature (a steady stream and no good ones points at a
 * wrong SLACK_SIGNING_SECRET). One object, written by the parts that know and read by /healthz.
 */
export class Health {
  slack: SlackStatus;
  signedRequests = 0;
  badSignatures = 0;
  /** Set when Teams is configured. */
  teams?: TeamsStatus;
  /** Where staff triage (TRIAGE_CHANNEL_ID or TEAMS_TRIAGE_CONVERSATION_ID), set at start-up. */
  triage?: 'slack' | 'teams';
  /** Teams activities whose Bearer token passed the checks, and those refused with 401. */
  teamsRequests = { verified: 0, badToken: 0 };

  constructor(
    slack: SlackStatus,
    readonly faults: FaultCounter = processFaults,
  ) {
    this.slack = slack;
  }

  body(database: { kind: string }, databaseOk: boolean) {
    const degraded = [this.slack.state, this.teams?.state].some((s) => s === 'connecting' || s === 'rejected');
    const suspectTeams = this.teamsRequests.badToken > 0 && this.teamsRequests.verified === 0;
    const suspectSecret = this.badSignatures > 0 && this.signedRequests === 0;
    return {
      status: !databaseOk ? 'database unreachable' : degraded ? 'degraded' : 'ok',
      database: database.kind,
      slack: this.slack,
      ...(this.triage ? { triage: this.triage } : {}),
      faults: this.faults.count,
      ...(this.faults.last ? { lastFault: this.faults.last } : {}),
      requests: {
        signed: this.signedRequests,
        badSignature: this.badSignatures,
        ...(suspectSecret ? { hint: 'no request has passed the signature check yet: if these came from Slack, SLACK_SIGNING_SECRET is wrong' } : {}),
      },
      ...(this.teams
        ? {
            teams: this.teams,
            teamsRequests: {
              ...this.teamsRequests,
              ...(suspectTeams ? { hint: 'no Teams activity has passed the token check yet: if these came from Teams, TEAMS_APP_ID or TEAMS_OPENID_METADATA_URL is wrong' } : {}),
            },
          }
        : {}),
    };
  }

  /** 200 while the database answers (Slack's state is in the body), 503 when it does not. */
  async respond(database: Database, res: ServerResponse): Promise<void> {
    const ok = await database.ping();
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify(this.body(database, ok)));
  }
}
