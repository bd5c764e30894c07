import { batchRequests } from '../app/altinnBatch.js';
import { loadArchiveRecord } from '../app/archive.js';
import { EFFECT } from '../app/effects.js';
import type { FileOffer } from '../app/fileOffers.js';
import type { Ports } from '../app/ports.js';
import { loadReport } from '../app/reports.js';
import { formatReference } from '../domain/reference.js';
import { texts } from '../domain/texts/index.js';
import { osloDay } from '../domain/workingDays.js';
import { altinnCsv, archiveText, reportCsv } from '../reports/files.js';

export interface BuiltFile {
  filename: string;
  bytes: Buffer;
  /** The consent card's line: what the file is. */
  description: string;
}

/** Report files are named as on Slack. */
export const reportBaseName = (label: string) => `tt02-report-${label.replace(/[^\w-]+/g, '_')}`;

/**
 * The bytes of an offered file, built from the stored truth when they are needed (the offer, and
 * again on acceptance): what the retention rule purged meanwhile is not in them. Undefined when
 * what the file was about is gone (a batch or request not found).
 */
export async function buildOfferedFile(ports: Pick<Ports, 'db'>, offer: FileOffer, now: Date): Promise<BuiltFile | undefined> {
  switch (offer.kind) {
    case EFFECT.reportFile: {
      const p = offer.payload;
      const data = await loadReport(ports, p.period);
      return {
        filename: `${reportBaseName(p.period.label)}.csv`,
        bytes: Buffer.from(reportCsv(data, p.withContacts), 'utf8'),
        description: texts(p.locale).reports.reportComment(p.period.label, data.rows.length),
      };
    }
    case EFFECT.exportFile: {
      const p = offer.payload;
      const record = await loadArchiveRecord(ports, p.requestId);
      if (!record) return undefined;
      const ref = formatReference(record.number);
      return { filename: `${ref}.txt`, bytes: Buffer.from(archiveText(record, p.locale, now), 'utf8'), description: texts(p.locale).reports.exportComment(ref) };
    }
    case EFFECT.altinnBatchFile: {
      const p = offer.payload;
      const rows = await batchRequests(ports, p.batchId);
      if (rows.length === 0) return undefined;
      return {
        filename: `tt02-altinn-${osloDay(offer.offeredAt)}.csv`,
        bytes: Buffer.from(altinnCsv(rows), 'utf8'),
        description: texts(p.locale).reports.altinn.title,
      };
    }
  }
}
