/** The human reference of a request: TT02-0042. */
export function formatReference(n: number): string {
  return `TT02-${String(n).padStart(4, '0')}`;
}

export function parseReference(s: string): number | null {
  const m = /^TT02-(\d{1,9})$/i.exec(s.trim());
  return m ? Number(m[1]) : null;
}
