import type { Locale } from '../domain/texts/index.js';
import { escapeHtml } from './escapeHtml.js';

/** '974760673' → '974 760 673'. Anything that is not nine digits (after removing spaces) is returned trimmed, unchanged. */
export function formatOrgNumber(value: string): string {
  const digits = value.replace(/\s+/g, '');
  return /^\d{9}$/.test(digits) ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : value.trim();
}

/** Collapses all whitespace (including line breaks) in a single-line value such as a name. */
export function oneLine(value: string | null | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}

/** Multi-line free text: normalised line endings, trailing whitespace removed, surrounding blank lines trimmed. */
export function multiLine(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/** Escapes multi-line text for HTML and keeps its line breaks as `<br>`. */
export function multiLineHtml(value: string): string {
  return multiLine(value).split('\n').map(escapeHtml).join('<br>\n');
}

/** Only absolute http(s) URLs are ever put in a link. */
export function assertHttpUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${what} is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`${what} must be an http(s) URL`);
  }
  return url.toString();
}

/** Wraps already-escaped body HTML in a minimal, accessible document. */
export function htmlDocument(locale: Locale, title: string, bodyHtml: string): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    '<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;background:#ffffff;">',
    '<div style="max-width:40em;">',
    bodyHtml,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
