/* global document, window, fetch */
/**
 * The sandbox page's Teams view: brreg's team with its channel "Triage", each person's chat with the
 * bot, messages with their reply chains and @mentions, and cards drawn by Microsoft's own renderer
 * (the `adaptivecards` package, served by the sandbox as /sandbox/adaptivecards.js) with a host config
 * close to Teams' light theme. What a person does goes to /sandbox/teams/act, which sends it to the app
 * as Teams would (signed by the sandbox's Bot Framework key); what the app answers an invoke is shown to
 * the clicker only: a card in place, a dialog, or a toast.
 */
import { h } from './blockkit.js';

const AC = window.AdaptiveCards;

/** Teams' light theme's text colours. */
const FOREGROUND = {
  default: { default: '#242424', subtle: '#616161' },
  dark: { default: '#252424', subtle: '#484644' },
  light: { default: '#FFFFFF', subtle: '#F3F2F1' },
  accent: { default: '#5B5FC7', subtle: '#7F85F5' },
  good: { default: '#237B4B', subtle: '#13A10E' },
  warning: { default: '#835C00', subtle: '#C19C00' },
  attention: { default: '#C4314B', subtle: '#D13438' },
};

/** Teams' light theme, near enough: Segoe UI, its greys, its purple accent, its spacing. */
const HOST_CONFIG = {
  fontFamily: '"Segoe UI", system-ui, -apple-system, "Helvetica Neue", sans-serif',
  supportsInteractivity: true,
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: { backgroundColor: '#FFFFFF', foregroundColors: FOREGROUND },
    emphasis: { backgroundColor: '#F5F5F5', foregroundColors: FOREGROUND },
  },
  actions: { maxActions: 6, spacing: 'default', buttonSpacing: 8, showCard: { actionMode: 'inline', inlineTopMargin: 16 }, actionsOrientation: 'horizontal', actionAlignment: 'left' },
  adaptiveCard: { allowCustomStyle: true },
  inputs: { label: { requiredInputs: { suffix: ' *', suffixColor: 'attention' }, optionalInputs: {} }, errorMessage: { size: 'small', color: 'attention' } },
  factSet: { title: { weight: 'bolder', size: 'default', color: 'default', wrap: true, maxWidth: 150 }, value: { size: 'default', color: 'default', wrap: true }, spacing: 8 },
};

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Teams' markdown in a TextBlock (and a message's text): bold, italic, links, lists, paragraphs, and <at> mentions. */
export function teamsMarkdown(text) {
  const inline = (s) =>
    escapeHtml(s)
      .replace(/&lt;at&gt;(.*?)&lt;\/at&gt;/g, '<span class="mention">$1</span>')
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[\s(])_(.+?)_(?=$|[\s).,:;!?])/g, '$1<em>$2</em>')
      .replace(/(^|[\s(])\*(?!\s)(.+?)\*(?=$|[\s).,:;!?])/g, '$1<em>$2</em>')
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, label, href) => `<a href="${href}" target="_blank" rel="noopener noreferrer">${label}</a>`);
  return String(text)
    .split(/\n{2,}/)
    .map((para) => {
      const lines = para.split('\n');
      if (lines.every((l) => /^\s*[-*] /.test(l))) return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*] /, ''))}</li>`).join('')}</ul>`;
      return `<p>${lines.map(inline).join('<br>')}</p>`;
    })
    .join('');
}

if (AC) {
  // Past the host's six buttons, the rest go under "…", as in Teams.
  AC.GlobalSettings.allowMoreThanMaxActionsInOverflowMenu = true;
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = teamsMarkdown(text);
    result.didProcess = true;
  };
}

/** Parse events and validation failures that Teams' renderer would refuse the card for (hints and deprecations aside). */
function problemsOf(card, context) {
  // More buttons than the host shows is no refusal: the rest go under "…".
  const minor = new Set([AC.ValidationEvent.Hint, AC.ValidationEvent.Deprecated, AC.ValidationEvent.TooManyActions]);
  const out = [];
  for (let i = 0; i < context.eventCount; i += 1) {
    const e = context.getEventAt(i);
    if (!minor.has(e.event)) out.push(e.message);
  }
  for (const e of card.validateProperties().validationEvents) if (!minor.has(e.event)) out.push(e.message);
  return out;
}

/**
 * One card, drawn by the renderer; `onAction(action)` gets Action.Execute / Action.Submit / Action.OpenUrl.
 * Returns { node, problems }: a card with problems is not shown, as Teams would not show it.
 */
export function renderCard(json, onAction) {
  if (!AC) return { node: h('div', { class: 'card-refused' }, 'The Adaptive Cards renderer did not load.'), problems: ['renderer missing'] };
  const card = new AC.AdaptiveCard();
  card.hostConfig = new AC.HostConfig(HOST_CONFIG);
  const context = new AC.SerializationContext();
  try {
    card.parse(json, context);
  } catch (err) {
    return { node: h('div', { class: 'card-refused' }, '⚠️ This card could not be displayed.'), problems: [String(err?.message ?? err)] };
  }
  const problems = problemsOf(card, context);
  if (problems.length) return { node: h('div', { class: 'card-refused' }, '⚠️ This card could not be displayed.'), problems };
  card.onExecuteAction = (action) => onAction(action);
  const node = card.render();
  if (!node) return { node: h('div', { class: 'card-refused' }, '⚠️ This card could not be displayed.'), problems: ['the renderer drew nothing'] };
  return { node: h('div', { class: 'ac-host' }, node), problems: [] };
}

/** Which action a click was, as Teams reads it. */
function actionKind(action) {
  if (action instanceof AC.ExecuteAction) return { kind: 'execute', verb: action.verb, data: action.data ?? {} };
  if (action instanceof AC.OpenUrlAction) return { kind: 'open', url: action.url };
  if (action instanceof AC.SubmitAction) {
    const data = action.data ?? {};
    if (data?.msteams?.type === 'task/fetch') return { kind: 'task_fetch', data };
    return { kind: 'submit', data };
  }
  return { kind: 'other' };
}

/**
 * Starts the Teams view in #app. `shell` is the page's frame: { as(), toast(text), topbar(personas, state),
 * triageBanner(state), seen(state), openMail() }.
 */
export function createTeamsView(shell) {
  const ui = { place: null, chain: null, dialog: null, dialogError: null };
  const refusedHere = new Map(); // message id -> problems (the renderer's), for the list
  let state = null;

  async function act(body) {
    document.body.classList.add('busy');
    try {
      const res = await fetch('/sandbox/teams/act', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: shell.as(), ...body }) });
      const answer = await res.json().catch(() => ({ kind: 'error', text: String(res.status) }));
      if (!res.ok) return { kind: 'error', text: `The sandbox refused that: ${answer.error ?? res.status}` };
      return answer;
    } finally {
      document.body.classList.remove('busy');
      await refresh();
    }
  }

  /** An answer to the clicker: a toast, an error (Teams' red banner), or a dialog. */
  function show(answer, where) {
    if (!answer) return;
    if (answer.kind === 'toast') shell.toast(answer.text);
    else if (answer.kind === 'error') {
      if (ui.dialog) {
        ui.dialogError = answer.text;
        renderDialog();
      } else shell.toast(answer.text);
    } else if (answer.kind === 'dialog') {
      ui.dialog = { title: answer.title, card: answer.card, where };
      ui.dialogError = null;
      renderDialog();
    } else if (answer.kind === 'close') {
      ui.dialog = null;
      renderDialog();
    }
  }

  /** A click on a card in a message (conversation, message, root of its chain if it is a reply). */
  async function onCardAction(where, action) {
    const a = actionKind(action);
    if (a.kind === 'open') return void window.open(a.url, '_blank', 'noopener');
    if (a.kind === 'execute') return show(await act({ kind: 'execute', ...where, verb: a.verb, data: a.data }), where);
    if (a.kind === 'task_fetch') return show(await act({ kind: 'task_fetch', ...where, data: a.data }), where);
    shell.toast('This button sends a plain Action.Submit, which the sandbox does not play.');
  }

  function personOf(from) {
    if (from === 'bot') return state.people.find((p) => p.bot);
    const u = state.personas.find((p) => p.key === from);
    return state.people.find((p) => p.name === u?.name) ?? { name: from };
  }

  function attachmentNode(att, where, messageId) {
    const type = att.contentType;
    if (type === 'application/vnd.microsoft.card.adaptive') {
      const { node, problems } = renderCard(att.content, (action) => onCardAction(where, action));
      if (problems.length) refusedHere.set(messageId, problems);
      return node;
    }
    if (type === 'application/vnd.microsoft.teams.card.file.consent') {
      const c = att.content ?? {};
      const kb = typeof c.sizeInBytes === 'number' ? `${(c.sizeInBytes / 1024).toFixed(1)} KB` : '';
      return h(
        'div',
        { class: 'file-consent' },
        h('div', { class: 'file-consent-head' }, '📄 ', h('b', {}, att.name ?? 'file'), kb ? ` · ${kb}` : ''),
        c.description ? h('div', { class: 'file-consent-text' }, c.description) : null,
        h(
          'div',
          { class: 'file-consent-buttons' },
          h('button', { class: 'ms-button primary consent-accept', onclick: async () => show(await act({ kind: 'file_consent', ...where, action: 'accept', context: c.acceptContext ?? null })) }, 'Allow'),
          h('button', { class: 'ms-button consent-decline', onclick: async () => show(await act({ kind: 'file_consent', ...where, action: 'decline', context: c.declineContext ?? null })) }, 'Decline'),
        ),
      );
    }
    if (type === 'application/vnd.microsoft.teams.card.file.info') {
      return h('div', { class: 'file-info' }, '📄 ', h('a', { href: att.contentUrl, download: att.name ?? '' }, att.name ?? 'file'));
    }
    return h('div', { class: 'card-refused' }, `(${type}: not played by the sandbox)`);
  }

  function messageNode(conv, m, rootId) {
    const who = personOf(m.from);
    const where = { conversation: conv.id, messageId: m.id, ...(rootId ? { rootId } : {}) };
    const activity = m.override !== undefined ? { ...m.activity, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: m.override }] } : m.activity;
    const text = typeof activity.text === 'string' && activity.text.trim() ? h('div', { class: 'ms-text' }) : null;
    if (text) text.innerHTML = teamsMarkdown(activity.text);
    return h(
      'div',
      { class: `ms-message${m.from === 'bot' ? ' from-bot' : ''}${m.from === shell.as() ? ' mine' : ''}`, id: `tm-${m.id}`, 'data-message-id': m.id },
      h('div', { class: 'ms-avatar' }, (who?.name ?? '?').slice(0, 1)),
      h(
        'div',
        { class: 'ms-body' },
        h(
          'div',
          { class: 'ms-head' },
          h('b', {}, who?.name ?? '?'),
          who?.bot ? h('span', { class: 'ms-tag' }, 'Bot') : null,
          who?.external ? h('span', { class: 'ms-tag ext' }, 'External') : null,
          h('span', { class: 'ms-time' }, new Date(m.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })),
          m.edited ? h('span', { class: 'ms-edited' }, 'Edited') : null,
        ),
        text,
        ...(activity.attachments ?? []).map((a) => attachmentNode(a, where, m.id)),
      ),
    );
  }

  function composer(conv, rootId) {
    const input = h('input', { class: 'ms-composer-input', placeholder: rootId ? 'Reply' : conv.kind === 'personal' ? 'Type a message (queue, find …, report)' : 'Start a post', 'data-root': rootId ?? '' });
    const send = async () => {
      const text = input.value.trim();
      if (!text) return;
      input.value = '';
      show(await act({ kind: 'message', conversation: conv.id, text, ...(rootId ? { rootId } : {}) }));
    };
    input.addEventListener('keydown', (e) => e.key === 'Enter' && void send());
    return h('div', { class: 'ms-composer' }, input, h('button', { class: 'ms-button primary', onclick: send }, 'Send'));
  }

  function renderConversation(conv) {
    const list = h('div', { class: 'ms-messages', id: 'ms-messages' });
    for (const m of conv.messages) {
      if (conv.kind !== 'channel') {
        list.append(messageNode(conv, m));
        continue;
      }
      // A channel post and its reply chain, as Teams shows them: the post, then its replies indented, then "Reply".
      const open = ui.chain === m.id;
      const shown = open ? m.replies : m.replies.slice(-2);
      list.append(
        h(
          'div',
          { class: 'ms-post', 'data-root': m.id },
          messageNode(conv, m),
          m.replies.length > shown.length ? h('button', { class: 'ms-more', onclick: () => ((ui.chain = m.id), render()) }, `See ${m.replies.length - shown.length} more replies`) : null,
          h('div', { class: 'ms-replies' }, shown.map((r) => messageNode(conv, r, m.id))),
          open ? composer(conv, m.id) : h('button', { class: 'ms-reply', onclick: () => ((ui.chain = m.id), render()) }, '↩ Reply'),
        ),
      );
    }
    const header = h(
      'div',
      { class: 'ms-header' },
      h('h2', {}, conv.kind === 'personal' ? `💬 ${conv.name}` : `# ${conv.name}`),
      conv.shared ? h('span', { class: 'ms-tag ext' }, 'Shared channel') : null,
      h('span', { class: 'ms-topic' }, conv.kind === 'channel' ? `${state.team.name} · ${conv.topic}` : conv.topic),
    );
    return h('section', { class: 'ms-conversation', 'data-conversation': conv.id }, header, list, conv.kind === 'personal' ? composer(conv) : null);
  }

  function renderRail() {
    const item = (c) =>
      h('button', { class: `ms-rail-item${ui.place === c.id ? ' active' : ''}`, 'data-conversation': c.id, onclick: () => ((ui.place = c.id), (ui.chain = null), render()) }, c.kind === 'personal' ? `💬 ${c.name}` : `# ${c.name}`);
    const channels = state.conversations.filter((c) => c.kind === 'channel');
    const chats = state.conversations.filter((c) => c.kind === 'personal');
    const refused = [...state.refusals.map((r) => ({ what: r.what, detail: r.detail ?? '' })), ...[...refusedHere.entries()].map(([id, p]) => ({ what: `card in message ${id}`, detail: p.join('; ') }))];
    return h(
      'nav',
      { class: 'ms-rail' },
      h('div', { class: 'ms-rail-title' }, 'Teams'),
      channels.length ? h('div', { class: 'ms-team' }, state.team.name) : h('div', { class: 'ms-empty' }, 'Not in any team channel'),
      channels.map(item),
      h('div', { class: 'ms-rail-title' }, 'Chat'),
      chats.map(item),
      h('div', { class: 'ms-rail-title' }, 'Sandbox'),
      h('a', { class: 'ms-rail-item', href: '#', onclick: (e) => (e.preventDefault(), shell.openMail()) }, '✉️ Mail (Slack view)'),
      refused.length ? h('div', { class: 'refusals ms-refusals' }, h('div', { class: 'ms-rail-title' }, 'Refused, as Teams would'), refused.slice(-8).map((r) => h('div', { class: 'refusal', title: r.detail }, h('b', {}, r.what), ` ${r.detail}`))) : null,
    );
  }

  function renderDialog() {
    const root = document.getElementById('modal-root');
    root.replaceChildren();
    if (!ui.dialog) return;
    const d = ui.dialog;
    const close = () => ((ui.dialog = null), renderDialog());
    const { node, problems } = renderCard(d.card, async (action) => {
      const a = actionKind(action);
      if (a.kind === 'open') return void window.open(a.url, '_blank', 'noopener');
      if (a.kind === 'submit' || a.kind === 'execute') show(await act({ kind: 'task_submit', ...d.where, data: a.data }), d.where);
    });
    if (problems.length) refusedHere.set(`dialog ${d.title}`, problems);
    root.append(
      h(
        'div',
        { class: 'overlay' },
        h(
          'div',
          { class: 'dialog ms-dialog', role: 'dialog' },
          h('div', { class: 'ms-dialog-header' }, h('h3', { class: 'ms-dialog-title' }, d.title), h('button', { class: 'close', onclick: close, 'aria-label': 'Close' }, '✕')),
          ui.dialogError ? h('div', { class: 'ms-dialog-error' }, ui.dialogError) : null,
          h('div', { class: 'ms-dialog-body' }, node),
        ),
      ),
    );
  }

  function render() {
    if (!state) return;
    if (!state.conversations.some((c) => c.id === ui.place)) ui.place = state.conversations[0]?.id ?? null;
    const conv = state.conversations.find((c) => c.id === ui.place);
    const old = document.getElementById('ms-messages');
    const atBottom = !old || old.scrollHeight - old.scrollTop - old.clientHeight < 40;
    const focused = document.activeElement?.classList.contains('ms-composer-input') ? { root: document.activeElement.dataset.root, value: document.activeElement.value } : null;
    refusedHere.clear();
    const main = conv ? renderConversation(conv) : h('section', { class: 'ms-conversation' }, h('p', { class: 'empty' }, 'No conversations.'));
    const rail = renderRail();
    document.getElementById('app').replaceChildren(shell.topbar(state.personas.map((p) => ({ key: p.key, label: `${p.name} — ${p.title}` })), state), shell.triageBanner(state) ?? '', h('div', { class: 'layout teams' }, rail, main));
    const list = document.getElementById('ms-messages');
    if (list && atBottom) list.scrollTop = list.scrollHeight;
    if (focused) {
      const again = document.querySelector(`.ms-composer-input[data-root="${focused.root}"]`);
      if (again) {
        again.value = focused.value;
        again.focus();
      }
    }
    document.body.dataset.as = state.me.key;
    document.body.dataset.platform = 'teams';
    document.body.dataset.version = String(state.version);
  }

  async function refresh() {
    const res = await fetch(`/sandbox/teams/state?as=${encodeURIComponent(shell.as())}`);
    if (!res.ok) return;
    state = await res.json();
    shell.seen(state);
    render();
  }

  return {
    refresh,
    reset() {
      ui.place = null;
      ui.chain = null;
      ui.dialog = null;
      renderDialog();
    },
  };
}
