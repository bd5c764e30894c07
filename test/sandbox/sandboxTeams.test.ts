/**
 * The sandbox's Teams view in a real browser, in the mixed set-up (SANDBOX_TRIAGE=teams: vendors on
 * Slack, staff in Teams): a vendor files in the Slack view; in the Teams view staff see the card drawn
 * by Microsoft's renderer in the channel Triage and work it to the confirmation email, through signed
 * activities the app verifies as in production. Then the all-Teams journey: Vera, of the vendor's own
 * tenant, files in the channel shared with Acme, and Kari works the card in Triage while Vera follows
 * it in the receipt's reply chain. Screenshots go to .data/artifacts/.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskFnr } from '../../src/domain/fnr.js';
import { texts } from '../../src/domain/texts/index.js';
import { TEAMS_TRIAGE, TEAMS_VENDOR_CHANNEL, personalChatOf } from '../../src/sandbox/teamsCast.js';
import { startSandboxPage, type SandboxPage } from '../support/sandboxPage.js';
import { teamsPage } from '../support/teamsPage.js';
import { generate } from '../support/fnr.js';
import { ORG } from '../support/intake.js';

const ARTIFACTS = path.resolve('.data/artifacts');
/** In the sandbox's own register (src/sandbox/register.ts). */
const ACME = '921638450';
const FNR = generate('018190');

let sandbox: SandboxPage['sandbox'];
let page: Page;
let logs: string[] = [];
let running: SandboxPage | undefined;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  // What `SANDBOX_TRIAGE=teams npm start` gets, on a test database.
  running = await startSandboxPage({ SANDBOX_TRIAGE: 'teams' });
  ({ sandbox, page, logs } = running);
}, 60_000);

afterAll(async () => {
  await running?.stop();
});

const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `sandbox-teams-${name}.png`) });

// The Teams view's helpers (test/support/teamsPage.ts), on this file's page.
const teams = () => teamsPage(page);
const beInTeams = (persona: 'vendor' | 'staff' | 'colleague', conversation?: string) => teams().be(persona, conversation);
const slackModal = () => page.locator('#modal-root .modal');
const dialog = () => teams().dialog();
const post = (reference: string) => teams().post(reference);
const cardOf = (reference: string) => teams().cardOf(reference);
const button = (card: Locator, title: string) => teams().button(card, title);
const clickButton = (card: Locator, title: string) => teams().click(card, title);
const dialogInput = (id: string) => teams().dialogInput(id);

describe('the sandbox plays Teams (mixed set-up: vendors on Slack, staff in Teams)', () => {
  it('shows the card drawn by Microsoft’s renderer in Triage; staff claim it in place, fix a dialog error and complete it; a colleague is refused, only they see why', async () => {
    // 1. The vendor files in the Slack view.
    await page.goto(`${sandbox.url}/?as=vendor&platform=slack`);
    await page.locator('body[data-platform="slack"][data-as="vendor"]').waitFor();
    const entry = page.locator('#messages .message.pinned');
    await entry.locator('[data-action-id="open_intake"]').click();
    await slackModal().waitFor();
    await slackModal().locator('input[value="fictitious_enterprise"]').check();
    const fields: Record<string, string> = {
      vendor_org_number: ACME,
      vendor_org_name: 'Acme Systemer AS',
      contact_name: 'Vera Leverandør',
      contact_email: 'vera@acme-systemer.test',
      contact_phone: '+47 412 34 567',
    };
    for (const [blockId, value] of Object.entries(fields)) {
      await slackModal().locator(`.bk-input[data-block-id="${blockId}"] input`).first().fill(value);
      if (blockId === 'vendor_org_number') await slackModal().locator(`.bk-context[data-block-id="vendor_org_number_register"]`, { hasText: 'Acme' }).waitFor();
    }
    await slackModal().locator('.modal-submit').click();
    await slackModal().locator('.modal-title', { hasText: 'Request sent' }).waitFor();
    const reference = /TT02-\d{4}/.exec((await slackModal().textContent()) ?? '')?.[0] ?? '';
    expect(reference).toMatch(/TT02-\d{4}/);
    await slackModal().locator('.modal-close').click();
    // Triage is in Teams: even for staff, the Slack view has no triage channel.
    await page.selectOption('#persona', 'staff');
    await page.locator('body[data-platform="slack"][data-as="staff"] .nav-item[data-place="CVENDOR01"]').waitFor();
    await expect(page.locator('.nav-item[data-place="GTRIAGE01"]').count()).resolves.toBe(0);

    // 2. The non-staff colleague (same tenant) sees the card and is refused; only they see why.
    await beInTeams('colleague', TEAMS_TRIAGE.id);
    await cardOf(reference).waitFor();
    await clickButton(cardOf(reference), 'Ta saken');
    const toast = page.locator('#toast');
    await toast.filter({ hasText: /ikke tilgang|not allowed/i }).waitFor();
    await shot('1-colleague-refused');

    // 3. Staff: the card in Triage, drawn by adaptivecards; claim updates it in place.
    await beInTeams('staff', TEAMS_TRIAGE.id);
    await expect(toast.isHidden()).resolves.toBe(true);
    const card = cardOf(reference);
    await card.waitFor();
    expect(await card.textContent()).toContain('Acme Systemer AS');
    await shot('2-triage-card');
    await clickButton(card, 'Ta saken');
    await button(card, 'Ta saken').waitFor({ state: 'detached' });
    // The card in place: now someone else could take it over.
    await button(card, 'Overta saken').waitFor();
    expect(await card.textContent()).toMatch(/Tatt/);

    // 4. The Altinn step's dialog: a wrong number shows an error under the input; fixed, it goes through.
    await clickButton(card, 'Fiktiv virksomhet opprettet');
    await dialog().waitFor();
    await shot('3-dialog');
    await dialogInput('fictitious_org_number').fill('123');
    await dialog().locator('.ac-actionSet > button').last().click();
    // The error under the input, in Kari's language (en-GB).
    await dialog().locator('.ac-textBlock', { hasText: /has 9 digits/ }).waitFor();
    await shot('4-dialog-error');
    await dialogInput('fictitious_org_number').fill(ORG.digdir);
    await dialog().locator('.ac-actionSet > button').last().click();
    await dialog().waitFor({ state: 'detached' });

    // 5. The fødselsnummer, then the confirmation.
    await clickButton(cardOf(reference), 'Registrer fødselsnummer');
    await dialog().waitFor();
    await dialogInput('login_fnr').fill(FNR);
    await dialog().locator('.ac-actionSet > button').last().click();
    await dialog().waitFor({ state: 'detached' });
    await clickButton(cardOf(reference), 'Send bekreftelse');
    await dialog().waitFor();
    expect(await dialog().textContent()).toContain(reference);
    await shot('5-confirmation');
    await dialog().locator('.ac-actionSet > button').last().click();
    await dialog().waitFor({ state: 'detached' });

    // 6. The email in the sandbox's mailbox (the Slack view's mail), the fødselsnummer masked once sent.
    await page.locator('.ms-rail-item', { hasText: 'Mail' }).click();
    const mail = page.locator('.mail-item', { hasText: reference });
    await mail.waitFor({ timeout: 20_000 });
    await mail.locator('.mail-text', { hasText: maskFnr(FNR) }).waitFor({ timeout: 20_000 });
    expect(await mail.locator('.mail-text').textContent()).not.toContain(FNR);

    // 7. Back in Teams, the card for everyone says it is done; the personal chat takes a message.
    await beInTeams('staff', TEAMS_TRIAGE.id);
    await button(cardOf(reference), 'Send bekreftelse').waitFor({ state: 'detached' });
    await shot('6-done');
    // The app's updates (PUT) are for everyone: the colleague, who never got a card in answer, sees it claimed and done.
    await beInTeams('colleague', TEAMS_TRIAGE.id);
    await cardOf(reference).waitFor();
    await expect(button(cardOf(reference), 'Ta saken').count()).resolves.toBe(0);
    await expect(button(cardOf(reference), 'Send bekreftelse').count()).resolves.toBe(0);
    await beInTeams('staff');
    await page.click(`.ms-rail-item[data-conversation="${personalChatOf('staff').id}"]`);
    await page.fill('.ms-composer-input', 'queue');
    await page.press('.ms-composer-input', 'Enter');
    await page.locator('.ms-message.mine', { hasText: 'queue' }).waitFor();
    // Every activity the page sent was signed by the sandbox's key and verified by the app; none refused.
    const health = (await (await fetch(`${sandbox.url}/healthz`)).json()) as { teams?: { state?: string }; teamsRequests?: { verified: number; badToken: number } };
    expect(health.teams?.state).toBe('connected');
    expect(health.teamsRequests?.verified).toBeGreaterThanOrEqual(8);
    expect(health.teamsRequests?.badToken).toBe(0);
    expect(logs.join('\n')).not.toContain(FNR);
  }, 150_000);

  it('refuses, as Teams would, a card that Microsoft’s renderer finds invalid', async () => {
    // A string, so that the test's own bundler leaves the page's dynamic import alone.
    const problems = (await page.evaluate(`(async () => {
      const teams = await import('/sandbox/teams.js');
      const ok = teams.renderCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'fine' }] }, () => {}).problems;
      // An input without an id: Teams could not return its value.
      const bad = teams.renderCard({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Input.Text' }] }, () => {}).problems;
      return { ok, bad };
    })()`)) as { ok: string[]; bad: string[] };
    expect(problems.ok).toEqual([]);
    expect(problems.bad.length).toBeGreaterThan(0);
  });

  it('answers the app only with the credentials and tokens it made at start-up, and its page only from its own host', async () => {
    const base = sandbox.url;
    // The token endpoint: a wrong secret is refused as Entra refuses it.
    const wrong = await fetch(`${base}/teams/login/5b7e0c1a-6d2f-4c8e-9a31-0b2e7f4d1c01/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: '7d7e1f0a-2b3c-4d5e-8f90-a1b2c3d4e5f6', client_secret: 'guessed', scope: 'x' }),
    });
    expect(wrong.status).toBe(401);
    // The Bot Connector and Graph: nothing without a token the sandbox issued.
    const post = await fetch(`${base}/teams/connector/v3/conversations/${encodeURIComponent(TEAMS_TRIAGE.id)}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer forged' },
      body: JSON.stringify({ type: 'message', text: 'hello' }),
    });
    expect(post.status).toBe(401);
    const graph = await fetch(`${base}/teams/graph/v1.0/teams/x/channels/${encodeURIComponent(TEAMS_TRIAGE.id)}/messages`);
    expect(graph.status).toBe(401);
    // The public key is public; the page's Teams actions want JSON from its own origin.
    expect((await fetch(`${base}/teams/openid/v1/.well-known/keys`)).status).toBe(200);
    const foreign = await fetch(`${base}/sandbox/teams/act`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://evil.example' }, body: JSON.stringify({ kind: 'install', as: 'staff' }) });
    expect(foreign.status).toBe(403);
    const plain = await fetch(`${base}/sandbox/teams/act`, { method: 'POST', headers: { 'content-type': 'text/plain', origin: base }, body: JSON.stringify({ kind: 'install', as: 'staff' }) });
    expect(plain.status).toBe(403);
  });
});

const en = texts('en');
/** The dialog's button by its exact title. */
const dialogButton = (title: string) => dialog().locator('.ac-actionSet > button', { hasText: new RegExp(`^\\s*${title}\\s*$`) });
/** A text block of the dialog by its Adaptive Card id (the renderer puts the id on the element). */
const dialogText = (id: string) => dialog().locator(`[id="${id}"]`);
/** The post in the shared channel whose card names the reference (the receipt, with its reply chain). */
const sharedPost = (reference: string) => page.locator(`.ms-conversation[data-conversation="${TEAMS_VENDOR_CHANNEL.id}"] .ms-post`, { has: page.locator('.ac-adaptiveCard', { hasText: reference }) });

describe('the sandbox plays Teams for vendors too (all-Teams: Vera in the channel shared with Acme, Kari in Triage)', () => {
  it('Vera files in the shared channel (field errors under their inputs, language switch, Check, Update form); Kari completes it in Triage; Vera follows in the reply chain, with no email, phone or fødselsnummer there', async () => {
    // 1. Vera, of Acme's tenant, sees only the shared channel: no Triage, no chat with brreg's bot.
    await page.goto(`${sandbox.url}/?as=vendor&platform=teams`);
    await beInTeams('vendor');
    await expect(page.locator('.ms-rail-item[data-conversation]').evaluateAll((els) => els.map((e) => e.getAttribute('data-conversation')))).resolves.toEqual([TEAMS_VENDOR_CHANNEL.id]);
    await page.locator('.ms-header .ms-tag.ext', { hasText: 'Shared channel' }).waitFor();

    // 2. The entry card, posted when the bot was added to the channel; its button opens the intake dialog.
    const entry = page.locator('.ms-post', { has: page.locator('.ac-adaptiveCard', { hasText: en.entry.button }) }).first();
    await button(entry.locator('.ac-adaptiveCard').first(), `.*${en.entry.button}.*`).first().click();
    await dialog().waitFor();
    await page.locator('.ms-dialog-title', { hasText: en.intake.title }).waitFor();
    // The language switch: Norsk, and back.
    await dialogButton(en.language.switchTo).click();
    await page.locator('.ms-dialog-title', { hasText: texts('nb').intake.title }).waitFor();
    await dialogButton(texts('nb').language.switchTo).click();
    await page.locator('.ms-dialog-title', { hasText: en.intake.title }).waitFor();

    // 3. Field errors under their inputs: a wrong email and phone (the form is otherwise filled in).
    await dialogInput('vendor_org_number').fill(ACME);
    await dialogInput('contact_name').fill('Vera Leverandør');
    await dialogInput('contact_email').fill('vera@acme');
    await dialogInput('contact_phone').fill('12');
    // Update form: a customer delegation shows the customer's fields, a fictitious enterprise hides them.
    await dialog().locator('input[type="radio"][value="customer_delegation"]').check();
    await dialogButton(en.intake.teamsUpdate).click();
    await dialogInput('customer_org_number').waitFor();
    await dialog().locator('input[type="radio"][value="fictitious_enterprise"]').check();
    await dialogButton(en.intake.teamsUpdate).click();
    await dialogInput('customer_org_number').waitFor({ state: 'detached' });
    // Check: the sandbox's local register answers for the organisation number, before sending.
    await dialogButton(en.intake.teamsCheck).click();
    await dialogText('vendor_org_number_register').filter({ hasText: 'Acme' }).waitFor();
    await dialogButton(en.intake.submit).click();
    await dialogText('contact_email_error').filter({ hasText: en.errors.email_format }).waitFor();
    await dialogText('contact_phone_error').filter({ hasText: en.errors.phone_format }).waitFor();
    // What was typed is kept.
    await expect(dialogInput('contact_email').inputValue()).resolves.toBe('vera@acme');
    await shot('vendor-1-field-errors');

    // 4. Fixed, it is sent: the dialog closes and the receipt is posted in the shared channel.
    await dialogInput('contact_email').fill('vera@acme-systemer.test');
    await dialogInput('contact_phone').fill('+47 412 34 567');
    await dialogButton(en.intake.submit).click();
    // The dialog says it was sent, with the reference; the receipt is in the shared channel.
    await dialog().filter({ hasText: /TT02-\d{4}/ }).waitFor();
    const reference = /TT02-\d{4}/.exec((await dialog().textContent()) ?? '')?.[0] ?? '';
    expect(reference).toMatch(/TT02-\d{4}/);
    await dialog().locator('.close').click();
    await dialog().waitFor({ state: 'detached' });
    await sharedPost(reference).waitFor();
    // Vera writes in the receipt's reply chain: mirrored to the triage card's chain.
    await sharedPost(reference).locator('.ms-reply').click();
    await sharedPost(reference).locator('.ms-composer-input').fill('Hello, we need it for Friday');
    await sharedPost(reference).locator('.ms-composer-input').press('Enter');
    await sharedPost(reference).locator('.ms-message.mine', { hasText: 'Hello, we need it for Friday' }).waitFor();
    await shot('vendor-2-receipt');

    // Vera is not in Triage: the sandbox, as Teams, lets her act only where she is a member (the app
    // would refuse her anyway: another tenant is never staff; test/teams/vendorTeams.test.ts).
    const intoTriage = await fetch(`${sandbox.url}/sandbox/teams/act`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: sandbox.url },
      body: JSON.stringify({ as: 'vendor', kind: 'message', conversation: TEAMS_TRIAGE.id, text: 'let me in' }),
    });
    expect(((await intoTriage.json()) as { kind: string }).kind).toBe('error');

    // 5. Kari in Triage: the card, Vera's words in its chain; claim, Altinn, fødselsnummer, confirmation.
    await beInTeams('staff', TEAMS_TRIAGE.id);
    await cardOf(reference).waitFor();
    await post(reference).locator('.ms-replies', { hasText: 'Hello, we need it for Friday' }).waitFor();
    await teams().completeInTriage(reference, { fictitiousOrg: ORG.skatt, fnr: FNR });
    await shot('vendor-3-triage-done');

    // 6. Vera: the progress notes in the receipt's reply chain; never an email, a phone or a fødselsnummer.
    await beInTeams('vendor', TEAMS_VENDOR_CHANNEL.id);
    const chain = sharedPost(reference);
    // The whole chain, as "See N more replies" opens it.
    await chain.locator('.ms-more').click();
    await chain.locator('.ms-replies .ms-message', { hasText: /Maskinporten/ }).waitFor({ timeout: 20_000 });
    const seen = (await page.locator(`.ms-conversation[data-conversation="${TEAMS_VENDOR_CHANNEL.id}"]`).textContent()) ?? '';
    expect(seen).toMatch(/fictitious enterprise has been created|fiktive virksomheten/i);
    for (const secret of ['vera@acme-systemer.test', '412 34 567', '41234567', FNR, maskFnr(FNR)]) expect(seen).not.toContain(secret);
    await shot('vendor-4-reply-chain');

    // 7. Kari's personal chat: `queue` answers with the queue card.
    await beInTeams('staff', personalChatOf('staff').id);
    const before = await page.locator('.ms-message.from-bot').count();
    await page.fill('.ms-composer-input', 'queue');
    await page.press('.ms-composer-input', 'Enter');
    await page.locator('.ms-message.from-bot .ac-adaptiveCard').nth(before).waitFor();
    await shot('vendor-5-queue');
    expect(logs.join('\n')).not.toContain(FNR);
    expect(logs.join('\n')).not.toContain('vera@acme-systemer.test');
  }, 150_000);
});
