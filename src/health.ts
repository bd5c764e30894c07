import type { ServerResponse } from 'node:http';
import type { Database } from './db/client.js';
import { processFaults, type FaultCounter } from './faults.js';

/** The app's connection to Slack, as /healthz (and the log) report it. */
export type SlackStatus =
  | { state: 'not configured'; missing: string[] }
  | { state: 'connecting'; attempts: number; lastError?: string; retryInSeconds?: number }
  | { state: 'connected'; socketMode: boolean }
  | { state: 'rejected'; variable: string; slackAnswered: string };

/**
 * What /healthz reports besides the database: Slack's status, faults that reached the last line of
 * defence, and requests refused for a bad signature (a steady stream and no good ones points at a
 * wrong SLACK_SIGNING_SECRET). One object, written by the parts that know and read by /healthz.
 */
export class Health {
  slack: SlackStatus;
  signedRequests = 0;
  badSignatures = 0;

  constructor(
    slack: SlackStatus,
    readonly faults: FaultCounter = processFaults,
  ) {
    this.slack = slack;
  }

  body(database: { kind: string }, databaseOk: boolean) {
    const degraded = this.slack.state === 'connecting' || this.slack.state === 'rejected';
    const suspectSecret = this.badSignatures > 0 && this.signedRequests === 0;
    return {
      status: !databaseOk ? 'database unreachable' : degraded ? 'degraded' : 'ok',
      database: database.kind,
      slack: this.slack,
      faults: this.faults.count,
      ...(this.faults.last ? { lastFault: this.faults.last } : {}),
      requests: {
        signed: this.signedRequests,
        badSignature: this.badSignatures,
        ...(suspectSecret ? { hint: 'no request has passed the signature check yet: if these came from Slack, SLACK_SIGNING_SECRET is wrong' } : {}),
      },
    };
  }

  /** 200 while the database answers (Slack's state is in the body), 503 when it does not. */
  async respond(database: Database, res: ServerResponse): Promise<void> {
    const ok = await database.ping();
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify(this.body(database, ok)));
  }
}
