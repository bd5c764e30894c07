/**
 * CSV as spreadsheets read it (RFC 4180: comma-separated, CRLF, fields quoted when needed). A field
 * that starts like a formula (=, +, -, @) gets a leading apostrophe, so a vendor's name can never run
 * as a formula in the spreadsheet that opens the file.
 */
export type Cell = string | number | null | undefined;

function field(v: Cell): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly Cell[][]): string {
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}
