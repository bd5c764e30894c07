import type { Locale } from '../domain/texts/index.js';
import { escapeHtml } from './escapeHtml.js';
import { htmlDocument, multiLine, multiLineHtml } from './format.js';

/**
 * A tiny document model so that the plain-text and HTML versions of an email are written once and
 * cannot drift apart. Every string is escaped when rendered as HTML, user-supplied or not; the only
 * markup that can ever appear is the one produced here.
 */
export type Inline = string | { bold: string } | { link: string };

export type Block =
  /** a paragraph */
  | { kind: 'p'; content: Inline[] }
  /** a section heading */
  | { kind: 'h'; text: string }
  /** short lines kept together, e.g. "Referanse: TT02-0042" */
  | { kind: 'lines'; lines: Inline[][] }
  /** a value to copy, shown prominently (the fødselsnummer) */
  | { kind: 'value'; text: string }
  /** a link on its own line; plain text shows the URL, HTML a descriptive label */
  | { kind: 'link'; href: string; label: string }
  /** an emphasised notice with a heading */
  | { kind: 'notice'; heading: string; paragraphs: Inline[][] }
  /** free text written by a person: line breaks preserved */
  | { kind: 'quote'; text: string };

function inlineText(content: Inline[]): string {
  return content.map((part) => (typeof part === 'string' ? part : 'bold' in part ? part.bold : part.link)).join('');
}

function inlineHtml(content: Inline[]): string {
  return content
    .map((part) =>
      typeof part === 'string'
        ? escapeHtml(part)
        : 'bold' in part
          ? `<strong>${escapeHtml(part.bold)}</strong>`
          : `<a href="${escapeHtml(part.link)}" style="color:#0b5394;">${escapeHtml(part.link)}</a>`,
    )
    .join('');
}

/** A catalogue text with a URL in it, as inline parts in which the URL is a link. */
export function withLink(text: string, url: string): Inline[] {
  const parts = text.split(url);
  return parts.flatMap((part, i) => (i === 0 ? [part] : [{ link: url }, part])).filter((p) => p !== '');
}

export function renderText(blocks: Block[]): string {
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'p':
        out.push(inlineText(block.content));
        break;
      case 'h':
        out.push(`${block.text}\n${'-'.repeat(block.text.length)}`);
        break;
      case 'lines':
        out.push(block.lines.map(inlineText).join('\n'));
        break;
      case 'value':
        out.push(`    ${block.text}`);
        break;
      case 'link':
        out.push(block.href);
        break;
      case 'notice':
        out.push(
          [`${block.heading}\n${'-'.repeat(block.heading.length)}`, ...block.paragraphs.map(inlineText)].join('\n\n'),
        );
        break;
      case 'quote':
        out.push(
          multiLine(block.text)
            .split('\n')
            .map((line) => (line ? `    ${line}` : ''))
            .join('\n'),
        );
        break;
    }
  }
  return `${out.join('\n\n')}\n`;
}

const H2 = 'font-size:18px;line-height:1.3;margin:24px 0 8px;';
const P = 'margin:0 0 12px;';

export function renderHtml(locale: Locale, title: string, blocks: Block[]): string {
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'p':
        out.push(`<p style="${P}">${inlineHtml(block.content)}</p>`);
        break;
      case 'h':
        out.push(`<h2 style="${H2}">${escapeHtml(block.text)}</h2>`);
        break;
      case 'lines':
        out.push(`<p style="${P}">${block.lines.map(inlineHtml).join('<br>\n')}</p>`);
        break;
      case 'value':
        out.push(
          `<p style="${P}font-family:Consolas,'Courier New',monospace;font-size:20px;letter-spacing:1px;"><strong>${escapeHtml(block.text)}</strong></p>`,
        );
        break;
      case 'link':
        out.push(`<p style="${P}"><a href="${escapeHtml(block.href)}" style="color:#0b5394;">${escapeHtml(block.label)}</a></p>`);
        break;
      case 'notice':
        out.push(
          [
            '<div style="margin:24px 0;padding:12px 16px;border-left:4px solid #b45309;background:#fff7ed;">',
            `<h2 style="font-size:18px;line-height:1.3;margin:0 0 8px;">${escapeHtml(block.heading)}</h2>`,
            ...block.paragraphs.map((paragraph, i) => {
              const last = i === block.paragraphs.length - 1;
              return `<p style="${last ? 'margin:0;' : P}">${inlineHtml(paragraph)}</p>`;
            }),
            '</div>',
          ].join('\n'),
        );
        break;
      case 'quote':
        out.push(
          `<blockquote style="margin:0 0 12px;padding:8px 12px;border-left:4px solid #6b7280;background:#f3f4f6;">${multiLineHtml(block.text)}</blockquote>`,
        );
        break;
    }
  }
  return htmlDocument(locale, title, out.join('\n'));
}
