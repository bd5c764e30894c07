/**
 * Submissions at saturation: invalid ones (errors returned) and valid ones, against bare Bolt's
 * ack-only view submission; and bare Bolt's ack-only block action, the baseline for staff clicks
 * (measured now: later the app's outbox backlog would compete with it). Valid submissions go last:
 * the backlog they leave would slow whatever ran next, so no bare run follows them. A valid
 * submission counts when the modal turns into its receipt (not a refusal or a "busy" notice).
 */
import type { Child } from '../children.js';
import type { Bench } from '../context.js';
import { combineMeasured, count, isAccepted, isErrors, measure, okStatus, type Measured } from '../measure.js';
import { awaitQuiet } from '../meter.js';
import { BAD_ORG_NUMBER, claimClick, orgNumberSource, submission, viewIdSource, type Built } from '../payloads.js';
import { ackRow, type Scenario } from '../report.js';

export const INVALID_FLOOR = 0.8;

export interface SubmissionResults {
  rows: Scenario[];
  /** Bare Bolt's ack-only view submission. */
  bSubmit: Measured;
  /** Bare Bolt's ack-only block action. */
  bClaim: Measured;
  aValid: Measured;
  /** Sources of fresh valid submissions for the app (the memory scenario goes on with them). */
  valid: () => Built;
}

export async function submissions(b: Bench, app: Child, bare: Child): Promise<SubmissionResults> {
  const run = (label: string, who: Child, build: () => Built, check: (s: number, body: string) => boolean) => measure(label, who, build, check, b.slack, b.P);
  const bareViewIds = viewIdSource('B');
  const bareOrgs = orgNumberSource(90_000_000);
  const viewIds = viewIdSource('P');
  const orgs = orgNumberSource(81_000_000);
  const bareSubmission = () => submission(bareViewIds(), bareOrgs());
  const invalid = () => submission(viewIds(), BAD_ORG_NUMBER);
  const valid = () => submission(viewIds(), orgs());
  await awaitQuiet([app, bare]);
  const bSubmitRuns = [await run('bare Bolt: view submission → ack (1/3)', bare, bareSubmission, okStatus)];
  const aInvalid1 = await run('app: invalid submission (1/2)', app, invalid, isErrors);
  const aInvalid2 = await run('app: invalid submission (2/2)', app, invalid, isErrors);
  bSubmitRuns.push(await run('bare Bolt: view submission → ack (2/3)', bare, bareSubmission, okStatus));
  const claimBaseline = () => claimClick({ id: '00000000-0000-4000-8000-000000000000', triageTs: '1700000000.000100' });
  const bClaim = combineMeasured([
    await run('bare Bolt: block action → ack (1/2)', bare, claimBaseline, okStatus),
    await run('bare Bolt: block action → ack (2/2)', bare, claimBaseline, okStatus),
  ]);
  await awaitQuiet([app, bare]);
  bSubmitRuns.push(await run('bare Bolt: view submission → ack (3/3)', bare, bareSubmission, okStatus));
  const aValid = combineMeasured([
    await run('app: valid submission (PostgreSQL) (1/2)', app, valid, isAccepted),
    await run('app: valid submission (PostgreSQL) (2/2)', app, valid, isAccepted),
  ]);
  const bSubmit = combineMeasured(bSubmitRuns);
  const invalidRow = ackRow('invalid submission (errors returned)', combineMeasured([aInvalid1, aInvalid2]), bSubmit, INVALID_FLOOR, undefined, 'postgres');
  const validRow = ackRow('valid submission (PostgreSQL), acknowledgements only', aValid, bSubmit, 0.5, 100, 'postgres');
  validRow.outbox_pending_after = await count(b.db.sql, 'pending');
  return { rows: [invalidRow, validRow], bSubmit, bClaim, aValid, valid };
}
