/**
 * Takes the README's picture of the sandbox (src/sandbox/screenshot.png):
 *   npx tsx test/sandbox/readmeScreenshot.ts
 * A fresh sandbox in a temporary folder; the vendor fills in the intake modal, sees the register's
 * answers under the organisation numbers, and gets field errors.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { startServer } from '../../src/server.js';
import { launchBrowser } from '../support/browser.js';

const out = path.resolve('src/sandbox/screenshot.png');
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tt02-readme-'));
const sandbox = await startServer(loadConfig({ PORT: '0', DATA_DIR: dataDir }), { logger: createLogger('warn') });
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${sandbox.url}/?as=vendor`);
  await page.click('[data-action-id="open_intake"]');
  const modal = page.locator('#modal-root .modal');
  await modal.locator('input[value="customer_delegation"]').check();
  await modal.locator('.bk-input[data-block-id="production_data_ack"]').waitFor();
  const fill = (id: string, v: string) => modal.locator(`.bk-input[data-block-id="${id}"] input`).first().fill(v);
  // Numbers from the sandbox's own register (src/sandbox/register.ts): its answer shows under each.
  const number = async (id: string, v: string, answer: string) => {
    await fill(id, v);
    await modal.locator(`.bk-context[data-block-id="${id}_register"]`, { hasText: answer }).waitFor();
  };
  await number('vendor_org_number', '921 638 450', 'ACME SYSTEMER AS');
  await fill('vendor_org_name', 'Acme Systemer AS');
  await fill('contact_name', 'Vera Leverandør');
  await fill('contact_email', 'vera@acme-systemer');
  await fill('contact_phone', '+47 412 34 567');
  await number('customer_org_number', '915 564 208', 'HAVBRIS BAKERI AS');
  await modal.locator('.modal-submit').click();
  await modal.locator('.bk-error').first().waitFor();
  await modal.locator('.bk-input[data-block-id="contact_email"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: out });
  process.stdout.write(`${out}\n`);
} finally {
  await browser.close();
  await sandbox.stop();
  await rm(dataDir, { recursive: true, force: true });
}
