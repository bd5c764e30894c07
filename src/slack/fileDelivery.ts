import type { FilesCompleteUploadExternalResponse, WebClient } from '@slack/web-api';
import { altinnFileSettled, batchRequests } from '../app/altinnBatch.js';
import { loadArchiveRecord } from '../app/archive.js';
import { EFFECT } from '../app/effects.js';
import type { Ports } from '../app/ports.js';
import { loadReport } from '../app/reports.js';
import { formatReference } from '../domain/reference.js';
import { texts, type Locale } from '../domain/texts/index.js';
import { osloDay } from '../domain/workingDays.js';
import type { EffectHandlers } from '../app/outbox/dispatch.js';
import { PermanentDeliveryError, RetryLaterError } from '../app/outbox/worker.js';
import { renderChartPng } from '../reports/chart.js';
import { altinnCsv, archiveText, chartInput, monthlySummaryText, reportCsv } from '../reports/files.js';
import { postOnce, slackCall, triageChannelOf } from './delivery.js';
import { altinnBatchMessage } from './views/altinnBatch.js';

interface FileToUpload {
  filename: string;
  bytes: Buffer;
}

/**
 * files.uploadV2 (getUploadURLExternal, the bytes, completeUploadExternal). A retry after a lost
 * answer may upload a second copy: files cannot be searched by key like messages, and a duplicate
 * file is the lesser harm than a lost report.
 */
async function upload(client: WebClient, channelId: string, comment: string, files: FileToUpload[]): Promise<{ id: string; name: string }[]> {
  const res = await slackCall(() =>
    client.files.uploadV2({
      channel_id: channelId,
      initial_comment: comment,
      file_uploads: files.map((f) => ({ file: f.bytes, filename: f.filename })),
    }),
  );
  // uploadV2 answers with completeUploadExternal's responses, though its type says only WebAPICallResult.
  const done = (res as { files?: FilesCompleteUploadExternalResponse[] }).files ?? [];
  return done.flatMap((c) => c.files ?? []).flatMap((f) => (f.id ? [{ id: f.id, name: f.name ?? '' }] : []));
}

/** A direct message with the staff member (reports are not for the shared triage channel). */
async function dmChannel(client: WebClient, userId: string): Promise<string> {
  const res = await slackCall(() => client.conversations.open({ users: userId }));
  const id = res.channel?.id;
  if (!id) throw new Error('conversations.open returned no channel');
  return id;
}

export interface FileDeliveryOptions {
  ports: Pick<Ports, 'db'>;
  client: WebClient;
  /** Unset with triage in Teams: Slack then posts nothing on the triage side (app/outbox/sides.ts). */
  triageChannelId?: string;
  /** TRIAGE_LOCALE: the language of what is posted in the triage channel (the Altinn list, the monthly summary). */
  triageLocale: Locale;
  now?: () => Date;
}

/** Outbox handlers for the files staff get: reports, archive records, the Altinn list, the monthly summary. */
export function fileDeliveryHandlers(o: FileDeliveryOptions): EffectHandlers {
  const { ports, client } = o;
  const now = o.now ?? (() => new Date());
  return {
    [EFFECT.reportFile]: async ({ payload: p }) => {
      const t = texts(p.locale);
      const data = await loadReport(ports, p.period);
      const png = await renderChartPng(chartInput(data, t));
      const name = `tt02-report-${p.period.label.replace(/[^\w-]+/g, '_')}`;
      const uploaded = await upload(client, await dmChannel(client, p.userId), t.reports.reportComment(p.period.label, data.rows.length), [
        { filename: `${name}.csv`, bytes: Buffer.from(reportCsv(data, p.withContacts), 'utf8') },
        { filename: `${name}.png`, bytes: png },
      ]);
      // The CSV holds free text (rejection reasons, feedback), and contact details if asked for: it is
      // deleted from Slack when retention has passed (app/retention.ts). The chart holds counts only.
      const fileIds = uploaded.filter((f) => f.name === `${name}.csv`).map((f) => f.id);
      return { rows: data.rows.length, fileIds };
    },

    [EFFECT.exportFile]: async ({ payload: p }) => {
      const t = texts(p.locale);
      const record = await loadArchiveRecord(ports, p.requestId);
      if (!record) throw new PermanentDeliveryError(`request ${p.requestId} not found`);
      const ref = formatReference(record.number);
      const uploaded = await upload(client, await dmChannel(client, p.userId), t.reports.exportComment(ref), [
        { filename: `${ref}.txt`, bytes: Buffer.from(archiveText(record, p.locale, now()), 'utf8') },
      ]);
      // Questions, answers, reasons: deleted from Slack when retention has passed (app/retention.ts).
      return { ref, fileIds: uploaded.map((f) => f.id) };
    },

    [EFFECT.fileDelete]: async ({ payload: p }) => {
      try {
        await slackCall(() => client.files.delete({ file: p.fileId }));
      } catch (err) {
        // Deleted already (by a retry whose answer was lost, or by hand in Slack): the goal is met.
        const code = (err as { data?: { error?: string } }).data?.error;
        if (code === 'file_not_found' || code === 'file_deleted') return { skipped: code };
        throw err;
      }
      return { deleted: p.fileId };
    },

    [EFFECT.altinnBatchFile]: async ({ payload: p }) => {
      // The list holds org numbers and names and our references only, no contact details or
      // fødselsnummer: it stays in the channel like the cards do.
      // Posted in the triage channel for all staff: in the triage language, whoever made the list.
      const t = texts(o.triageLocale);
      const rows = await batchRequests(ports, p.batchId);
      if (rows.length === 0) throw new PermanentDeliveryError(`batch ${p.batchId} has no requests`);
      await upload(client, triageChannelOf(o), t.reports.altinn.fileComment(rows.length, `<@${p.actorUserId}>`), [
        { filename: `tt02-altinn-${osloDay(now())}.csv`, bytes: Buffer.from(altinnCsv(rows), 'utf8') },
      ]);
      return { requests: rows.length };
    },

    [EFFECT.altinnBatchMessage]: async ({ row, payload: p }) => {
      // After the CSV it confirms: both are queued together and would otherwise race.
      if (!(await altinnFileSettled(ports, p.batchId))) throw new RetryLaterError('the Altinn list is not posted yet', 1000);
      const rows = await batchRequests(ports, p.batchId);
      const msg = altinnBatchMessage(o.triageLocale, p.batchId, rows.map((r) => r.number));
      const ts = await postOnce(client, { channel: triageChannelOf(o), ...msg, key: row.dedupeKey, retry: row.attempts > 1 });
      return { ts };
    },

    [EFFECT.monthlySummary]: async ({ payload: p }) => {
      const t = texts(o.triageLocale);
      const data = await loadReport(ports, p.period);
      const png = await renderChartPng(chartInput(data, t));
      await upload(client, triageChannelOf(o), monthlySummaryText(data, o.triageLocale), [{ filename: `tt02-${p.period.label}.png`, bytes: png }]);
      return { period: p.period.label };
    },
  };
}
