/* global document, setTimeout, clearTimeout */
/**
 * Block Kit to DOM, for the sandbox page: the blocks and elements this app sends, drawn the way
 * Slack draws them. Everything is built with DOM calls and textContent, never innerHTML, so text
 * from the app (or typed by a user) can never become markup.
 *
 * ctx: {
 *   users: [{id, realName}], channels: [{id, name}],
 *   values: { [block_id]: { [action_id]: stateValue } }   (modal inputs, kept by the page)
 *   errors: { [block_id]: message }                          (response_action: errors)
 *   onAction(blockId, element, actionPayload)                (buttons, selects, dispatching inputs)
 *   onInput(blockId, element, stateValue)                    (a modal input changed)
 *   confirm(confirmObject) -> Promise<boolean>               (a button's confirm dialog)
 *   viewer: { locale, timeZone }                             (whose Slack settings dates are shown in)
 *   openUrl(url)                                             (a link button was clicked)
 * }
 */

import { formatSlackDate } from './slackDate.js';

const EMOJI = {
  arrow_forward: '▶️', ballot_box_with_check: '☑️', double_vertical_bar: '⏸️', email: '📧', handshake: '🤝',
  heavy_minus_sign: '➖', hourglass_flowing_sand: '⏳', inbox_tray: '📥', information_source: 'ℹ️',
  large_blue_circle: '🔵', large_orange_circle: '🟠', large_yellow_circle: '🟡', no_entry: '⛔', question: '❓',
  rotating_light: '🚨', speech_balloon: '💬', test_tube: '🧪', warning: '⚠️', white_check_mark: '✅', x: '❌',
  pushpin: '📌', lock: '🔒', pray: '🙏', wave: '👋', sunny: '☀️', alarm_clock: '⏰', bust_in_silhouette: '👤',
  twisted_rightwards_arrows: '🔀', '+1': '👍', '-1': '👎',
};

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

const decode = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const emojify = (s) => s.replace(/:([a-z0-9_+-]+):/g, (m, name) => (Object.hasOwn(EMOJI, name) ? EMOJI[name] : m));

/** Slack's <…> tokens: mentions, channels, dates, links. */
function special(token, ctx) {
  const [target, label] = token.split('|');
  if (target.startsWith('@')) {
    const u = ctx.users?.find((x) => x.id === target.slice(1));
    return h('span', { class: 'mention' }, `@${u ? u.realName : target.slice(1)}`);
  }
  if (target.startsWith('#')) {
    const c = ctx.channels?.find((x) => x.id === target.slice(1));
    return h('span', { class: 'mention' }, `#${label ?? (c ? c.name : target.slice(1))}`);
  }
  if (target.startsWith('!date^')) {
    // <!date^SECONDS^FORMAT[^LINK]|fallback>, in the viewer's locale and time zone; the fallback when unreadable.
    const [, secondsText, format] = target.split('^');
    const seconds = Number(secondsText);
    const ok = /^\d+$/.test(secondsText ?? '') && format && ctx.viewer;
    return h('span', { class: 'date' }, ok ? formatSlackDate(seconds, decode(format), ctx.viewer) : decode(label ?? ''));
  }
  if (target.startsWith('!')) return h('span', { class: 'mention' }, `@${target.slice(1)}`);
  const href = decode(target);
  if (/^(https?:|mailto:)/.test(href)) return h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, decode(label ?? target));
  return document.createTextNode(decode(token));
}

/** Inline mrkdwn: *bold*, _italic_, ~strike~, `code`, <links>, :emoji:. */
function inline(text, ctx) {
  const out = [];
  const re = /<([^<>\n]+)>|`([^`\n]+)`|\*([^*\n]+)\*|(?<![\w])_([^_\n]+)_(?![\w])|~([^~\n]+)~/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push(emojify(decode(text.slice(last, m.index))));
    if (m[1] !== undefined) out.push(special(m[1], ctx));
    else if (m[2] !== undefined) out.push(h('code', {}, decode(m[2])));
    else if (m[3] !== undefined) out.push(h('b', {}, ...inline(m[3], ctx)));
    else if (m[4] !== undefined) out.push(h('i', {}, ...inline(m[4], ctx)));
    else if (m[5] !== undefined) out.push(h('s', {}, ...inline(m[5], ctx)));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(emojify(decode(text.slice(last))));
  return out;
}

/** Slack's mrkdwn as DOM: code blocks, > quotes, line breaks, then inline formatting. */
export function mrkdwn(text, ctx) {
  const root = h('span', { class: 'mrkdwn' });
  const parts = String(text).split('```');
  parts.forEach((part, i) => {
    if (i % 2 === 1) return void root.append(h('pre', {}, decode(part.replace(/^\n/, ''))));
    let quote = null;
    part.split('\n').forEach((line, j, lines) => {
      const q = /^(&gt;|>)\s?(.*)$/.exec(line);
      if (q) {
        if (!quote) root.append((quote = h('blockquote')));
        if (quote.childNodes.length) quote.append(h('br'));
        quote.append(...inline(q[2], ctx));
        return;
      }
      quote = null;
      root.append(...inline(line, ctx));
      if (j < lines.length - 1) root.append(h('br'));
    });
  });
  return root;
}

export function textObject(t, ctx) {
  if (!t) return h('span');
  return t.type === 'mrkdwn' ? mrkdwn(t.text, ctx) : h('span', { class: 'plain' }, emojify(t.text));
}

function optionLabel(o, ctx) {
  return h('span', {}, textObject(o.text, ctx), o.description ? h('span', { class: 'option-desc' }, textObject(o.description, ctx)) : null);
}

/** An interactive element; inside input blocks its value is kept in ctx.values, elsewhere it fires an action. */
function element(el, blockId, ctx, inInput) {
  const fire = (payload) => ctx.onAction?.(blockId, el, { action_id: el.action_id, block_id: blockId, type: el.type, ...payload });
  const state = ctx.values?.[blockId]?.[el.action_id];
  const set = (value) => ctx.onInput?.(blockId, el, value);
  switch (el.type) {
    case 'button': {
      const b = h('button', { class: `bk-button ${el.style ?? ''}`, 'data-action-id': el.action_id }, textObject(el.text, ctx));
      b.addEventListener('click', async () => {
        if (el.confirm && !(await ctx.confirm(el.confirm))) return;
        // A link button opens its URL, and the app hears of the click too, as in Slack.
        if (el.url) ctx.openUrl?.(el.url);
        fire({ value: el.value, text: el.text });
      });
      return b;
    }
    case 'plain_text_input':
    case 'email_text_input':
    case 'number_input':
    case 'url_text_input': {
      const multiline = el.type === 'plain_text_input' && el.multiline;
      const input = multiline
        ? h('textarea', { rows: 4 })
        : h('input', { type: el.type === 'email_text_input' ? 'email' : el.type === 'number_input' ? 'number' : 'text' });
      input.setAttribute('data-block-id', blockId);
      input.setAttribute('data-action-id', el.action_id);
      if (el.placeholder) input.placeholder = el.placeholder.text;
      if (el.max_length) input.maxLength = el.max_length;
      input.value = state?.value ?? el.initial_value ?? '';
      const trigger = el.dispatch_action_config?.trigger_actions_on ?? ['on_enter_pressed'];
      let timer;
      input.addEventListener('input', () => {
        set({ type: el.type, value: input.value === '' ? null : input.value });
        if (inInput?.dispatch && trigger.includes('on_character_entered')) {
          clearTimeout(timer);
          timer = setTimeout(() => fire({ value: input.value }), 300);
        }
      });
      input.addEventListener('keydown', (e) => {
        if (!multiline && e.key === 'Enter') {
          e.preventDefault();
          if (inInput?.dispatch && trigger.includes('on_enter_pressed')) fire({ value: input.value });
        }
      });
      if (state === undefined) set({ type: el.type, value: input.value === '' ? null : input.value });
      return input;
    }
    case 'radio_buttons':
    case 'checkboxes': {
      const multi = el.type === 'checkboxes';
      const initial = multi ? (el.initial_options ?? []).map((o) => o.value) : el.initial_option ? [el.initial_option.value] : [];
      const selected = new Set(
        state ? (multi ? (state.selected_options ?? []).map((o) => o.value) : state.selected_option ? [state.selected_option.value] : []) : initial,
      );
      const name = `${blockId}:${el.action_id}`;
      const pick = () => (el.options ?? []).filter((o) => selected.has(o.value));
      const value = () => (multi ? { type: el.type, selected_options: pick() } : { type: el.type, selected_option: pick()[0] ?? null });
      if (state === undefined) set(value());
      return h(
        'div',
        { class: `bk-${multi ? 'checkboxes' : 'radios'}`, 'data-block-id': blockId },
        (el.options ?? []).map((o) => {
          const box = h('input', { type: multi ? 'checkbox' : 'radio', name, value: o.value, checked: selected.has(o.value) });
          box.addEventListener('change', () => {
            if (!multi) selected.clear();
            if (box.checked) selected.add(o.value);
            else selected.delete(o.value);
            set(value());
            if (!inInput || inInput.dispatch) fire(multi ? { selected_options: pick() } : { selected_option: pick()[0] ?? null });
          });
          return h('label', { class: 'bk-option' }, box, optionLabel(o, ctx));
        }),
      );
    }
    case 'static_select':
    case 'users_select': {
      const options =
        el.type === 'users_select'
          ? (ctx.users ?? []).filter((u) => !u.bot).map((u) => ({ value: u.id, text: { type: 'plain_text', text: u.realName } }))
          : (el.options ?? []);
      const sel = h('select', { 'data-block-id': blockId, 'data-action-id': el.action_id }, h('option', { value: '' }, el.placeholder?.text ?? 'Select…'));
      for (const o of options) sel.append(h('option', { value: o.value }, o.text.text));
      const current =
        el.type === 'users_select' ? (state?.selected_user ?? el.initial_user) : (state?.selected_option?.value ?? el.initial_option?.value);
      sel.value = current ?? '';
      const value = () =>
        el.type === 'users_select'
          ? { type: el.type, selected_user: sel.value || null }
          : { type: el.type, selected_option: options.find((o) => o.value === sel.value) ?? null };
      if (state === undefined) set(value());
      sel.addEventListener('change', () => {
        set(value());
        if (!inInput || inInput.dispatch) fire(value());
      });
      return sel;
    }
    case 'multi_static_select': {
      const options = el.options ?? [];
      const sel = h('select', { multiple: true, size: Math.min(Math.max(options.length, 2), 8), 'data-block-id': blockId, 'data-action-id': el.action_id });
      const chosen = new Set((state ? state.selected_options ?? [] : el.initial_options ?? []).map((o) => o.value));
      for (const o of options) sel.append(h('option', { value: o.value, selected: chosen.has(o.value) }, o.text.text));
      const value = () => ({ type: el.type, selected_options: options.filter((o) => [...sel.selectedOptions].some((x) => x.value === o.value)) });
      if (state === undefined) set({ type: el.type, selected_options: options.filter((o) => chosen.has(o.value)) });
      sel.addEventListener('change', () => {
        set(value());
        if (!inInput || inInput.dispatch) fire(value());
      });
      return sel;
    }
    case 'image':
      return h('img', { class: 'bk-image-el', src: el.image_url, alt: el.alt_text ?? '' });
    case 'mrkdwn':
    case 'plain_text':
      return textObject(el, ctx);
    default:
      return h('span', { class: 'unsupported' }, `[${el.type}]`);
  }
}

function block(b, ctx) {
  const id = b.block_id ?? '';
  switch (b.type) {
    case 'header':
      return h('div', { class: 'bk-header' }, textObject(b.text, ctx));
    case 'divider':
      return h('hr', { class: 'bk-divider' });
    case 'section':
      return h(
        'div',
        { class: 'bk-section' },
        h(
          'div',
          { class: 'bk-section-body' },
          b.text ? h('div', { class: 'bk-section-text' }, textObject(b.text, ctx)) : null,
          b.fields ? h('div', { class: 'bk-fields' }, b.fields.map((f) => h('div', { class: 'bk-field' }, textObject(f, ctx)))) : null,
        ),
        b.accessory ? h('div', { class: 'bk-accessory' }, element(b.accessory, id, ctx)) : null,
      );
    case 'context':
      return h('div', { class: 'bk-context', 'data-block-id': id || null }, (b.elements ?? []).map((e) => element(e, id, ctx)));
    case 'actions':
      return h('div', { class: 'bk-actions', 'data-block-id': id }, (b.elements ?? []).map((e) => element(e, id, ctx)));
    case 'image':
      return h('img', { class: 'bk-image', src: b.image_url, alt: b.alt_text ?? '' });
    case 'input': {
      const error = ctx.errors?.[id];
      return h(
        'div',
        { class: `bk-input${error ? ' has-error' : ''}`, 'data-block-id': id },
        h('label', { class: 'bk-label' }, textObject(b.label, ctx), b.optional ? h('span', { class: 'optional' }, ' (optional)') : null),
        element(b.element, id, ctx, { dispatch: !!b.dispatch_action }),
        error ? h('div', { class: 'bk-error', role: 'alert' }, error) : null,
        b.hint ? h('div', { class: 'bk-hint' }, textObject(b.hint, ctx)) : null,
      );
    }
    default:
      return h('div', { class: 'unsupported' }, `[${b.type} block]`);
  }
}

export function renderBlocks(blocks, ctx) {
  return h('div', { class: 'bk-blocks' }, (blocks ?? []).map((b) => block(b, ctx)));
}
