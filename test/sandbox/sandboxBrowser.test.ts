/**
 * The whole flow through the sandbox page in a real browser: what a person at brreg sees with
 * `npm start` and no Slack workspace. The real app runs behind the page; the browser only clicks.
 * Screenshots are saved under .data/artifacts/ (git-ignored).
 */
import { maskFnr } from '../../src/domain/fnr.js';
import { parseOrgNumber } from '../../src/domain/orgnr.js';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxPage, type SandboxPage } from '../support/sandboxPage.js';
import { teamsPage } from '../support/teamsPage.js';
import { generate } from '../support/fnr.js';
import { ORG } from '../support/intake.js';
import { SANDBOX_ENTERPRISES } from '../../src/sandbox/register.js';
import { TEAMS_VENDOR_CHANNEL } from '../../src/sandbox/teamsCast.js';

const ARTIFACTS = path.resolve('.data/artifacts');
const TRIAGE = 'GTRIAGE01';
const VENDOR = 'CVENDOR01';
/** The sandbox's own register (src/sandbox/register.ts): the numbers the README tells a newcomer to try. */
const REG = { acme: '921638450', fjordkode: '927381060', bankrupt: '915564208', windingUp: '926405195', deleted: '931722689', removed: '918847332' } as const;
/** A synthetic (Tenor) test person: month + 80, so no real-person confirmation is needed. */
const FNR = generate('018190');

let running: SandboxPage | undefined;
let sandbox: SandboxPage['sandbox'];
let browser: SandboxPage['browser'];
let page: Page;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  // Exactly what `npm start` gets with nothing configured, on a test database.
  running = await startSandboxPage();
  ({ sandbox, browser, page } = running);
}, 60_000);

afterAll(async () => {
  await running?.stop();
});

const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `sandbox-${name}.png`) });

async function be(persona: 'vendor' | 'staff' | 'colleague', place: string): Promise<void> {
  await page.selectOption('#persona', persona);
  // The page marks whose view it shows once it has the new state.
  await page.locator(`body[data-as="${persona}"]`).waitFor();
  await page.click(`.nav-item[data-place="${place}"]`);
}

const modal = () => page.locator('#modal-root .modal');
const field = (blockId: string) => modal().locator(`.bk-input[data-block-id="${blockId}"] input, .bk-input[data-block-id="${blockId}"] textarea`).first();

/** What the register's line under an organisation number says once the app has looked it up. */
function registerNoteFor(typed: string): RegExp {
  const parsed = parseOrgNumber(typed);
  if (!parsed.ok) return /check digit/;
  const e = SANDBOX_ENTERPRISES.find((x) => x.orgNumber === parsed.value);
  if (!e) return /Not found/;
  return e.removed ? /Removed/ : e.slettedato ? /Deleted/ : new RegExp(e.name);
}

/**
 * Types into the modal's fields. An organisation number is looked up as it is typed, and the app's
 * views.update with the answer replaces the view (clearing field errors, as in Slack): as a person
 * would, wait for the answer before going on.
 */
async function fill(values: Record<string, string>): Promise<void> {
  for (const [blockId, value] of Object.entries(values)) {
    await field(blockId).fill(value);
    if (blockId === 'vendor_org_number' || blockId === 'customer_org_number') await modal().locator(`.bk-context[data-block-id="${blockId}_register"]`, { hasText: registerNoteFor(value) }).waitFor();
  }
}

async function submitModal(): Promise<void> {
  await modal().locator('.modal-submit').click();
}

type FrameFit = { frameInner: number; docHeight: number; lastBottom: number; lastLine: string };

/**
 * The HTML email's frame once its email has loaded: how tall the frame is inside, how tall its document
 * is, and where the email's last line of text ends (in the frame's coordinates). Waits a moment for
 * the frame to fit its email; if it never does, measures anyway so that the test says by how much.
 */
async function fittedFrame(reference: string): Promise<FrameFit> {
  const measure = (mustFit: boolean) => `(() => {
    const item = [...document.querySelectorAll('.mail-item')].find((m) => m.textContent.includes(${JSON.stringify(reference)}));
    const frame = item && item.querySelector('iframe.mail-html');
    const doc = frame && frame.contentDocument;
    if (!doc || doc.readyState !== 'complete' || !doc.body || !doc.body.textContent.trim()) return null;
    const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT, { acceptNode: (n) => (n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP) });
    let last = null;
    while (walker.nextNode()) last = walker.currentNode;
    const range = doc.createRange();
    range.selectNodeContents(last);
    const r = { frameInner: frame.clientHeight, docHeight: doc.documentElement.scrollHeight, lastBottom: range.getBoundingClientRect().bottom, lastLine: last.textContent.trim() };
    return ${mustFit ? 'r.docHeight <= r.frameInner ? r : null' : 'r'};
  })()`;
  const loaded = await page.waitForFunction(measure(false));
  const fitted = await page.waitForFunction(measure(true), undefined, { timeout: 3_000 }).catch(() => loaded);
  return (await fitted.jsonValue()) as FrameFit;
}

/** The newest triage card (the last bot message with card buttons). */
const card = () => page.locator('#messages .message:not(.ephemeral)').filter({ has: page.locator('.bk-header') }).last();

async function clickCard(actionId: string): Promise<void> {
  await card().locator(`[data-action-id="${actionId}"]`).click();
}

function referenceFrom(text: string): string {
  const ref = /TT02-\d{4}/.exec(text)?.[0];
  if (!ref) throw new Error(`no reference in: ${text}`);
  return ref;
}

describe('the local sandbox in a browser', () => {
  it('walks a fictitious-enterprise request from the pinned button to the confirmation email, with no personal data in the vendor thread', async () => {
    await page.goto(`${sandbox.url}/?as=vendor`);
    // The app posted and pinned its entry message when it joined the vendor channel.
    const entry = page.locator('#messages .message.pinned');
    await expect(entry.locator('[data-action-id="open_intake"]').textContent()).resolves.toContain('Request TT02 access');
    await page.click('.pins-button');
    await expect(page.locator('.pins-panel [data-action-id="open_intake"]').count()).resolves.toBe(1);
    await shot('1-vendor-channel');

    // 1. The vendor opens the modal, gets a field error, fixes it and submits.
    await entry.locator('[data-action-id="open_intake"]').click();
    await modal().waitFor();
    await modal().locator('input[value="fictitious_enterprise"]').check();
    // The radio dispatches: the app updates the view; what was typed is kept.
    await fill({
      vendor_org_number: '974 760 674',
      vendor_org_name: 'Acme Systemer AS',
      contact_name: 'Vera Leverandør',
      contact_email: 'vera@acme-systemer.test',
      contact_phone: '+47 412 34 567',
    });
    await submitModal();
    const error = modal().locator('.bk-input[data-block-id="vendor_org_number"] .bk-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/organisation number/i);
    await shot('2-field-error');
    await fill({ vendor_org_number: REG.acme });
    await submitModal();
    await modal().locator('.modal-title', { hasText: 'Request sent' }).waitFor();
    const reference = referenceFrom((await modal().textContent()) ?? '');
    await modal().locator('.modal-close').click();
    await modal().waitFor({ state: 'detached' });
    const receipt = page.locator('#messages .message', { hasText: `Request ${reference} received` });
    await receipt.waitFor();

    // 2. Staff claim the request, record the Altinn step, register the fnr, preview and send.
    await be('staff', TRIAGE);
    await card().locator('.bk-header', { hasText: reference }).waitFor();
    await shot('3-triage-card');
    await clickCard('card_claim');
    await card().locator('[data-action-id="card_altinn"]').waitFor();
    await clickCard('card_altinn');
    await modal().waitFor();
    await fill({ fictitious_org_number: ORG.digdir });
    await submitModal();
    await modal().waitFor({ state: 'detached' });
    await card().locator('[data-action-id="card_register_fnr"]').waitFor();
    await clickCard('card_register_fnr');
    await modal().waitFor();
    await fill({ login_fnr: FNR });
    await submitModal();
    await modal().waitFor({ state: 'detached' });
    await card().locator('[data-action-id="card_send_confirmation"]').waitFor();
    expect(await card().textContent()).not.toContain(FNR);
    await clickCard('card_send_confirmation');
    await modal().waitFor();
    const preview = (await modal().textContent()) ?? '';
    expect(preview).toContain('vera@acme-systemer.test');
    expect(preview).toContain(reference);
    expect(preview).not.toContain(FNR);
    // The email body is plain_text with line breaks: they show as lines, not run together.
    const previewLines = await modal().locator('.bk-section-text .plain').evaluateAll((els) => els.map((e) => (e as unknown as { innerText: string }).innerText));
    expect(previewLines.some((text) => text.split('\n').filter((l: string) => l.trim()).length > 2)).toBe(true);
    await shot('4-confirmation-preview');
    await submitModal();
    await modal().waitFor({ state: 'detached' });

    // 3. The email appears in the mail view, as text and as HTML.
    await page.click('.nav-item[data-place="mail"]');
    const mail = page.locator('.mail-item', { hasText: reference });
    await mail.waitFor({ timeout: 20_000 });
    expect(await mail.locator('.mail-meta').textContent()).toContain('vera@acme-systemer.test');
    // The fødselsnummer is erased once the email is out, from the written file too: it shows masked.
    await page.locator('.mail-item', { hasText: reference }).locator('.mail-text', { hasText: maskFnr(FNR) }).waitFor({ timeout: 20_000 });
    expect(await mail.locator('.mail-text').textContent()).not.toContain(FNR);
    await mail.locator('.tab', { hasText: 'HTML' }).click();
    const html = page.locator('.mail-item', { hasText: reference }).locator('iframe.mail-html');
    expect(await html.getAttribute('srcdoc')).toContain(maskFnr(FNR));
    expect(await html.getAttribute('srcdoc')).not.toContain(FNR);
    // The whole email shows: the frame is as tall as its document, down to the last line of text.
    await expect(html.getAttribute('sandbox')).resolves.toBe('allow-same-origin');
    const fitted = await fittedFrame(reference);
    expect(fitted.lastLine.length).toBeGreaterThan(0);
    expect(fitted.lastBottom).toBeLessThanOrEqual(fitted.frameInner);
    expect(fitted.docHeight).toBeLessThanOrEqual(fitted.frameInner);
    // In the page, in one step: the mail list is redrawn when a new email arrives, which can detach a located frame.
    await page.evaluate(`(() => {
      const item = [...document.querySelectorAll('.mail-item')].find((m) => m.textContent.includes(${JSON.stringify(reference)}));
      const frame = item && item.querySelector('iframe.mail-html');
      if (frame) frame.scrollIntoView({ block: 'nearest' });
    })()`);
    await shot('5-mail');

    // 4. The vendor's thread shows the progress, with no personal data.
    await be('vendor', VENDOR);
    await receipt.locator('.replies').click();
    const thread = page.locator('#thread');
    await thread.locator('.message', { hasText: 'emailed' }).waitFor({ timeout: 20_000 });
    const threadText = (await thread.textContent()) ?? '';
    expect(threadText).toContain('fictitious enterprise has been created');
    expect(threadText).toContain('Your TT02 test user is ready');
    const channelText = (await page.locator('.layout').textContent()) ?? '';
    for (const personal of [FNR, 'vera@acme-systemer.test', '412 34 567', '41234567']) expect(channelText).not.toContain(personal);
    await shot('6-vendor-thread');
  }, 120_000);

  it('takes a customer delegation through /tt02-access with the production-data acknowledgement, and refuses a colleague who is not staff', async () => {
    await be('vendor', VENDOR);
    await page.locator('.composer-input').first().fill('/tt02-access');
    await page.locator('.composer-input').first().press('Enter');
    await modal().waitFor();
    await modal().locator('input[value="customer_delegation"]').check();
    // The customer fields and the production-data notice arrive with the app's views.update.
    await modal().locator('.bk-input[data-block-id="production_data_ack"]').waitFor();
    expect(await modal().textContent()).toMatch(/production data/i);
    await fill({
      vendor_org_number: REG.acme,
      vendor_org_name: 'Acme Systemer AS',
      contact_name: 'Vera Leverandør',
      contact_email: 'vera@acme-systemer.test',
      contact_phone: '+47 412 34 567',
      customer_org_number: REG.fjordkode,
      customer_org_name: 'Fjordkode AS',
      customer_email: 'post@fjordkode.test',
      customer_phone: '+47 987 65 432',
    });
    await submitModal();
    const ackError = modal().locator('.bk-input[data-block-id="production_data_ack"] .bk-error');
    await ackError.waitFor();
    expect(await ackError.textContent()).toMatch(/production data/i);
    await shot('7-ack-required');
    await modal().locator('.bk-input[data-block-id="production_data_ack"] input[type=checkbox]').check();
    await submitModal();
    await modal().locator('.modal-title', { hasText: 'Request sent' }).waitFor();
    const reference = referenceFrom((await modal().textContent()) ?? '');
    await modal().locator('.modal-close').click();

    // A colleague who is not staff is told so, privately, and nothing changes.
    await be('colleague', TRIAGE);
    await card().locator('.bk-header', { hasText: reference }).waitFor();
    await clickCard('card_claim');
    await page.locator('#messages .message.ephemeral').last().waitFor();
    expect(await card().locator('[data-action-id="card_claim"]').count()).toBe(1);

    await be('staff', TRIAGE);
    await card().locator('.bk-header', { hasText: reference }).waitFor();
    // The card is in Norwegian (brreg's channel); it records the acknowledgement.
    expect(await card().textContent()).toMatch(/produksjonsdata/i);
    await clickCard('card_claim');
    await card().locator('[data-action-id="card_altinn"]').waitFor();
    // "Read into TT02" asks for confirmation first (the button's confirm dialog).
    await clickCard('card_altinn');
    await page.locator('.confirm-overlay .confirm-yes').click();
    await card().locator('[data-action-id="card_register_fnr"]').waitFor();
    await clickCard('card_register_fnr');
    await modal().waitFor();
    await fill({ login_fnr: FNR });
    await submitModal();
    await modal().waitFor({ state: 'detached' });
    await clickCard('card_send_confirmation');
    await modal().waitFor();
    expect(await modal().textContent()).toContain('post@fjordkode.test');
    await submitModal();
    await modal().waitFor({ state: 'detached' });

    await page.click('.nav-item[data-place="mail"]');
    // The vendor's confirmation, and the customer's own email telling it what to delegate.
    const mail = page.locator('.mail-item', { hasText: `how to log in and next steps – ${reference}` });
    await mail.waitFor({ timeout: 20_000 });
    expect((await mail.locator('.mail-meta').textContent()) ?? '').toContain('vera@acme-systemer.test');
    const customerMail = page.locator('.mail-item', { hasText: 'Deleger TT02-tilgang til Acme' });
    await customerMail.waitFor({ timeout: 20_000 });
    expect((await customerMail.locator('.mail-meta').textContent()) ?? '').toContain('post@fjordkode.test');
    // The email names the organisations as the register does (src/mail/orgNames.ts), not as typed.
    expect(await customerMail.locator('.mail-text').textContent()).toContain('FJORDKODE AS');

    await be('vendor', VENDOR);
    const receipt = page.locator('#messages .message', { hasText: `Request ${reference} received` });
    await receipt.locator('.replies').click();
    await page.locator('#thread .message', { hasText: 'emailed' }).waitFor({ timeout: 20_000 });
    const channelText = (await page.locator('.layout').textContent()) ?? '';
    for (const personal of [FNR, 'post@fjordkode.test', '987 65 432', 'vera@acme-systemer.test']) expect(channelText).not.toContain(personal);
    await shot('8-delegation-thread');
  }, 120_000);

  it("draws every Block Kit element the renderer knows, and shows escaped user text as typed, never as markup or a link", async () => {
    await page.goto(`${sandbox.url}/?as=staff`);
    await page.locator('body[data-as="staff"]').waitFor();
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'Header <b>' } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*Bold* _it_ &lt;!channel&gt; &lt;https://evil.test|Click&gt; <https://brreg.no|brreg> :white_check_mark:' },
        fields: [{ type: 'mrkdwn', text: '*F1*\none' }, { type: 'mrkdwn', text: '*F2*\ntwo' }],
        accessory: { type: 'button', action_id: 'acc', text: { type: 'plain_text', text: 'Accessory' } },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'context <@UVENDOR01>' }] },
      { type: 'divider' },
      {
        type: 'actions',
        block_id: 'acts',
        elements: [
          { type: 'button', action_id: 'go', style: 'danger', text: { type: 'plain_text', text: 'Go' }, confirm: { title: { type: 'plain_text', text: 'Sure?' }, text: { type: 'plain_text', text: 'Really' }, confirm: { type: 'plain_text', text: 'Yes' }, deny: { type: 'plain_text', text: 'No' } } },
          { type: 'static_select', action_id: 'pick', options: [{ text: { type: 'plain_text', text: 'One' }, value: 'one' }] },
          { type: 'users_select', action_id: 'who' },
        ],
      },
      { type: 'input', block_id: 'note', label: { type: 'plain_text', text: 'Note' }, optional: true, element: { type: 'plain_text_input', action_id: 'note', multiline: true } },
      { type: 'input', block_id: 'kind', label: { type: 'plain_text', text: 'Kind' }, element: { type: 'radio_buttons', action_id: 'kind', options: [{ text: { type: 'plain_text', text: 'A' }, value: 'a' }] } },
      { type: 'input', block_id: 'ok', label: { type: 'plain_text', text: 'OK' }, element: { type: 'checkboxes', action_id: 'ok', options: [{ text: { type: 'plain_text', text: 'Yes' }, value: 'y' }] } },
    ];
    // The renderer is the page's own module; draw the fixture into the page and read it back.
    const drawn = await page.evaluate(`(async () => {
      const { renderBlocks } = await import('/sandbox/blockkit.js');
      const values = {};
      const el = renderBlocks(${JSON.stringify(blocks)}, {
        users: [{ id: 'UVENDOR01', realName: 'Vera Leverandør' }], channels: [], values, errors: { note: 'Too short' },
        onInput: (b, e, v) => { values[b] = { [e.action_id]: v }; }, onAction: () => {}, confirm: async () => true,
      });
      document.body.append(el);
      return {
        header: el.querySelector('.bk-header').textContent,
        section: el.querySelector('.bk-section-text').textContent,
        links: [...el.querySelectorAll('.bk-section-text a')].map((a) => a.getAttribute('href')),
        bold: el.querySelector('.bk-section-text b').textContent,
        fields: el.querySelectorAll('.bk-field').length,
        accessory: el.querySelector('.bk-accessory button').textContent,
        mention: el.querySelector('.bk-context .mention').textContent,
        divider: el.querySelectorAll('hr.bk-divider').length,
        danger: el.querySelector('button.danger').textContent,
        selects: el.querySelectorAll('.bk-actions select').length,
        userOption: [...el.querySelectorAll('select[data-action-id=who] option')].map((o) => o.textContent).includes('Vera Leverandør'),
        textarea: el.querySelectorAll('[data-block-id=note] textarea').length,
        error: el.querySelector('[data-block-id=note] .bk-error').textContent,
        radios: el.querySelectorAll('input[type=radio]').length,
        checkboxes: el.querySelectorAll('input[type=checkbox]').length,
        state: Object.keys(values).sort(),
      };
    })()`);
    expect(drawn).toEqual({
      header: 'Header <b>',
      section: 'Bold it <!channel> <https://evil.test|Click> brreg ✅',
      links: ['https://brreg.no'],
      bold: 'Bold',
      fields: 2,
      accessory: 'Accessory',
      mention: '@Vera Leverandør',
      divider: 1,
      danger: 'Go',
      selects: 2,
      userOption: true,
      textarea: 1,
      error: 'Too short',
      radios: 1,
      checkboxes: 1,
      // As in Slack, state.values also carries the selects of actions blocks.
      state: ['acts', 'kind', 'note', 'ok'],
    });
  });

  it("shows the card's Slack date tokens in each viewer's locale and time zone, in the token's format", async () => {
    // The first test left a card in the triage channel; its "Submitted" time is a {date_short_pretty} {time} token.
    const dates = async (persona: 'staff' | 'colleague') => {
      await be(persona, TRIAGE);
      await card().locator('.date').first().waitFor();
      return card().locator('.date').allTextContents();
    };
    // Staff's Slack locale is en-GB, the colleague's nb-NO; both in Europe/Oslo. Today (yesterday just after midnight), no seconds; the hour as the locale writes it (0:22 or 00:22: the suite runs at any hour).
    const staff = await dates('staff');
    expect(staff.length).toBeGreaterThan(0);
    for (const d of staff) expect(d).toMatch(/^(Today|Yesterday) \d{1,2}:\d{2}$/);
    await shot('dates-en-GB');
    const colleague = await dates('colleague');
    for (const d of colleague) expect(d).toMatch(/^(I dag|I går) \d{1,2}:\d{2}$/);
    await shot('dates-nb-NO');

    // A fixed instant through the page's renderer: Monday 7 December 2026, 14:58:06 in Oslo.
    const drawn = await page.evaluate(`(async () => {
      const { mrkdwn } = await import('/sandbox/blockkit.js');
      const text = 'a <!date^1796651886^{date_long} {time_secs}|fallback> b <!date^1796651886^{date_num}|x> c <!date^oops^{date}|the fallback>';
      return ['en-GB', 'nb-NO', 'en-US'].map((locale) => mrkdwn(text, { viewer: { locale, timeZone: 'Europe/Oslo' } }).textContent);
    })()`);
    expect(drawn).toEqual([
      'a Monday, 7 December 2026 14:58:06 b 2026-12-07 c the fallback',
      'a mandag 7. desember 2026 14:58:06 b 2026-12-07 c the fallback',
      'a Monday, December 7, 2026 2:58:06 PM b 2026-12-07 c the fallback',
    ]);
  });

  it('answers /tt02-access find with its matches, and draws the shortcodes the app uses as emoji', async () => {
    await be('staff', TRIAGE);
    await page.locator('.composer-input').first().fill('/tt02-access find Acme');
    await page.locator('.composer-input').first().press('Enter');
    // The answer's blocks, not only its text: each match with its reference, linking to the card.
    const answer = page.locator('#messages .message.ephemeral').last();
    await answer.locator('a', { hasText: /TT02-\d{4}/ }).first().waitFor();
    expect(await answer.textContent()).toContain('Acme Systemer AS');
    await shot('9-find');

    // On the staff Home tab, a reference opens the card in place: the triage channel, on that card.
    await page.click('.nav-item[data-place="home"]');
    const homeLink = page.locator('.home-body a', { hasText: /TT02-\d{4}/ }).first();
    await homeLink.waitFor();
    const homeRef = (await homeLink.textContent()) ?? '';
    const pages = browser.context.pages().length;
    await homeLink.click();
    const focused = page.locator('#messages .message.focused');
    await focused.locator('.bk-header', { hasText: homeRef }).waitFor();
    expect(await page.locator('.nav-item.active').getAttribute('data-place')).toBe(TRIAGE);
    expect(await page.locator('body').getAttribute('data-as')).toBe('staff');
    expect(browser.context.pages().length).toBe(pages);
    // A link button (Home's Open) opens its URL through the same door.
    const opened = await page.evaluate(`(async () => {
      const { renderBlocks } = await import('/sandbox/blockkit.js');
      const seen = [];
      const el = renderBlocks([{ type: 'actions', elements: [{ type: 'button', action_id: 'open', url: 'https://x.test/#C1/1.2', text: { type: 'plain_text', text: 'Open' } }] }], { openUrl: (u) => seen.push(u), onAction: () => {} });
      document.body.append(el);
      el.querySelector('button').click();
      await new Promise((r) => setTimeout(r, 0));
      el.remove();
      return seen;
    })()`);
    expect(opened).toEqual(['https://x.test/#C1/1.2']);
    await shot('10-home-link-opens-card');

    const drawn = await page.evaluate(`(async () => {
      const { mrkdwn, textObject } = await import('/sandbox/blockkit.js');
      return [
        mrkdwn(':inbox_tray: :sunny: :pray: :warning: :+1: :no_such_emoji: :constructor:', {}).textContent,
        textObject({ type: 'plain_text', text: ':wave: hi' }, {}).textContent,
      ];
    })()`);
    expect(drawn).toEqual(['📥 ☀️ 🙏 ⚠️ 👍 :no_such_emoji: :constructor:', '👋 hi']);
  }, 60_000);
  it("shows each persona's whole name in the picker, whatever the font, also in a narrow window, where the bar wraps", async () => {
    await page.goto(`${sandbox.url}/?as=vendor`);
    await page.locator('body[data-as="vendor"]').waitFor();
    // The picker's font is the platform's: a wider one (as on some systems) must not cut the names either.
    const pickerFont = (css: string) => page.evaluate(`(() => {
      let s = document.getElementById('test-picker-font');
      if (!s) { s = document.createElement('style'); s.id = 'test-picker-font'; document.head.append(s); }
      s.textContent = ${JSON.stringify(css)};
    })()`);
    for (const { width, font } of [{ width: 1280, font: '' }, { width: 1280, font: '#persona { font-size: 16px }' }, { width: 520, font: '' }]) {
      await page.setViewportSize({ width, height: 860 });
      await pickerFont(font);
      for (const persona of ['vendor', 'staff', 'colleague'] as const) {
        await page.selectOption('#persona', persona);
        await page.locator(`body[data-as="${persona}"]`).waitFor();
        // The chosen name's width in the picker's own font, against the room the picker gives it.
        const fit = (await page.evaluate(`(() => {
          const select = document.querySelector('#persona');
          const cs = getComputedStyle(select);
          const probe = document.createElement('span');
          Object.assign(probe.style, { font: cs.font, whiteSpace: 'pre', position: 'absolute', visibility: 'hidden' });
          probe.textContent = select.selectedOptions[0].text;
          document.body.append(probe);
          const text = probe.getBoundingClientRect().width;
          probe.remove();
          const box = select.getBoundingClientRect();
          return { name: select.selectedOptions[0].text, text, room: select.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight), left: box.left, right: box.right, viewport: window.innerWidth };
        })()`)) as { name: string; text: number; room: number; left: number; right: number; viewport: number };
        expect(fit.name).toContain(persona === 'staff' ? 'STAFF_USER_IDS' : persona === 'vendor' ? '(external)' : 'not staff');
        const where = `${fit.name} at ${width}px ${font}`;
        // The drop-down's arrow takes some of the room too.
        expect(fit.text + 16, where).toBeLessThanOrEqual(fit.room);
        expect(fit.left, where).toBeGreaterThanOrEqual(0);
        expect(fit.right, where).toBeLessThanOrEqual(fit.viewport);
      }
      await shot(`persona-${width}${font ? '-wide-font' : ''}`);
    }
    await pickerFont('');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('marks Messages unread only while the app has sent something newer than the person last read', async () => {
    const dm = 'DUSTAFF001';
    const dot = page.locator(`.nav-item[data-place="${dm}"] .dot`);
    const report = async () => {
      await page.locator('.channel .composer-input').fill('/tt02-access report');
      await page.locator('.channel .composer-input').press('Enter');
    };
    await page.goto(`${sandbox.url}/?as=staff`);
    await be('staff', TRIAGE);
    // A report arrives as a direct message from the app: Messages is marked.
    await report();
    await dot.waitFor({ timeout: 30_000 });
    await shot('11-messages-unread');
    // Reading it clears the mark, and it stays cleared: elsewhere, and after a reload.
    await page.click(`.nav-item[data-place="${dm}"]`);
    await page.locator('#messages .file').first().waitFor();
    await page.click(`.nav-item[data-place="${TRIAGE}"]`);
    await page.locator(`.nav-item.active[data-place="${TRIAGE}"]`).waitFor();
    expect(await dot.count()).toBe(0);
    await page.reload();
    await page.locator('body[data-as="staff"]').waitFor();
    await page.locator(`.nav-item[data-place="${dm}"]`).waitFor();
    expect(await dot.count()).toBe(0);
    const dmCount = async () => (await page.evaluate(`fetch('/sandbox/state?as=staff').then((r) => r.json()).then((s) => s.messages.filter((m) => m.channel === ${JSON.stringify(dm)}).length)`)) as number;
    const before = await dmCount();
    // A newer message marks it again.
    await page.click(`.nav-item[data-place="${TRIAGE}"]`);
    await report();
    await dot.waitFor({ timeout: 30_000 });
    expect(await dmCount()).toBeGreaterThan(before);
  }, 90_000);

  it("shows the local register's answer under the organisation number as it is typed, and refuses a deleted enterprise", async () => {
    await page.goto(`${sandbox.url}/?as=vendor`);
    await be('vendor', VENDOR);
    await page.locator('#messages .message.pinned [data-action-id="open_intake"]').click();
    await modal().waitFor();
    const note = modal().locator('.bk-context[data-block-id="vendor_org_number_register"]');
    const typed = async (orgnr: string, expected: RegExp) => {
      await field('vendor_org_number').fill(orgnr);
      await note.filter({ hasText: expected }).waitFor();
      return (await note.textContent()) ?? '';
    };
    // Each number the README lists, with what it shows.
    expect(await typed(REG.acme, /ACME SYSTEMER AS/)).toContain('ACME SYSTEMER AS, Oslo');
    expect(await typed('927 381 060', /FJORDKODE AS/)).toContain('Bergen');
    const bankrupt = await typed(REG.bankrupt, /HAVBRIS BAKERI AS/);
    expect(bankrupt).toMatch(/Ålesund.*bankrupt/);
    await shot('12-register-bankrupt');
    expect(await typed(REG.windingUp, /SETESDAL/)).toMatch(/being wound up/);
    expect(await typed(REG.deleted, /Deleted/)).toMatch(/Deleted in the Central Coordinating Register/);
    expect(await typed(REG.removed, /Removed/)).toMatch(/Removed from the Central Coordinating Register/);
    expect(await typed(ORG.brreg, /Not found/)).toMatch(/Not found in the Central Coordinating Register/);
    // A deleted enterprise is refused on sending, under its field.
    await modal().locator('input[value="fictitious_enterprise"]').check();
    await fill({ vendor_org_number: REG.deleted, contact_name: 'Vera Leverandør', contact_email: 'vera@acme-systemer.test', contact_phone: '+47 412 34 567' });
    await submitModal();
    const error = modal().locator('.bk-input[data-block-id="vendor_org_number"] .bk-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/deleted/i);
    await shot('13-register-deleted-refused');
    await modal().locator('.modal-close').click();
    await modal().waitFor({ state: 'detached' });
    // The numbers the test tries are the sandbox register's, so the README's list is the register's.
    expect(Object.values(REG).sort()).toEqual(SANDBOX_ENTERPRISES.map((e) => e.orgNumber).sort());
  }, 60_000);

  it('pairs a Teams vendor with Slack staff: Vera files in the Teams shared channel, Kari works the card in #tt02-triage, the note reaches the receipt’s reply chain and Vera’s reply the card’s thread', async () => {
    const shared = `.ms-conversation[data-conversation="${TEAMS_VENDOR_CHANNEL.id}"]`;
    const dialog = () => page.locator('#modal-root .ms-dialog');
    const input = (id: string) => dialog().locator(`[id="${id}"]`).locator('input, textarea').first();
    // 1. Vera in Teams (the default SANDBOX_TRIAGE=slack: Teams has no Triage, only the shared channel for her).
    await page.goto(`${sandbox.url}/?as=vendor&platform=teams`);
    await page.locator('body[data-platform="teams"][data-as="vendor"]').waitFor();
    await page.locator(`${shared} .ac-adaptiveCard .ac-actionSet > button`, { hasText: 'Request TT02 access' }).first().click();
    await dialog().waitFor();
    for (const [id, v] of Object.entries({ vendor_org_number: REG.acme, contact_name: 'Vera Leverandør', contact_email: 'vera@acme-systemer.test', contact_phone: '+47 412 34 567' })) await input(id).fill(v);
    await dialog().locator('input[type="radio"][value="fictitious_enterprise"]').check();
    await dialog().locator('.ac-actionSet > button', { hasText: /^\s*Send request\s*$/ }).click();
    await dialog().filter({ hasText: /TT02-\d{4}/ }).waitFor();
    const reference = referenceFrom((await dialog().textContent()) ?? '');
    await dialog().locator('.close').click();
    const receipt = page.locator(`${shared} .ms-post`, { has: page.locator('.ac-adaptiveCard', { hasText: reference }) });
    await receipt.waitFor();
    await receipt.locator('.ms-reply').click();
    await receipt.locator('.ms-composer-input').fill('Written in Teams');
    await receipt.locator('.ms-composer-input').press('Enter');
    await receipt.locator('.ms-message.mine', { hasText: 'Written in Teams' }).waitFor();

    // 2. Kari in Slack: the card in #tt02-triage, Vera's words in its thread; claim and the Altinn step.
    await page.goto(`${sandbox.url}/?as=staff&platform=slack`);
    await page.locator('body[data-platform="slack"][data-as="staff"]').waitFor();
    await be('staff', TRIAGE);
    await card().locator('.bk-header', { hasText: reference }).waitFor();
    await card().locator('button.replies').click();
    await page.locator('#thread .message', { hasText: 'Written in Teams' }).waitFor();
    await clickCard('card_claim');
    await card().locator('[data-action-id="card_altinn"]').waitFor();
    await clickCard('card_altinn');
    await modal().waitFor();
    await fill({ fictitious_org_number: ORG.digdir });
    await submitModal();
    await modal().waitFor({ state: 'detached' });
    await card().locator('[data-action-id="card_register_fnr"]').waitFor();

    // 3. Vera sees the progress note in the receipt's reply chain in Teams.
    await page.goto(`${sandbox.url}/?as=vendor&platform=teams`);
    await page.locator(`${shared} .ms-post .ms-replies .ms-message`, { hasText: /fictitious enterprise has been created/ }).waitFor({ timeout: 20_000 });
    expect(await page.locator(shared).textContent()).not.toContain('vera@acme-systemer.test');
    await shot('teams-vendor-slack-staff');
    // Leave the page in the Slack view (the choice is kept in the browser).
    await page.goto(`${sandbox.url}/?as=vendor&platform=slack`);
  }, 90_000);

  it('moves staff triage to Teams from the page, where Vera files and Kari completes the request, the confirmation in Mail; moving back finds Slack triage as it was', async () => {
    const t = teamsPage(page);
    const shared = `.ms-conversation[data-conversation="${TEAMS_VENDOR_CHANNEL.id}"]`;
    const slackTriage = async () =>
      (await page.evaluate(`fetch('/sandbox/state?as=staff').then((r) => r.json()).then((s) => s.messages.filter((m) => m.channel === ${JSON.stringify(TRIAGE)}).map((m) => m.ts + ' ' + m.text))`)) as string[];
    // The Slack-triage state the earlier journeys left: their cards in #tt02-triage.
    const before = await slackTriage();
    expect(before.length).toBeGreaterThan(0);
    const startDatabase = sandbox.database;

    // 1. A newcomer switches the page to Teams: triage is in Slack, the banner and the control say so.
    await page.goto(`${sandbox.url}/?as=vendor&platform=slack`);
    await t.be('vendor');
    await page.locator('#triage-banner', { hasText: 'Staff triage is in Slack' }).waitFor();
    await expect(page.getAttribute('#triage-slack', 'aria-pressed')).resolves.toBe('true');
    await shot('triage-in-slack-banner');

    // 2. "Staff triage: Teams", clicked twice: one move, its progress shown, then the page reloads into it.
    await page.dblclick('#triage-teams');
    await page.locator('#triage-move', { hasText: 'Moving staff triage to Teams…' }).waitFor();
    await shot('triage-moving');
    await page.locator('#triage-move').waitFor({ state: 'detached', timeout: 60_000 });
    await page.locator('#triage-teams[aria-pressed="true"]').waitFor();
    await page.locator('body[data-platform="teams"][data-as="vendor"]').waitFor();
    expect(await page.locator('#triage-banner').count()).toBe(0);
    expect(running?.logs.filter((l) => l.includes('moving staff triage to Teams')).length).toBe(1);
    // The same page, the app behind it restarted: its database is the Teams set-up's own.
    expect(new URL(page.url()).port).toBe(String(sandbox.port));
    expect(sandbox.database).not.toBe(startDatabase);

    // 3. Vera files in the shared channel, where the bot posted its entry card in this set-up too.
    await page.locator(`${shared} .ac-adaptiveCard .ac-actionSet > button`, { hasText: 'Request TT02 access' }).first().click();
    await t.dialog().waitFor();
    for (const [id, v] of Object.entries({ vendor_org_number: REG.fjordkode, contact_name: 'Vera Leverandør', contact_email: 'vera@acme-systemer.test', contact_phone: '+47 412 34 567' })) await t.dialogInput(id).fill(v);
    await t.dialog().locator('input[type="radio"][value="fictitious_enterprise"]').check();
    await t.dialog().locator('.ac-actionSet > button', { hasText: /^\s*Send request\s*$/ }).click();
    await t.dialog().filter({ hasText: /TT02-\d{4}/ }).waitFor();
    const reference = referenceFrom((await t.dialog().textContent()) ?? '');
    await t.dialog().locator('.close').click();
    await page.locator(`${shared} .ms-post`, { has: page.locator('.ac-adaptiveCard', { hasText: reference }) }).waitFor();

    // 4. Kari works it to the end in Triage, in Teams; the confirmation is in Mail.
    await t.completeInTriage(reference, { fictitiousOrg: ORG.skatt, fnr: FNR });
    expect(await t.cardOf(reference).textContent()).toContain('FJORDKODE AS');
    await shot('triage-moved-to-teams');
    await page.locator('.ms-rail-item', { hasText: 'Mail' }).click();
    const mail = page.locator('.mail-item', { hasText: reference });
    await mail.locator('.mail-text', { hasText: maskFnr(FNR) }).waitFor({ timeout: 20_000 });
    // With triage in Teams, the Slack view has no triage channel.
    await be('staff', VENDOR);
    expect(await page.locator(`.nav-item[data-place="${TRIAGE}"]`).count()).toBe(0);

    // 5. Back to Slack triage, as another tab would ask, twice at once: one move, the other refused
    // while it runs; this page follows on its own.
    const move = () => fetch(`${sandbox.url}/sandbox/triage`, { method: 'POST', headers: { 'content-type': 'application/json', origin: sandbox.url }, body: JSON.stringify({ triage: 'slack' }) });
    const answers = await Promise.all([move(), move()]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(((await answers.find((a) => a.status === 409)?.json()) as { error: string }).error).toMatch(/already moving to Slack/);
    await page.locator('#triage-slack[aria-pressed="true"]').waitFor();
    await page.locator('#triage-move').waitFor({ state: 'detached' });
    expect(sandbox.database).toBe(startDatabase);
    // Nothing lost: #tt02-triage is as it was, and its cards still work.
    await be('staff', TRIAGE);
    expect(await slackTriage()).toEqual(before);
    // The card the pairing journey left at the fødselsnummer step opens its modal: the app is back on Slack triage's database.
    await clickCard('card_register_fnr');
    await modal().waitFor();
    await modal().locator('.modal-close').click();
    await modal().waitFor({ state: 'detached' });
    await expect(readFile(path.join(running?.dataDir ?? '', 'sandbox-triage.json'), 'utf8')).resolves.toBe('{"triage":"slack"}');
  }, 150_000);
});
