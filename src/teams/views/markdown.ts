/**
 * The catalogue's texts are written for Slack (mrkdwn: `*bold*`, `:emoji:` shortcodes). Adaptive
 * Cards' TextBlock takes a small Markdown (`**bold**`, `_italic_`, `[text](url)`) and no shortcodes:
 * this turns one into the other, so both platforms read the same catalogue.
 */
const EMOJI: Record<string, string> = {
  x: '❌', white_check_mark: '✅', warning: '⚠️', speech_balloon: '💬', hourglass_flowing_sand: '⏳',
  rotating_light: '🚨', pray: '🙏', no_entry: '⛔', lock: '🔒', heavy_minus_sign: '➖', email: '📧',
  wave: '👋', twisted_rightwards_arrows: '🔀', test_tube: '🧪', sunny: '☀️', question: '❓',
  large_yellow_circle: '🟡', large_orange_circle: '🟠', large_blue_circle: '🔵', information_source: 'ℹ️',
  handshake: '🤝', double_vertical_bar: '⏸️', bust_in_silhouette: '👤', ballot_box_with_check: '☑️',
  arrow_forward: '▶️', alarm_clock: '⏰', '-1': '👎', '+1': '👍',
};

/** Slack mrkdwn from the catalogue → Adaptive Card Markdown. Text typed by people goes through `plain` instead. */
export function cardMarkdown(s: string): string {
  return s
    .replace(/:([a-z_0-9+-]+):/g, (all, name: string) => EMOJI[name] ?? all)
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/g, '$1**$2**');
}

/**
 * Text people typed (names, questions, reasons), shown as typed: Markdown's special characters are
 * escaped so that a name cannot become a link or bold text on the card.
 */
export function plain(s: string): string {
  // Card Markdown has bold, italic, links and lists only: escape what makes those (a list only at a line's start).
  return s.replace(/([\\*_[\]()~`])/g, '\\$1').replace(/^(\s*)([-+]|\d+\.)(?=\s)/gm, '$1\\$2');
}
