import type { CardElement, IAdaptiveCard, ISubmitAction, ITextBlock } from '@microsoft/teams.cards';
import type { RegisterLookup } from '../../app/ports.js';
import { ACCESS_TYPES, type IntakeInput } from '../../domain/intake.js';
import { parseOrgNumber } from '../../domain/orgnr.js';
import { texts, type Locale, type Texts } from '../../domain/texts/index.js';
import { cardMarkdown, plain } from './markdown.js';
import type { Dialog } from './dialogs.js';
import { VENDOR_VERB } from './vendorCards.js';

/**
 * The intake dialog: the Slack modal's fields, rules and errors, with the same input ids (the contract's
 * "Teams intake inputs"). A dialog has no dispatch on typing and no per-field errors, so:
 * - every round trip is a `task/submit` answered with the dialog again, values kept: "Send request"
 *   (errors under their fields), "English / Norsk" (the language switched), "Check" (the register's
 *   answer under the organisation numbers) and "Update" (the customer's fields shown or hidden after
 *   the access type was chosen: an Input.ChoiceSet cannot refresh the dialog itself);
 * - a customer delegation sent without the customer's fields shows them, with their errors.
 */

export type IntakeOp = 'submit' | 'lang' | 'check' | 'update';

/** What every action of the dialog carries back: which round trip, the dialog's language and its submission key. */
export interface IntakeDialogData {
  verb: typeof VENDOR_VERB.intake;
  op: IntakeOp;
  l: Locale;
  k: string;
}

export const PRODUCTION_DATA_ACK_ON = 'acknowledged';

export const ORG_FIELDS = ['vendor_org_number', 'customer_org_number'] as const;
export type OrgField = (typeof ORG_FIELDS)[number];

export interface IntakeDialogState {
  locale: Locale;
  /** The submission key: the same dialog sent twice is one request (as Slack's view id). */
  key: string;
  values?: IntakeInput;
  /** Errors by field id, already in the dialog's language. */
  errors?: Partial<Record<string, string>>;
  /** The register's answers under the organisation numbers (Markdown). */
  notes?: Partial<Record<OrgField, string>>;
  registerOn: boolean;
}

const text = (s: string, o: Partial<ITextBlock> = {}): ITextBlock => ({ type: 'TextBlock', text: s, wrap: true, ...o });

/** The register's answer for a typed number as the line under its field (undefined: nothing to say yet). */
export function registerNote(t: Texts, typed: string | null | undefined, lookup: RegisterLookup | undefined): string | undefined {
  const parsed = parseOrgNumber(typed ?? '');
  if (!parsed.ok) return parsed.error === 'checksum' ? cardMarkdown(t.registerNote.checksum) : undefined;
  switch (lookup?.kind) {
    case 'found': {
      if (lookup.deleted) return cardMarkdown(t.registerNote.deleted);
      const flags = [lookup.bankrupt ? t.registerNote.bankrupt : '', lookup.windingUp ? t.registerNote.windingUp : ''].filter(Boolean);
      const line = cardMarkdown(t.registerNote.found('\u0000', lookup.place ? '\u0001' : null)).replace('\u0000', plain(lookup.name)).replace('\u0001', plain(lookup.place ?? ''));
      return flags.length > 0 ? `${line} · 🚨 **${flags.join(', ')}**` : line;
    }
    case 'not_found':
      return cardMarkdown(t.registerNote.notFound);
    case 'removed':
      return cardMarkdown(t.registerNote.removed);
    case 'unavailable':
      return cardMarkdown(t.registerNote.unavailable);
    default:
      return undefined;
  }
}

export function intakeDialog(s: IntakeDialogState): Dialog {
  const t = texts(s.locale);
  const v = s.values ?? {};
  const data = (op: IntakeOp): IntakeDialogData => ({ verb: VENDOR_VERB.intake, op, l: s.locale, k: s.key });
  const submit = (title: string, op: IntakeOp, style?: 'positive'): ISubmitAction =>
    ({ type: 'Action.Submit', title, data: data(op), ...(style ? { style } : {}) }) as ISubmitAction;
  const errorUnder = (id: string): ITextBlock[] => {
    const e = s.errors?.[id];
    return e ? [text(cardMarkdown(e), { color: 'Attention', size: 'Small', spacing: 'None', id: `${id}_error` })] : [];
  };
  const hint = (h: string): ITextBlock[] => [text(cardMarkdown(h), { isSubtle: true, size: 'Small', spacing: 'None' })];
  // No `isRequired`: Teams (and its renderer) then refuse every Action.Submit of the form until all
  // required inputs are filled, so "Check", the language switch and "Update form" would not work on a
  // half-filled form. The app checks on "Send" and shows "required" under the field, as for any error;
  // the label keeps the asterisk.
  const input = (id: keyof IntakeInput, label: string, o: { placeholder?: string; maxLength?: number; style?: 'Email' | 'Tel'; optional?: boolean } = {}): CardElement => {
    const value = v[id];
    return {
      type: 'Input.Text',
      id,
      label: o.optional ? label : `${label} *`,
      ...(o.placeholder ? { placeholder: o.placeholder } : {}),
      ...(o.maxLength ? { maxLength: o.maxLength } : {}),
      ...(o.style ? { style: o.style } : {}),
      ...(typeof value === 'string' && value ? { value } : {}),
    } as CardElement;
  };
  /** An organisation number with its "Check" button beside it and the register's answer under it. */
  const orgNumber = (id: OrgField, label: string): CardElement[] => {
    const field = input(id, label, { placeholder: t.intake.placeholders.orgNumber, maxLength: 20 });
    const note = s.notes?.[id];
    const row: CardElement = s.registerOn
      ? ({
          type: 'ColumnSet',
          columns: [
            { type: 'Column', width: 'stretch', items: [field] },
            { type: 'Column', width: 'auto', verticalContentAlignment: 'Bottom', items: [{ type: 'ActionSet', actions: [submit(t.intake.teamsCheck, 'check')] }] },
          ],
        } as CardElement)
      : field;
    return [row, ...errorUnder(id), ...(note ? [text(note, { size: 'Small', spacing: 'None', id: `${id}_register` })] : [])];
  };
  const orgName = (id: 'vendor_org_name' | 'customer_org_name', label: string): CardElement[] => [
    input(id, label, { maxLength: 200, optional: s.registerOn }),
    ...errorUnder(id),
    ...(s.registerOn ? hint(t.intake.hints.orgNameFromRegister) : []),
  ];
  const accessType = v.access_type && (ACCESS_TYPES as readonly string[]).includes(v.access_type) ? v.access_type : undefined;

  const body: CardElement[] = [
    { type: 'ActionSet', actions: [submit(t.language.switchTo, 'lang')] } as CardElement,
    text(cardMarkdown(t.intake.testOnly)),
    text(cardMarkdown(t.intake.vendorSection), { separator: true }),
    ...orgNumber('vendor_org_number', t.intake.labels.vendor_org_number),
    ...orgName('vendor_org_name', t.intake.labels.vendor_org_name),
    text(cardMarkdown(t.intake.contactSection)),
    input('contact_name', t.intake.labels.contact_name, { maxLength: 200 }),
    ...errorUnder('contact_name'),
    input('contact_email', t.intake.labels.contact_email, { placeholder: t.intake.placeholders.email, style: 'Email' }),
    ...errorUnder('contact_email'),
    ...hint(t.intake.hints.contact_email),
    input('contact_phone', t.intake.labels.contact_phone, { placeholder: t.intake.placeholders.phone, style: 'Tel', maxLength: 30 }),
    ...errorUnder('contact_phone'),
    ...hint(t.intake.hints.contact_phone),
    {
      type: 'Input.ChoiceSet',
      id: 'access_type',
      label: `${t.intake.labels.access_type} *`,
      style: 'expanded',
      choices: ACCESS_TYPES.map((a) => ({ title: `${t.accessType[a]}: ${t.accessTypeHelp[a]}`, value: a })),
      ...(accessType ? { value: accessType } : {}),
      separator: true,
    } as CardElement,
    ...errorUnder('access_type'),
  ];
  if (accessType === 'customer_delegation') {
    body.push(
      text(cardMarkdown(t.intake.customerSection), { separator: true }),
      ...orgNumber('customer_org_number', t.intake.labels.customer_org_number),
      ...orgName('customer_org_name', t.intake.labels.customer_org_name),
      input('customer_email', t.intake.labels.customer_email, { placeholder: t.intake.placeholders.email, style: 'Email' }),
      ...errorUnder('customer_email'),
      input('customer_phone', t.intake.labels.customer_phone, { placeholder: t.intake.placeholders.phone, style: 'Tel', maxLength: 30 }),
      ...errorUnder('customer_phone'),
      text(cardMarkdown(t.intake.productionDataNotice)),
      {
        type: 'Input.Toggle',
        id: 'production_data_ack',
        title: t.intake.productionDataAck,
        label: t.intake.labels.production_data_ack,
        valueOn: PRODUCTION_DATA_ACK_ON,
        valueOff: '',
        value: v.production_data_ack ? PRODUCTION_DATA_ACK_ON : '',
      } as CardElement,
      ...errorUnder('production_data_ack'),
    );
  } else {
    body.push(text(cardMarkdown(t.intake.teamsUpdateHint), { isSubtle: true, size: 'Small', spacing: 'None' }));
  }
  const card: IAdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    actions: [submit(t.intake.submit, 'submit', 'positive'), submit(t.intake.teamsUpdate, 'update')],
  };
  return { title: t.intake.title, card };
}

/** Shown in place of the form once the request is stored (or when intake is not allowed here). */
export function intakeNoticeDialog(locale: Locale, title: string, message: string): Dialog {
  return {
    title,
    card: { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body: [text(cardMarkdown(message))] },
  };
}

/** A dialog with one text input (the vendor's answer, the 👎's why). */
export function vendorTextDialog(o: {
  title: string;
  submit: string;
  intro?: string;
  id: string;
  label: string;
  hint: string;
  maxLength: number;
  value?: string;
  error?: string;
  data: Record<string, unknown>;
}): Dialog {
  return {
    title: o.title,
    card: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body: [
        ...(o.intro ? [text(o.intro)] : []),
        { type: 'Input.Text', id: o.id, label: o.label, isMultiline: true, maxLength: o.maxLength, ...(o.value ? { value: o.value } : {}) } as CardElement,
        ...(o.error ? [text(cardMarkdown(o.error), { color: 'Attention', size: 'Small', spacing: 'None' })] : []),
        text(cardMarkdown(o.hint), { isSubtle: true, size: 'Small', spacing: 'None' }),
      ],
      actions: [{ type: 'Action.Submit', title: o.submit, style: 'positive', data: o.data } as ISubmitAction],
    },
  };
}

