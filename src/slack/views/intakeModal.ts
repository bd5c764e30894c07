import type { KnownBlock, ModalView } from '@slack/types';
import { z } from 'zod';
import { parseMetadata } from './metadata.js';
import { ACCESS_TYPES, isAccessType, type AccessType, type IntakeInput } from '../../domain/intake.js';
import { LOCALES, texts, type Locale } from '../../domain/texts/index.js';
import { actions, button, context, divider, plain, section, textInput } from './kit.js';
import { registerNoteBlockId, type RegisterNotes } from './registerNote.js';

export const INTAKE_CALLBACK_ID = 'tt02_intake';
export const ACCESS_TYPE_ACTION_ID = 'access_type';
/** The "English / Norsk" switch at the top of the modal; its value is the language to switch to. */
export const INTAKE_LANGUAGE_ACTION_ID = 'intake_language';
export const PRODUCTION_DATA_ACK_VALUE = 'acknowledged';

/** Context the modal carries between Slack round trips; parsed, never trusted blindly. */
export const intakeMetadataSchema = z.object({
  channelId: z.string().regex(/^[CGD][A-Z0-9]+$/),
  locale: z.enum(LOCALES),
});
export type IntakeMetadata = z.infer<typeof intakeMetadataSchema>;

export const parseIntakeMetadata = (raw: string | undefined): IntakeMetadata | null => parseMetadata(intakeMetadataSchema, raw);

/**
 * The intake modal. `values` re-fills what the user already typed when the modal is rebuilt
 * (access type or language switched, register answer shown), or pre-fills it from the vendor's last
 * request, so nothing typed is lost. `notes` are the register's answers under the number fields.
 */
export function intakeModal(
  meta: IntakeMetadata,
  values: IntakeInput = {},
  opts: { registerOn?: boolean; notes?: RegisterNotes } = {},
): ModalView {
  const t = texts(meta.locale);
  const noteFor = (field: 'vendor_org_number' | 'customer_org_number'): KnownBlock[] => {
    const note = opts.registerOn ? opts.notes?.[field] : undefined;
    return note ? [{ ...context(note), block_id: registerNoteBlockId(field) }] : [];
  };
  // With Enhetsregisteret on, numbers are looked up as they are typed and names may be left blank.
  const orgNumberInput = (blockId: 'vendor_org_number' | 'customer_org_number', label: string, initial: string | null | undefined) => {
    const block = textInput(blockId, label, { initial, placeholder: t.intake.placeholders.orgNumber, maxLength: 20 });
    if (!opts.registerOn) return block;
    return {
      ...block,
      dispatch_action: true,
      element: { ...block.element, dispatch_action_config: { trigger_actions_on: ['on_character_entered' as const] } },
    } as typeof block;
  };
  const orgNameInput = (blockId: 'vendor_org_name' | 'customer_org_name', label: string, initial: string | null | undefined) =>
    textInput(blockId, label, {
      initial,
      maxLength: 200,
      ...(opts.registerOn ? { optional: true, hint: t.intake.hints.orgNameFromRegister } : {}),
    });
  const accessType = values.access_type && isAccessType(values.access_type) ? values.access_type : undefined;
  const option = (type: AccessType) => ({
    text: plain(t.accessType[type], 75),
    description: plain(t.accessTypeHelp[type], 75),
    value: type,
  });

  const blocks: KnownBlock[] = [
    actions(INTAKE_LANGUAGE_ACTION_ID, [button(t.language.switchTo, INTAKE_LANGUAGE_ACTION_ID, meta.locale === 'en' ? 'nb' : 'en')]),
    section(t.intake.testOnly),
    divider(),
    section(t.intake.vendorSection),
    orgNumberInput('vendor_org_number', t.intake.labels.vendor_org_number, values.vendor_org_number),
    ...noteFor('vendor_org_number'),
    orgNameInput('vendor_org_name', t.intake.labels.vendor_org_name, values.vendor_org_name),
    section(t.intake.contactSection),
    textInput('contact_name', t.intake.labels.contact_name, { initial: values.contact_name, maxLength: 200 }),
    textInput('contact_email', t.intake.labels.contact_email, {
      initial: values.contact_email,
      email: true,
      placeholder: t.intake.placeholders.email,
      hint: t.intake.hints.contact_email,
    }),
    textInput('contact_phone', t.intake.labels.contact_phone, {
      initial: values.contact_phone,
      placeholder: t.intake.placeholders.phone,
      hint: t.intake.hints.contact_phone,
      maxLength: 30,
    }),
    divider(),
    {
      type: 'input',
      block_id: 'access_type',
      label: plain(t.intake.labels.access_type),
      dispatch_action: true,
      element: {
        type: 'radio_buttons',
        action_id: ACCESS_TYPE_ACTION_ID,
        options: ACCESS_TYPES.map(option),
        ...(accessType ? { initial_option: option(accessType) } : {}),
      },
    },
  ];

  if (accessType === 'customer_delegation') {
    const ackOption = { text: plain(t.intake.productionDataAck, 75), value: PRODUCTION_DATA_ACK_VALUE };
    blocks.push(
      section(t.intake.customerSection),
      orgNumberInput('customer_org_number', t.intake.labels.customer_org_number, values.customer_org_number),
      ...noteFor('customer_org_number'),
      orgNameInput('customer_org_name', t.intake.labels.customer_org_name, values.customer_org_name),
      textInput('customer_email', t.intake.labels.customer_email, {
        initial: values.customer_email,
        email: true,
        placeholder: t.intake.placeholders.email,
      }),
      textInput('customer_phone', t.intake.labels.customer_phone, {
        initial: values.customer_phone,
        placeholder: t.intake.placeholders.phone,
        maxLength: 30,
      }),
      context(t.intake.productionDataNotice),
      {
        type: 'input',
        block_id: 'production_data_ack',
        label: plain(t.intake.labels.production_data_ack),
        element: {
          type: 'checkboxes',
          action_id: 'production_data_ack',
          options: [ackOption],
          ...(values.production_data_ack ? { initial_options: [ackOption] } : {}),
        },
      },
    );
  }

  return {
    type: 'modal',
    callback_id: INTAKE_CALLBACK_ID,
    title: plain(t.intake.title, 24),
    submit: plain(t.intake.submit, 24),
    close: plain(t.intake.close, 24),
    private_metadata: JSON.stringify(meta),
    blocks,
  };
}

/** Shown in place of the form once the request is stored. */
export function submittedModal(locale: Locale, reference: string): ModalView {
  const t = texts(locale);
  return {
    type: 'modal',
    callback_id: 'tt02_intake_done',
    title: plain(t.submitted.title, 24),
    close: plain(t.submitted.close, 24),
    blocks: [section(t.submitted.body(reference))],
  };
}

/** Shown instead of the form when intake is not allowed from where it was opened. */
export function noticeModal(locale: Locale, message: string): ModalView {
  const t = texts(locale);
  return {
    type: 'modal',
    callback_id: 'tt02_notice',
    title: plain(t.intake.title, 24),
    close: plain(t.submitted.close, 24),
    blocks: [section(message)],
  };
}

/** Reads the modal's state.values into the domain's input shape. */
export function readIntakeValues(values: Record<string, Record<string, SlackInputValue>> | undefined): IntakeInput {
  const v = values ?? {};
  const text = (id: string) => v[id]?.[id]?.value ?? null;
  return {
    vendor_org_number: text('vendor_org_number'),
    vendor_org_name: text('vendor_org_name'),
    contact_name: text('contact_name'),
    contact_email: text('contact_email'),
    contact_phone: text('contact_phone'),
    access_type: v.access_type?.[ACCESS_TYPE_ACTION_ID]?.selected_option?.value ?? null,
    customer_org_number: text('customer_org_number'),
    customer_org_name: text('customer_org_name'),
    customer_email: text('customer_email'),
    customer_phone: text('customer_phone'),
    production_data_ack: (v.production_data_ack?.production_data_ack?.selected_options ?? []).some(
      (o) => o.value === PRODUCTION_DATA_ACK_VALUE,
    ),
  };
}

export interface SlackInputValue {
  type?: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[] | null;
}
