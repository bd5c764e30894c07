/* global document, window, fetch, EventSource, localStorage, URL, URLSearchParams, Element, setTimeout, clearTimeout */
/**
 * The sandbox page: Slack's channels, threads, modals and Home tab for this app, plus a mail view.
 * It shows the state the sandbox server keeps (fetched again whenever the server says it changed)
 * and sends what the person does to /sandbox/act, which passes it to the app as Slack would.
 */
import { h, mrkdwn, renderBlocks, textObject } from './blockkit.js';
import { formatSlackDate } from './slackDate.js';
import { createTeamsView } from './teams.js';

const params = new URLSearchParams(window.location.search);
const PLATFORM_KEY = 'tt02-sandbox-platform';
const ui = {
  as: params.get('as') ?? localStorage.getItem('tt02-sandbox-as') ?? 'vendor',
  // Slack or Teams: from the URL (?platform=teams), else as last chosen in this browser.
  platform: params.get('platform') ?? localStorage.getItem(PLATFORM_KEY) ?? 'slack',
  place: null, // channel id, 'home' or 'mail'
  thread: null, // ts of the open thread
  pinsOpen: false,
  focus: null, // { ts, scrolled } of the message a permalink opened: marked until the person goes elsewhere
  mailMode: {}, // file -> 'text' | 'html'
};
let state = null;
/** Typed modal values by view id: { [block_id]: { [action_id]: value } }, kept across re-renders. */
const modalValues = new Map();
let modalSignature = '';
let busy = 0;

const $ = (sel) => document.querySelector(sel);

async function act(body) {
  busy += 1;
  document.body.classList.add('busy');
  try {
    const res = await fetch('/sandbox/act', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: ui.as, ...body }) });
    if (!res.ok) showToast(`The sandbox refused that: ${(await res.json().catch(() => ({}))).error ?? res.status}`);
  } finally {
    busy -= 1;
    if (busy === 0) document.body.classList.remove('busy');
    await refresh();
  }
}

let toastTimer;
function showToast(text) {
  const t = $('#toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (t.hidden = true), 6000);
}

function confirmDialog(c) {
  return new Promise((resolve) => {
    const done = (v) => {
      overlay.remove();
      resolve(v);
    };
    const overlay = h(
      'div',
      { class: 'overlay confirm-overlay' },
      h(
        'div',
        { class: 'dialog confirm', role: 'dialog' },
        h('h3', {}, c.title?.text ?? ''),
        h('p', {}, textObject(c.text, ctxBase())),
        h(
          'div',
          { class: 'dialog-buttons' },
          h('button', { class: 'bk-button', onclick: () => done(false) }, c.deny?.text ?? 'Cancel'),
          h('button', { class: `bk-button ${c.style === 'danger' ? 'danger' : 'primary'} confirm-yes`, onclick: () => done(true) }, c.confirm?.text ?? 'Yes'),
        ),
      ),
    );
    document.body.append(overlay);
  });
}

const ctxBase = () => ({
  users: state?.users ?? [],
  channels: state?.channels ?? [],
  confirm: confirmDialog,
  openUrl: (url) => openPermalink(url) || window.open(url, '_blank', 'noopener'),
  viewer: state?.me ? { locale: state.me.locale, timeZone: state.me.tz } : undefined,
});

function messageCtx(channel, msg, ephemeralId) {
  return {
    ...ctxBase(),
    onAction: (_blockId, _el, action) => act({ kind: 'message_action', channel, ts: msg.ts, ephemeralId, action }),
  };
}

// A message's time as Slack shows it: Slack's {time}, in the viewer's locale and time zone.
const timeOf = (ts) => (state?.me ? formatSlackDate(Math.floor(Number(ts)), '{time}', { locale: state.me.locale, timeZone: state.me.tz }) : '');

function author(id) {
  const u = state.users.find((x) => x.id === id);
  return h(
    'span',
    { class: 'author' },
    h('b', {}, u ? u.realName : id),
    u?.bot ? h('span', { class: 'tag app' }, 'APP') : null,
    u?.external ? h('span', { class: 'tag ext' }, 'external') : null,
  );
}

function renderMessage(channel, m, opts = {}) {
  const replies = opts.inThread ? [] : state.messages.filter((r) => r.channel === channel && r.threadTs === m.ts && r.ts !== m.ts);
  const ephemeral = opts.ephemeral;
  return h(
    'div',
    { class: `message${m.pinned ? ' pinned' : ''}${ephemeral ? ' ephemeral' : ''}`, id: ephemeral ? `e-${ephemeral}` : `m-${m.ts.replace('.', '-')}`, 'data-ts': m.ts },
    h('div', { class: 'avatar' }, (state.users.find((x) => x.id === m.user)?.realName ?? '?').slice(0, 1)),
    h(
      'div',
      { class: 'message-main' },
      h('div', { class: 'message-head' }, author(m.user), h('span', { class: 'time' }, timeOf(m.ts)), m.edited ? h('span', { class: 'edited' }, '(edited)') : null, m.pinned ? h('span', { class: 'pin-mark' }, '📌 Pinned') : null),
      ephemeral ? h('div', { class: 'ephemeral-note' }, '👁 Only visible to you') : null,
      m.blocks?.length ? renderBlocks(m.blocks, messageCtx(channel, m, ephemeral)) : m.text ? h('div', { class: 'message-text' }, mrkdwn(m.text, ctxBase())) : null,
      m.files?.length ? h('div', { class: 'files' }, m.files.map(renderFile)) : null,
      replies.length
        ? h('button', { class: 'replies', onclick: () => ((ui.thread = m.ts), render()) }, `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`)
        : null,
      // Slack's "Reply in thread", shown on hover: a thread can be started under any message.
      !opts.inThread && !ephemeral && !replies.length ? h('button', { class: 'reply-in-thread', title: 'Reply in thread', onclick: () => ((ui.thread = m.ts), render()) }, '💬 Reply in thread') : null,
    ),
  );
}

/** A shared file, as Slack shows it: its name, size and a download link, and a preview for images. */
function renderFile(f) {
  const href = `/sandbox/files/${encodeURIComponent(f.id)}`;
  const kb = f.size < 1024 ? `${f.size} B` : `${(f.size / 1024).toFixed(1)} KB`;
  return h(
    'div',
    { class: 'file', 'data-file-id': f.id, 'data-file-name': f.name },
    f.mimetype === 'image/png' ? h('a', { href, target: '_blank', rel: 'noopener' }, h('img', { class: 'file-preview', src: href, alt: f.title })) : null,
    h('div', { class: 'file-line' }, h('span', { class: 'file-icon' }, f.mimetype === 'image/png' ? '🖼️' : '📄'), h('span', { class: 'file-name' }, f.name), h('span', { class: 'file-size' }, kb), h('a', { class: 'file-download', href, download: f.name }, 'Download')),
  );
}

function composer(channel, threadTs) {
  const input = h('input', { class: 'composer-input', placeholder: threadTs ? 'Reply…' : 'Message, or /tt02-access', 'data-thread': threadTs ?? '' });
  const send = () => {
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    void act({ kind: 'message', channel, text, ...(threadTs ? { threadTs } : {}) });
  };
  input.addEventListener('keydown', (e) => e.key === 'Enter' && send());
  return h('div', { class: 'composer' }, input, h('button', { class: 'bk-button primary', onclick: send }, 'Send'));
}

/** The channels this person is in, and the app's direct messages with them. */
const places = () => [...state.channels, { id: state.dm.id, name: state.dm.name, isDm: true, isPrivate: true, isExtShared: false, topic: 'Direct messages with the app' }];

function renderChannel(channelId) {
  const ch = places().find((c) => c.id === channelId);
  const top = state.messages.filter((m) => m.channel === channelId && (!m.threadTs || m.threadTs === m.ts));
  const eph = state.ephemerals.filter((e) => e.channel === channelId && !e.threadTs);
  const items = [...top.map((m) => ({ ts: m.ts, node: () => renderMessage(channelId, m) })), ...eph.map((e) => ({ ts: e.ts, node: () => renderMessage(channelId, { ...e, user: state.users.find((u) => u.bot)?.id }, { ephemeral: e.id }) }))].sort((a, b) => (a.ts < b.ts ? -1 : 1));
  const pinned = top.filter((m) => m.pinned);
  const list = h('div', { class: 'messages', id: 'messages' }, items.map((i) => i.node()));
  const header = h(
    'div',
    { class: 'channel-header' },
    h('h2', {}, `${ch.isDm ? '💬' : ch.isPrivate ? '🔒' : '#'} ${ch.name}`),
    ch.isExtShared ? h('span', { class: 'tag ext' }, 'Slack Connect') : null,
    h('span', { class: 'topic' }, ch.topic),
    h('button', { class: 'pins-button', onclick: () => ((ui.pinsOpen = !ui.pinsOpen), render()) }, `📌 ${pinned.length} pinned`),
  );
  const pins = ui.pinsOpen
    ? h('div', { class: 'pins-panel' }, h('h3', {}, 'Pinned'), pinned.length ? pinned.map((m) => renderMessage(channelId, m, { inThread: true })) : h('p', {}, 'Nothing pinned yet.'))
    : null;
  const main = h('section', { class: 'channel' }, header, pins, list, composer(channelId));
  let thread = null;
  const parent = ui.thread && state.messages.find((m) => m.channel === channelId && m.ts === ui.thread);
  if (parent) {
    const replies = state.messages.filter((m) => m.channel === channelId && m.threadTs === parent.ts && m.ts !== parent.ts);
    const threadEph = state.ephemerals.filter((e) => e.channel === channelId && e.threadTs === parent.ts);
    thread = h(
      'aside',
      { class: 'thread', id: 'thread' },
      h('div', { class: 'thread-header' }, h('h3', {}, 'Thread'), h('button', { class: 'close', onclick: () => ((ui.thread = null), render()) }, '✕')),
      renderMessage(channelId, parent, { inThread: true }),
      h('div', { class: 'thread-count' }, `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`),
      replies.map((m) => renderMessage(channelId, m, { inThread: true })),
      threadEph.map((e) => renderMessage(channelId, { ...e, user: state.users.find((u) => u.bot)?.id }, { ephemeral: e.id, inThread: true })),
      composer(channelId, parent.ts),
    );
  }
  return [main, thread];
}

function renderHome() {
  return h(
    'section',
    { class: 'channel home' },
    h('div', { class: 'channel-header' }, h('h2', {}, '🏠 TT02-tilgang · Home')),
    state.home ? h('div', { class: 'home-body', 'data-view-id': state.home.id }, renderBlocks(state.home.view.blocks, { ...ctxBase(), onAction: (_b, _e, action) => act({ kind: 'view_action', viewId: state.home.id, values: {}, action }) })) : h('p', { class: 'empty' }, 'Waiting for the app to publish this Home tab (views.publish)…'),
  );
}

/**
 * The HTML email's frame as tall as the email, so all of it shows in the page's own scroll. The frame
 * runs no script (sandbox without allow-scripts); allow-same-origin only lets the page measure it.
 */
function fitFrame(frame) {
  const doc = frame.contentDocument;
  if (!doc?.documentElement) return;
  const border = frame.offsetHeight - frame.clientHeight;
  frame.style.height = `${Math.ceil(doc.documentElement.scrollHeight) + border}px`;
}

async function renderMail() {
  const section = h('section', { class: 'channel mail' }, h('div', { class: 'channel-header' }, h('h2', {}, '✉️ Mail the app wrote'), h('span', { class: 'topic' }, `Every email, as the recipients get it (.eml files in DATA_DIR/${state.folder ?? 'sandbox'}/mail)`)));
  const mails = await fetch('/sandbox/mail').then((r) => r.json());
  if (!mails.length) section.append(h('p', { class: 'empty' }, 'No email yet.'));
  for (const m of mails) {
    const mode = ui.mailMode[m.file] ?? 'text';
    const body =
      mode === 'html'
        ? h('iframe', { class: 'mail-html', sandbox: 'allow-same-origin', srcdoc: m.html, title: m.subject, onload: (e) => fitFrame(e.target) })
        : h('pre', { class: 'mail-text' }, m.text);
    section.append(
      h(
        'article',
        { class: 'mail-item', 'data-file': m.file },
        h('h3', { class: 'mail-subject' }, m.subject),
        h('div', { class: 'mail-meta' }, h('div', {}, h('b', {}, 'From: '), m.from), h('div', {}, h('b', {}, 'To: '), m.to), m.cc ? h('div', {}, h('b', {}, 'Cc: '), m.cc) : null, h('div', {}, h('b', {}, 'Date: '), m.date ? new Date(m.date).toLocaleString() : '')),
        h(
          'div',
          { class: 'mail-tabs' },
          ['text', 'html'].map((k) => h('button', { class: `tab${mode === k ? ' active' : ''}`, onclick: () => ((ui.mailMode[m.file] = k), render()) }, k === 'text' ? 'Text' : 'HTML')),
        ),
        body,
      ),
    );
  }
  return section;
}

function renderModal() {
  const root = $('#modal-root');
  const top = state.modals[state.modals.length - 1];
  const signature = top ? `${top.id}|${top.hash}|${JSON.stringify(top.errors)}|${state.modals.length}` : '';
  if (signature === modalSignature) return;
  modalSignature = signature;
  root.replaceChildren();
  if (!top) return;
  const values = modalValues.get(top.id) ?? {};
  modalValues.set(top.id, values);
  const v = top.view;
  const ctx = {
    ...ctxBase(),
    values,
    errors: top.errors,
    onInput: (blockId, el, value) => {
      values[blockId] = { ...(values[blockId] ?? {}), [el.action_id]: value };
    },
    onAction: (_blockId, _el, action) => act({ kind: 'view_action', viewId: top.id, values, action }),
  };
  const submit = () => act({ kind: 'submit', viewId: top.id, values });
  const close = () => act({ kind: 'close', viewId: top.id, values });
  root.append(
    h(
      'div',
      { class: 'overlay' },
      h(
        'div',
        { class: 'dialog modal', role: 'dialog', 'data-callback-id': v.callback_id ?? '' },
        h('div', { class: 'modal-header' }, state.modals.length > 1 ? h('button', { class: 'back', onclick: close }, '←') : null, h('h3', { class: 'modal-title' }, v.title?.text ?? ''), h('button', { class: 'close', onclick: close, 'aria-label': 'Close' }, '✕')),
        h('div', { class: 'modal-body' }, renderBlocks(v.blocks, ctx)),
        h('div', { class: 'modal-footer' }, h('button', { class: 'bk-button modal-close', onclick: close }, v.close?.text ?? 'Cancel'), v.submit ? h('button', { class: 'bk-button primary modal-submit', onclick: submit }, v.submit.text) : null),
      ),
    ),
  );
}

/** A message ts ("1700000000.000123") is later than another: seconds, then the counter. */
const later = (a, b) => {
  const [as, af = ''] = a.split('.');
  const [bs, bf = ''] = b.split('.');
  return as.length !== bs.length ? as.length > bs.length : as !== bs ? as > bs : af.padEnd(6, '0') > bf.padEnd(6, '0');
};
/** The newest message of the app's direct messages each persona has seen, kept in this browser as Slack keeps read state. */
const SEEN_KEY = 'tt02-sandbox-dm-seen';
const seenDm = () => {
  try {
    return JSON.parse(localStorage.getItem(SEEN_KEY) ?? '{}') ?? {};
  } catch {
    return {};
  }
};
/** Whether the app's direct messages hold one newer than this person last saw. */
function unread() {
  const newest = state.dm.latestTs;
  if (!newest || ui.place === state.dm.id) return false;
  const seen = seenDm()[state.me.key];
  return !seen || later(newest, seen);
}
/** Opening the direct messages reads them: up to their newest message. */
function markDmSeen() {
  const newest = state.dm.latestTs;
  if (ui.place !== state.dm.id || !newest) return;
  const seen = seenDm();
  if (seen[state.me.key] && !later(newest, seen[state.me.key])) return;
  localStorage.setItem(SEEN_KEY, JSON.stringify({ ...seen, [state.me.key]: newest }));
}

function renderSidebar() {
  const item = (key, label, extra) =>
    h('button', { class: `nav-item${ui.place === key ? ' active' : ''}`, 'data-place': key, onclick: () => go(key) }, label, extra ?? null);
  const failures = state.log.filter((l) => !l.ok).slice(-6).reverse();
  return h(
    'nav',
    { class: 'sidebar' },
    h('div', { class: 'workspace' }, 'Brønnøysundregistrene', h('small', {}, 'sandbox workspace')),
    h('div', { class: 'nav-title' }, 'Channels'),
    state.channels.map((c) => item(c.id, `${c.isPrivate ? '🔒' : '#'} ${c.name}`)),
    // The app: its Home tab (opening it tells the app, which publishes the view) and its messages.
    h('div', { class: 'nav-title' }, 'App: TT02-tilgang'),
    item('home', '🏠 Home'),
    item(state.dm.id, '💬 Messages', unread() ? h('span', { class: 'dot', title: 'New messages' }, '•') : null),
    h('div', { class: 'nav-title' }, 'Sandbox'),
    item('mail', '✉️ Mail'),
    failures.length
      ? h('div', { class: 'refusals' }, h('div', { class: 'nav-title' }, 'Refused, as Slack would'), failures.map((f) => h('div', { class: 'refusal', title: f.detail ?? '' }, h('b', {}, f.what), ` ${f.detail ?? ''}`)))
      : null,
  );
}

/**
 * A permalink to this page (`…/archives/CHANNEL/pTS`, or chat.getPermalink's `…/#CHANNEL/TS`) opens here, on the message,
 * as Slack opens a message link: same person, same tab. Returns false for any other URL.
 */
function openPermalink(url) {
  const u = new URL(url, window.location.href);
  // The app builds Slack's own form from auth.test's url (/archives/C…/p<ts without its dot>).
  const archive = /^\/archives\/([A-Z0-9]+)\/p(\d{10})(\d{6})$/.exec(u.pathname);
  const m = archive ? [archive[0], archive[1], `${archive[2]}.${archive[3]}`] : /^#([A-Z0-9]+)\/(\d+\.\d+)$/.exec(u.hash);
  if (u.origin !== window.location.origin || !m) return false;
  if (!places().some((c) => c.id === m[1])) {
    showToast('That message is in a channel this person is not in.');
    return true;
  }
  ui.place = m[1];
  ui.thread = null;
  ui.pinsOpen = false;
  ui.focus = { ts: m[2], scrolled: false };
  void render();
  return true;
}

document.addEventListener('click', (e) => {
  const a = e.target instanceof Element ? e.target.closest('a[href]') : null;
  if (a && openPermalink(a.href)) e.preventDefault();
});

function go(place) {
  ui.place = place;
  ui.focus = null;
  ui.thread = null;
  ui.pinsOpen = false;
  void render();
  // As in Slack, each time the Home tab is opened the app hears of it (app_home_opened).
  if (place === 'home') void act({ kind: 'home_opened' });
}

const PLACE_NAMES = { slack: 'Slack', teams: 'Teams' };
/** Where staff triage as this page last heard it: when it changes (a move from another tab), the page reloads into it. */
let triageSeen = null;
/** This tab's own move is under way: one at a time, and the page reloads when it is done. */
let triageMoveLocal = false;

/** The state just fetched (either view): a move under way elsewhere shows its progress; once done, the page reloads. */
function noteTriage(s) {
  if (triageMoveLocal) return;
  if (triageSeen && s.triage !== triageSeen) return void window.location.reload();
  triageSeen = s.triage;
  const shown = $('#triage-move');
  if (s.triageMovingTo && !shown) showTriageMove(`Moving staff triage to ${PLACE_NAMES[s.triageMovingTo]}…`);
  // Another tab's move that failed: triage stayed here.
  if (!s.triageMovingTo && shown && !shown.querySelector('.failed')) shown.remove();
}

/**
 * The overlay while staff triage moves (the app behind the page restarts), or what went wrong: nothing
 * on the page can be clicked meanwhile.
 */
function showTriageMove(text, error) {
  $('#triage-move')?.remove();
  const close = () => {
    $('#triage-move')?.remove();
    void refresh();
  };
  document.body.append(
    h(
      'div',
      { class: 'overlay triage-overlay', id: 'triage-move' },
      h(
        'div',
        { class: `dialog triage-move${error ? ' failed' : ''}`, role: error ? 'alert' : 'status', 'aria-live': 'polite' },
        h('h3', {}, text),
        error
          ? [h('p', { class: 'triage-move-error' }, error), h('div', { class: 'dialog-buttons' }, h('button', { class: 'bk-button primary', onclick: close }, 'Close'))]
          : h('p', {}, 'The app behind the page restarts with staff triage there; each place keeps its own requests, so nothing is lost. This takes a few seconds.'),
      ),
    ),
  );
}

/** "Staff triage: Slack | Teams": the sandbox restarts the app with triage there, then the page reloads into it. */
async function moveTriage(to) {
  if (to === triageSeen || triageMoveLocal || $('#triage-move')) return;
  triageMoveLocal = true;
  showTriageMove(`Moving staff triage to ${PLACE_NAMES[to]}…`);
  let failure;
  try {
    const res = await fetch('/sandbox/triage', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ triage: to }) });
    if (res.ok) return void window.location.reload();
    failure = (await res.json().catch(() => ({}))).error ?? `The sandbox answered ${res.status}.`;
  } catch (err) {
    failure = `The sandbox did not answer (${err?.message ?? err}). Is npm start still running? Reload the page once it is.`;
  }
  triageMoveLocal = false;
  showTriageMove(`Staff triage did not move to ${PLACE_NAMES[to]}`, failure);
}

/** Shown when the view is not where staff triage: where Kari's cards are, and the way to move them here. */
function renderTriageBanner(platform, s) {
  if (!s?.triage || s.triage === platform) return null;
  const where = s.triage === 'slack' ? 'the Slack view’s #tt02-triage' : 'the Teams view’s channel Triage';
  return h(
    'div',
    { class: 'banner triage-banner', id: 'triage-banner' },
    `Staff triage is in ${PLACE_NAMES[s.triage]}: staff work the cards in ${where}. `,
    h('button', { class: 'bk-button primary triage-banner-move', onclick: () => moveTriage(platform) }, `Move it to ${PLACE_NAMES[platform]}`),
  );
}

/** The page's top bar, the same in both views: who you are, Slack or Teams, and where staff triage. */
function renderTopbar(personas, s) {
  const select = h(
    'select',
    { id: 'persona', 'aria-label': 'Who you are' },
    personas.map((p) => h('option', { value: p.key, selected: p.key === ui.as }, p.label)),
  );
  select.addEventListener('change', () => {
    ui.as = select.value;
    localStorage.setItem('tt02-sandbox-as', ui.as);
    // What the app answered the last person is theirs alone.
    $('#toast').hidden = true;
    ui.place = null;
    ui.thread = null;
    modalSignature = 'x';
    teams.reset();
    void refresh();
  });
  const platform = h(
    'span',
    { class: 'platform', role: 'group', 'aria-label': 'Slack or Teams' },
    ['slack', 'teams'].map((k) => h('button', { class: `platform-button${ui.platform === k ? ' active' : ''}`, id: `platform-${k}`, 'data-platform': k, onclick: () => switchPlatform(k) }, k === 'slack' ? 'Slack' : 'Teams')),
  );
  const triage = s?.triage;
  const triageSwitch = triage
    ? h(
        'span',
        { class: 'triage-switch', role: 'group', 'aria-label': 'Where staff triage' },
        h('span', { class: 'triage-label' }, 'Staff triage:'),
        h(
          'span',
          { class: 'platform' },
          ['slack', 'teams'].map((k) =>
            h('button', { class: `platform-button triage-button${triage === k ? ' active' : ''}`, id: `triage-${k}`, 'aria-pressed': String(triage === k), title: triage === k ? `Staff triage is in ${PLACE_NAMES[k]}` : `Move staff triage to ${PLACE_NAMES[k]} (the app restarts)`, onclick: () => moveTriage(k) }, PLACE_NAMES[k]),
          ),
        ),
      )
    : null;
  return h(
    'header',
    { class: `topbar${ui.platform === 'teams' ? ' teams' : ''}` },
    h('span', { class: 'brand' }, 'TT02 access · local sandbox'),
    platform,
    triageSwitch,
    h('label', { class: 'persona' }, 'You are ', select),
  );
}

/** Slack or Teams: kept in the URL and in this browser. */
function switchPlatform(k) {
  ui.platform = k === 'teams' ? 'teams' : 'slack';
  localStorage.setItem(PLATFORM_KEY, ui.platform);
  const url = new URL(window.location.href);
  url.searchParams.set('platform', ui.platform);
  window.history.replaceState(null, '', url);
  ui.place = null;
  ui.thread = null;
  modalSignature = 'x';
  $('#modal-root').replaceChildren();
  teams.reset();
  void refresh();
}

const teams = createTeamsView({
  as: () => ui.as,
  toast: (text) => showToast(text),
  topbar: (personas, s) => renderTopbar(personas, s),
  triageBanner: (s) => renderTriageBanner('teams', s),
  seen: (s) => noteTriage(s),
  openMail: () => {
    switchPlatform('slack');
    ui.place = 'mail';
  },
});

function renderBanner() {
  if (!state.setup.length) return null;
  return h(
    'details',
    { class: 'banner' },
    h('summary', {}, 'This is a local sandbox that plays Slack; the app behind it is real. To connect to real Slack, set these variables and restart:'),
    h('ul', {}, state.setup.map((s) => h('li', {}, h('code', {}, s.name), ` — ${s.hint}`))),
    h('p', {}, 'See README.md, "Create the Slack app". SANDBOX=off shows the set-up page instead.'),
  );
}

async function render() {
  if (!state) return;
  if (!ui.place || (ui.place !== 'mail' && ui.place !== 'home' && !places().some((c) => c.id === ui.place))) ui.place = state.channels[0]?.id ?? 'mail';
  const messages = document.getElementById('messages');
  const atBottom = !messages || messages.scrollHeight - messages.scrollTop - messages.clientHeight < 40;
  const focused = document.activeElement?.classList.contains('composer-input') ? document.activeElement : null;
  const draft = focused ? { thread: focused.dataset.thread, value: focused.value } : null;
  markDmSeen();
  const content = ui.place === 'mail' ? [await renderMail()] : ui.place === 'home' ? [renderHome()] : renderChannel(ui.place);
  $('#app').replaceChildren(renderTopbar(state.personas.map((p) => ({ key: p.key, label: `${p.realName} — ${p.title}` })), state), renderTriageBanner('slack', state) ?? '', renderBanner() ?? '', h('div', { class: 'layout' }, renderSidebar(), ...content.filter(Boolean)));
  const list = document.getElementById('messages');
  if (list && atBottom) list.scrollTop = list.scrollHeight;
  const focus = ui.focus && document.getElementById(`m-${ui.focus.ts.replace('.', '-')}`);
  if (focus) {
    focus.classList.add('focused');
    if (!ui.focus.scrolled) focus.scrollIntoView({ block: 'start' });
    ui.focus.scrolled = true;
  }
  if (draft) {
    const again = document.querySelector(`.composer-input[data-thread="${draft.thread}"]`);
    if (again) {
      again.value = draft.value;
      again.focus();
    }
  }
  renderModal();
  document.body.dataset.version = String(state.version);
  document.body.dataset.as = state.me.key;
  document.body.dataset.platform = 'slack';
}

async function refresh() {
  if (ui.platform === 'teams') return teams.refresh();
  const res = await fetch(`/sandbox/state?as=${encodeURIComponent(ui.as)}`);
  if (!res.ok) return;
  state = await res.json();
  noteTriage(state);
  await render();
}

const events = new EventSource('/sandbox/events');
let pending = false;
events.onmessage = () => {
  if (pending) return;
  pending = true;
  // Changes come in bursts (a post, then its pin); one refresh per burst.
  setTimeout(() => {
    pending = false;
    void refresh();
  }, 50);
};
void refresh();
