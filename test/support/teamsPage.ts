/**
 * Driving the sandbox page's Teams view (src/sandbox/public/teams.js) in a browser: who you are, the
 * cards drawn by Microsoft's renderer, their buttons, and the dialogs.
 *
 *   const t = teamsPage(page);
 *   await t.be('staff', TEAMS_TRIAGE.id);
 *   await t.click(t.cardOf(reference), 'Ta saken');
 */
import type { Locator, Page } from 'playwright-core';
import { TEAMS_TRIAGE } from '../../src/sandbox/teamsCast.js';

export function teamsPage(page: Page) {
  const dialog = () => page.locator('#modal-root .ms-dialog');
  /** The post whose card names the reference (in Triage: the triage card, with its reply chain). */
  const post = (reference: string) => page.locator('.ms-post', { has: page.locator('.ac-adaptiveCard', { hasText: reference }) });
  /** A card's button by its exact title. */
  const button = (card: Locator, title: string) => card.locator('.ac-actionSet > button', { hasText: new RegExp(`^\\s*${title}\\s*$`) });
  const t = {
    dialog,
    post,
    button,
    cardOf: (reference: string) => post(reference).locator(':scope > .ms-message .ac-adaptiveCard').first(),
    /** Clicks a card's button once the card shows it (the app's update of the card may still be on its way). */
    click: (card: Locator, title: string) => button(card, title).first().click(),
    /** An input in the open dialog by its Adaptive Card id (the renderer puts the id on the input's wrapper). */
    dialogInput: (id: string) => dialog().locator(`[id="${id}"]`).locator('input, textarea').first(),
    /** The dialog's last button (its submit). */
    submitDialog: () => dialog().locator('.ac-actionSet > button').last().click(),
    /** The Teams view, as this persona, in this conversation. */
    async be(persona: 'vendor' | 'staff' | 'colleague', conversation?: string): Promise<void> {
      await page.click('#platform-teams');
      await page.locator('body[data-platform="teams"]').waitFor();
      await page.selectOption('#persona', persona);
      await page.locator(`body[data-platform="teams"][data-as="${persona}"]`).waitFor();
      if (conversation) await page.click(`.ms-rail-item[data-conversation="${conversation}"]`);
    },
    /**
     * Kari works a card in Triage to the end: claims it, records the fictitious enterprise, registers
     * the fødselsnummer and sends the confirmation, each through its dialog.
     */
    async completeInTriage(reference: string, o: { fictitiousOrg: string; fnr: string }): Promise<void> {
      await t.be('staff', TEAMS_TRIAGE.id);
      await t.cardOf(reference).waitFor();
      await t.click(t.cardOf(reference), 'Ta saken');
      await button(t.cardOf(reference), 'Overta saken').waitFor();
      await t.click(t.cardOf(reference), 'Fiktiv virksomhet opprettet');
      await dialog().waitFor();
      await t.dialogInput('fictitious_org_number').fill(o.fictitiousOrg);
      await t.submitDialog();
      await dialog().waitFor({ state: 'detached' });
      await t.click(t.cardOf(reference), 'Registrer fødselsnummer');
      await dialog().waitFor();
      await t.dialogInput('login_fnr').fill(o.fnr);
      await t.submitDialog();
      await dialog().waitFor({ state: 'detached' });
      await t.click(t.cardOf(reference), 'Send bekreftelse');
      await dialog().waitFor();
      await t.submitDialog();
      await dialog().waitFor({ state: 'detached' });
      await button(t.cardOf(reference), 'Send bekreftelse').waitFor({ state: 'detached' });
    },
  };
  return t;
}
