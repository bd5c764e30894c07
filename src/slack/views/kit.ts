import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  InputBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from '@slack/types';

/** Escapes user text for mrkdwn so it can neither ping (<!channel>) nor disguise links (<url|text>). */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to Slack's hard limits (the API rejects longer strings). */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

// `emoji` is left out: true is Slack's default, and every byte of a view is sent, parsed and echoed back.
export const plain = (text: string, max = 3000): PlainTextElement => ({ type: 'plain_text', text: clip(text, max) });
export const mrkdwn = (text: string): MrkdwnElement => ({ type: 'mrkdwn', text: clip(text, 3000) });

export const section = (text: string, extra: Partial<SectionBlock> = {}): SectionBlock => ({
  type: 'section',
  text: mrkdwn(text),
  ...extra,
});
/**
 * A section that shows what someone typed (escaped with esc): `verbatim`, so Slack does not parse the
 * words for mentions, channel names or links. Our own <@U…> markup still renders.
 */
export const typedSection = (text: string): SectionBlock => ({ type: 'section', text: { ...mrkdwn(text), verbatim: true } });
/** Card fields: names and addresses as typed, so `verbatim` as in typedSection. */
export const fields = (items: string[]): SectionBlock => ({
  type: 'section',
  fields: items.slice(0, 10).map((t) => ({ ...mrkdwn(clip(t, 2000)), verbatim: true })),
});
export const header = (text: string): HeaderBlock => ({ type: 'header', text: plain(text, 150) });
export const context = (...texts: string[]): ContextBlock => ({ type: 'context', elements: texts.map(mrkdwn) });
export const divider = (): DividerBlock => ({ type: 'divider' });
export const actions = (blockId: string, elements: Button[]): ActionsBlock => ({
  type: 'actions',
  block_id: blockId,
  elements: elements.slice(0, 25),
});

export function button(
  text: string,
  actionId: string,
  value: string,
  opts: { style?: 'primary' | 'danger'; confirm?: Button['confirm'] } = {},
): Button {
  return {
    type: 'button',
    text: plain(text, 75),
    action_id: actionId,
    value: clip(value, 2000),
    ...(opts.style ? { style: opts.style } : {}),
    ...(opts.confirm ? { confirm: opts.confirm } : {}),
  };
}

export function textInput(
  blockId: string,
  label: string,
  opts: {
    initial?: string | null;
    placeholder?: string;
    hint?: string;
    optional?: boolean;
    multiline?: boolean;
    maxLength?: number;
    email?: boolean;
  } = {},
): InputBlock {
  const element = opts.email
    ? {
        type: 'email_text_input' as const,
        action_id: blockId,
        ...(opts.initial ? { initial_value: opts.initial } : {}),
        ...(opts.placeholder ? { placeholder: plain(opts.placeholder, 150) } : {}),
      }
    : {
        type: 'plain_text_input' as const,
        action_id: blockId,
        ...(opts.initial ? { initial_value: opts.initial } : {}),
        ...(opts.placeholder ? { placeholder: plain(opts.placeholder, 150) } : {}),
        ...(opts.multiline ? { multiline: true } : {}),
        ...(opts.maxLength ? { max_length: opts.maxLength } : {}),
      };
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, 2000),
    element,
    ...(opts.hint ? { hint: plain(opts.hint, 2000) } : {}),
    ...(opts.optional ? { optional: true } : {}),
  };
}
