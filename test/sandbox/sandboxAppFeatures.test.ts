/**
 * The app's later features through the sandbox page in a real browser: the Home tab (published on
 * app_home_opened, with buttons that reach the app as Home block actions), a vendor's thread reply
 * reaching the app as a `message` event and mirrored under the card, and files.uploadV2 (the
 * Altinn list shown as a file in the triage channel). Screenshots go to .data/artifacts/ (git-ignored).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxPage, type SandboxPage } from '../support/sandboxPage.js';

const ARTIFACTS = path.resolve('.data/artifacts');
const TRIAGE = 'GTRIAGE01';
const VENDOR = 'CVENDOR01';

let running: SandboxPage | undefined;
let sandbox: SandboxPage['sandbox'];
let page: Page;
let reference = '';

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  // Exactly what `npm start` gets with nothing configured, on a test database.
  running = await startSandboxPage();
  ({ sandbox, page } = running);
}, 60_000);

afterAll(async () => {
  await running?.stop();
});

const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `sandbox-${name}.png`) });

async function be(persona: 'vendor' | 'staff' | 'colleague', place: string): Promise<void> {
  await page.selectOption('#persona', persona);
  await page.locator(`body[data-as="${persona}"]`).waitFor();
  await page.click(`.nav-item[data-place="${place}"]`);
}

const modal = () => page.locator('#modal-root .modal');
const field = (blockId: string) => modal().locator(`.bk-input[data-block-id="${blockId}"] input, .bk-input[data-block-id="${blockId}"] textarea`).first();
const card = () => page.locator('#messages .message:not(.ephemeral)').filter({ has: page.locator('.bk-header', { hasText: reference }) }).last();
const homeRow = () => page.locator('.home-body .bk-section', { hasText: reference });

describe('the sandbox shows the app Home, thread replies and uploaded files', () => {
  it('lets staff see a filed request in the queue on Home and claim it there, and shows the vendor its own requests', async () => {
    // The vendor files a request from the pinned button.
    await page.goto(`${sandbox.url}/?as=vendor`);
    await page.locator('body[data-as="vendor"]').waitFor();
    await page.click(`.nav-item[data-place="${VENDOR}"]`);
    await page.locator('#messages .message.pinned [data-action-id="open_intake"]').click();
    await modal().waitFor();
    await modal().locator('input[value="fictitious_enterprise"]').check();
    for (const [blockId, value] of Object.entries({
      // Acme Systemer AS in the sandbox's own register (src/sandbox/register.ts).
      vendor_org_number: '921638450',
      vendor_org_name: 'Acme Systemer AS',
      contact_name: 'Vera Leverandør',
      contact_email: 'vera@acme-systemer.test',
      contact_phone: '+47 412 34 567',
    })) {
      await field(blockId).fill(value);
      // The number is looked up in the sandbox's register as it is typed; wait for its answer, as a person would.
      if (blockId === 'vendor_org_number') await modal().locator('.bk-context[data-block-id="vendor_org_number_register"]', { hasText: 'ACME SYSTEMER AS' }).waitFor();
    }
    await modal().locator('.modal-submit').click();
    await modal().locator('.modal-title', { hasText: 'Request sent' }).waitFor();
    reference = /TT02-\d{4}/.exec((await modal().textContent()) ?? '')?.[0] ?? '';
    expect(reference).not.toBe('');
    await modal().locator('.modal-close').click();
    await modal().waitFor({ state: 'detached' });

    // Staff open Home: the app hears app_home_opened and publishes the queue with the request unassigned.
    await be('staff', 'home');
    await page.locator('.home-body .bk-header', { hasText: 'TT02 access: the queue' }).waitFor();
    // It is listed as unassigned (and, in the queue's other lists, as waiting for a step).
    const unassigned = homeRow().filter({ has: page.locator('[data-action-id="home_claim"]') }).first();
    await unassigned.waitFor();
    expect(await unassigned.textContent()).toContain('unassigned');
    await shot('9-staff-home');
    await unassigned.locator('[data-action-id="home_claim"]').click();
    // The app claims it and republishes the tab: the request is now Kari's, with no claim button.
    await homeRow().filter({ hasText: '@Kari Saksbehandler' }).first().waitFor();
    expect(await page.locator('.home-body [data-action-id="home_claim"]').count()).toBe(0);
    // The card in the triage channel shows the claim too.
    await page.click(`.nav-item[data-place="${TRIAGE}"]`);
    await card().locator('[data-action-id="card_altinn"]').waitFor();

    // The vendor's Home lists its own request, not the queue.
    await be('vendor', 'home');
    await page.locator('.home-body .bk-header', { hasText: 'Your TT02 access requests' }).waitFor();
    await homeRow().waitFor();
    expect(await page.locator('.home-body').textContent()).not.toContain('the queue');
  }, 120_000);

  it("mirrors what the vendor writes in its request's thread into the card's thread for staff", async () => {
    await be('vendor', VENDOR);
    const receipt = page.locator('#messages .message', { hasText: `Request ${reference} received` });
    await receipt.hover();
    const openThread = receipt.locator('.replies, .reply-in-thread').first();
    await openThread.click();
    const reply = 'We use the test organisation for our payroll module, can you hurry?';
    await page.locator('#thread .composer-input').fill(reply);
    await page.locator('#thread .composer-input').press('Enter');
    await page.locator('#thread .message', { hasText: reply }).waitFor();

    await be('staff', TRIAGE);
    await card().locator('.replies').click();
    await page.locator('#thread .message', { hasText: reply }).waitFor({ timeout: 20_000 });
    expect(await page.locator('#thread').textContent()).toContain('Vera');
    await shot('10-mirrored-reply');
  }, 60_000);

  it('uploads the Altinn list from /tt02-access altinn as a CSV file in the triage channel, with a download link', async () => {
    await be('staff', TRIAGE);
    await page.locator('.channel .composer-input').fill('/tt02-access altinn');
    await page.locator('.channel .composer-input').press('Enter');
    await modal().waitFor();
    // The list arrives with the app's views.update; every waiting request is chosen to begin with.
    const list = modal().locator('select[data-action-id="altinn_requests"]');
    await list.waitFor();
    expect(await list.locator('option:checked').allTextContents()).toEqual([expect.stringContaining(reference)]);
    await modal().locator('.modal-submit').click();
    await modal().waitFor({ state: 'detached' });

    const file = page.locator('#messages .file[data-file-name$=".csv"]');
    await file.waitFor({ timeout: 20_000 });
    expect(await file.getAttribute('data-file-name')).toMatch(/^tt02-altinn-\d{4}-\d{2}-\d{2}\.csv$/);
    await shot('11-altinn-file');
    // The link serves the bytes the app uploaded: the CSV with the request in it.
    const href = (await file.locator('a.file-download').getAttribute('href')) ?? '';
    const res = await fetch(new URL(href, sandbox.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv');
    expect((await res.text()).toLowerCase()).toContain('acme systemer as');
  }, 60_000);
});
