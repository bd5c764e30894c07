/**
 * Each platform's card names a requester from the other platform as people read it: a Slack vendor on
 * the Teams triage card by the name Slack gives (users.info's real name, kept with the request), and
 * a Teams vendor on the Slack card by the name Teams gives, never their Slack id or Entra id. The
 * Slack card keeps its mention for a Slack requester.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { texts } from '../../src/domain/texts/index.js';
import type { RequestRow } from '../../src/db/schema.js';
import { TRIAGE, VENDOR_TEAM, VENDOR_USER } from '../support/harness.js';
import { FICTITIOUS, freshOrgNumber } from '../support/intake.js';
import { fileAndAwaitTeamsCard, startTeamsTriageHarness, startTeamsVendorHarness, type TeamsTriageHarness } from '../support/teamsTriageHarness.js';
import { allText } from '../support/triage.js';
import { fictitious, fileInTeams, VERA } from './vendorSupport.js';

const nb = texts('nb');

describe('a Slack vendor on the Teams triage card', () => {
  let h: TeamsTriageHarness;
  beforeAll(async () => {
    h = await startTeamsTriageHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  /** The "Submitted by" fact of the request's card in the Teams triage channel. */
  function requesterOnCard(r: Pick<RequestRow, 'number'>): string | undefined {
    const card = (h.card(r)?.activity.attachments as { content: { body: { type: string; facts?: { title: string; value: string }[] }[] } }[])[0]!.content;
    return card.body.find((e) => e.type === 'FactSet')?.facts?.find((f) => f.title === nb.card.requester)?.value;
  }

  it('is named by their Slack name, not their Slack id', async () => {
    h.slack.setUser(VENDOR_USER, { team_id: VENDOR_TEAM, locale: 'nb-NO', is_stranger: true, real_name: 'Vera Slackesen' });
    const r = await fileAndAwaitTeamsCard(h, VENDOR_USER, { ...FICTITIOUS, vendor_org_number: freshOrgNumber() });
    expect(r.requesterName).toBe('Vera Slackesen');
    expect(requesterOnCard(r)).toBe('Vera Slackesen');
    expect(allText(h.card(r)?.activity)).not.toContain(VENDOR_USER);
  });
});

describe('a Teams vendor on the Slack triage card', () => {
  let h: TeamsTriageHarness;
  beforeAll(async () => {
    h = await startTeamsVendorHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('is named by their Teams name, not their Entra id, on the card and in its history', async () => {
    const r = await fileInTeams(h, fictitious());
    expect(r.requesterName).toBe(VERA.name);
    const card = allText(h.slack.message(TRIAGE, r.triageTs!)?.history.at(-1)?.blocks);
    expect(card).toContain(`${VERA.name} (Teams)`);
    expect(card).not.toContain(VERA.aad);
    // Nor the Teams conversation's id as if it were a Slack channel.
    expect(card).not.toContain('<#19:');
  });
});
