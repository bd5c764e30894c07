import { describe, expect, it } from 'vitest';
import type { IExecuteAction, ISubmitAction, ITextBlock } from '@microsoft/teams.cards';
import type { CardData } from '../../../src/app/loadCard.js';
import { maskFnr } from '../../../src/domain/fnr.js';
import { texts } from '../../../src/domain/texts/index.js';
import { CARD_VERB, teamsTriageCard } from '../../../src/teams/views/triageCard.js';
import { requestRow } from '../../support/requestRow.js';

const FNR = '01018012345';
const card = (over: Parameters<typeof requestRow>[0] = {}, extra: Partial<CardData> = {}) =>
  teamsTriageCard({ request: requestRow({ number: 42, ...over }), events: [], mail: null, ...extra }, 'nb');
const json = (c: ReturnType<typeof card>) => JSON.stringify(c);
const actions = (c: ReturnType<typeof card>) => (c.actions ?? []) as (IExecuteAction | ISubmitAction)[];
/** An Execute button's verb, or the verb a dialog button carries in its data. */
const verbOf = (a: IExecuteAction | ISubmitAction) => (a.type === 'Action.Execute' ? a.verb : (a.data as { verb?: string }).verb);
const blocks = (c: ReturnType<typeof card>) => c.body.filter((b): b is ITextBlock => b.type === 'TextBlock').map((b) => b.text);

describe('the triage card in Teams', () => {
  it('is an Adaptive Card 1.5 with the reference, the vendor and the facts, texts from the catalogue', () => {
    const c = card();
    const t = texts('nb');
    expect(c).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(blocks(c)[0]).toBe('TT02-0042 · Leverandør AS');
    expect(json(c)).toContain(t.card.status);
    expect(json(c)).toContain(t.accessType.customer_delegation);
    expect(json(c)).toContain('974 760 673');
    expect(json(c)).toContain(t.card.nobody);
  });

  it('a one-click step is an Action.Execute with the step as verb, the request and its status as data, and an Action.Submit fallback', () => {
    const c = card();
    expect(actions(c).map(verbOf)).toEqual([CARD_VERB.claim, CARD_VERB.assign, CARD_VERB.altinn, CARD_VERB.askInfo, CARD_VERB.reject, CARD_VERB.fixContact]);
    const executes = actions(c).filter((a): a is IExecuteAction => a.type === 'Action.Execute');
    expect(executes.map((a) => a.verb)).toEqual([CARD_VERB.claim, CARD_VERB.altinn]);
    for (const a of executes) {
      expect(a.data).toMatchObject({ r: requestRow().id, s: 'submitted' });
      expect(a.fallback).toMatchObject({ type: 'Action.Submit', title: a.title, data: { r: requestRow().id, s: 'submitted', verb: a.verb } });
    }
    expect(executes[0]!.data).toEqual({ r: requestRow().id, s: 'submitted', x: '' });
  });

  it('a step that needs input is an Action.Submit that opens its dialog (task/fetch), with the same verb and data', () => {
    const dialogs = actions(card()).filter((a): a is ISubmitAction => a.type === 'Action.Submit');
    expect(dialogs.map(verbOf)).toEqual([CARD_VERB.assign, CARD_VERB.askInfo, CARD_VERB.reject, CARD_VERB.fixContact]);
    for (const a of dialogs) expect(a.data).toEqual({ r: requestRow().id, s: 'submitted', verb: verbOf(a), msteams: { type: 'task/fetch' } });
    const fictitious = actions(card({ accessType: 'fictitious_enterprise', customerOrgNumber: null }));
    expect(fictitious.find((a) => verbOf(a) === CARD_VERB.altinn)?.type).toBe('Action.Submit');
  });

  it('a notice for the clicker goes first, in the attention colour', () => {
    const c = teamsTriageCard({ request: requestRow({ number: 42 }), events: [], mail: null }, 'nb', { notice: 'Flyttet videre' });
    expect(c.body[0]).toMatchObject({ type: 'TextBlock', text: 'Flyttet videre', color: 'Attention' });
  });

  it('offers only the steps the status allows: after Altinn, the fødselsnummer; closed cards have none', () => {
    expect(actions(card({ status: 'altinn_done', assigneeUserId: 'aad-1' })).map(verbOf)).toContain(CARD_VERB.registerFnr);
    expect(actions(card({ status: 'altinn_done', assigneeUserId: 'aad-1' })).map(verbOf)).not.toContain(CARD_VERB.altinn);
    expect(actions(card({ status: 'rejected', rejectionReason: 'Nei' }))).toEqual([]);
  });

  it('masks the fødselsnummer: the number itself never appears on the card', () => {
    const c = card({ status: 'fnr_registered', loginFnr: FNR, loginFnrKind: 'synthetic' });
    expect(json(c)).not.toContain(FNR);
    expect(blocks(c)).toContain(`**${texts('nb').card.loginFnr}**\n\n${maskFnr(FNR)}`);
  });

  it('shows typed text as typed: Markdown in a name or a question makes no link or bold text', () => {
    const c = card({ status: 'needs_info', pausedFrom: 'submitted', vendorOrgName: '**Evil** [click](https://evil.example)', openQuestion: 'Hvilken _kanal_?' });
    expect(JSON.stringify(c.body)).not.toContain('[click](https://evil.example)');
    expect(blocks(c)[0]).toContain('\\*\\*Evil\\*\\* \\[click\\]\\(https://evil.example\\)');
    expect(json(c)).toContain('Hvilken \\\\_kanal\\\\_?');
  });

  it("turns the catalogue's Slack mrkdwn into card Markdown: no :emoji: shortcodes, bold as **", () => {
    const c = card({ verification: 'not_verified' });
    expect(json(c)).not.toMatch(/:[a-z_]+:/);
    expect(json(c)).toContain('⚠️ **');
  });
});
