import { describe, expect, it } from 'vitest';
import type { IChoiceSetInput, ISubmitAction, ITextBlock } from '@microsoft/teams.cards';
import { texts } from '../../../src/domain/texts/index.js';
import { CARD_STEP } from '../../../src/domain/cardSteps.js';
import {
  assignDialog,
  confirmationPreviewDialog,
  fictitiousOrgDialog,
  fixContactDialog,
  registerFnrDialog,
  resumeDialog,
} from '../../../src/teams/views/dialogs.js';
import { requestRow } from '../../support/requestRow.js';

const r = requestRow({ number: 7 });
const submitOf = (d: { card: { actions?: unknown[] } }) => d.card.actions![0] as ISubmitAction;
const after = (d: { card: { body: { id?: string }[] } }, id: string) => d.card.body[d.card.body.findIndex((e) => e.id === id) + 1] as ITextBlock;

describe('the Teams dialogs of the card steps', () => {
  it('submit with the verb, the request and the status it was opened for', () => {
    expect(submitOf(fictitiousOrgDialog(r, 'nb')).data).toEqual({ verb: CARD_STEP.altinn, r: r.id, s: r.status });
    expect(submitOf(registerFnrDialog(r, 'nb', {}, 12)).data).toEqual({ verb: CARD_STEP.retryMail, r: r.id, s: r.status, x: '12' });
  });

  it('show each error under its input in the attention colour, and keep what was typed', () => {
    const d = fixContactDialog(r, 'en', { values: { contact_email: 'x@', contact_phone: '1' }, errors: { contact_email: 'Bad email' } });
    expect(after(d, 'contact_email')).toMatchObject({ type: 'TextBlock', text: 'Bad email', color: 'Attention' });
    expect(d.card.body.find((e) => (e as { id?: string }).id === 'contact_email')).toMatchObject({ value: 'x@' });
    expect((after(d, 'contact_phone') as ITextBlock | undefined)?.color).not.toBe('Attention');
    expect(d.title).toBe(texts('en').conversation.contactModal.title);
  });

  it('show typed text as typed: a vendor name cannot become a link in the intro', () => {
    const d = fictitiousOrgDialog(requestRow({ vendorOrgName: '[click](https://evil.example)' }), 'nb');
    expect(JSON.stringify(d.card.body)).not.toContain('[click](https://evil.example)');
  });

  it('resume is pre-filled with the vendor’s latest reply; assign is a people picker over the directory', () => {
    expect(JSON.stringify(resumeDialog(requestRow({ status: 'needs_info', pausedFrom: 'submitted', lastVendorReply: 'Svar fra tråden' }), 'nb').card)).toContain('Svar fra tråden');
    const picker = assignDialog(r, 'nb').card.body.find((e) => (e as { id?: string }).id === 'assignee') as IChoiceSetInput;
    expect(picker['choices.data']).toEqual({ type: 'Data.Query', dataset: 'graph.microsoft.com/users' });
  });

  it('the confirmation preview masks the fødselsnummer', () => {
    const fnr = '01018012345';
    const d = confirmationPreviewDialog(requestRow({ status: 'fnr_registered', loginFnr: fnr }), { to: ['kari@acme.no'], subject: 'Emne', text: `Nummer: ${fnr}` }, { to: 'Kari' }, 'nb');
    expect(JSON.stringify(d.card)).not.toContain(fnr);
    expect(JSON.stringify(d.card)).toContain('kari@acme.no');
  });
});
