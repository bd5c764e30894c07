import type { App } from '@microsoft/teams.apps';
import { batchRequests } from '../app/altinnBatch.js';
import { EFFECT } from '../app/effects.js';
import type { FileOffer, OfferedFileKind } from '../app/fileOffers.js';
import type { Delivery, EffectHandlers } from '../app/outbox/dispatch.js';
import { PermanentDeliveryError } from '../app/outbox/worker.js';
import type { Ports } from '../app/ports.js';
import { loadReport } from '../app/reports.js';
import type { TeamsSettings } from '../config.js';
import { texts, type Locale } from '../domain/texts/index.js';
import { renderChartPng } from '../reports/chart.js';
import { chartInput, monthlySummaryText } from '../reports/files.js';
import { buildOfferedFile } from './files.js';
import { personalChat } from './personalChat.js';
import { altinnBatchCard, fileConsentAttachment, monthlySummaryCard, reportCard } from './views/tools.js';

export interface TeamsFileDeliveryOptions {
  ports: Pick<Ports, 'db'>;
  teams: TeamsSettings;
  /** The SDK's app (set once the Teams endpoint exists; rows are delivered only after start-up). */
  sdk: () => App;
  /** TRIAGE_LOCALE: the language of the posts in the triage channel. */
  triageLocale: Locale;
  now?: () => Date;
}

/** Teams caps an inline image at 1024×1024 px: the chart is drawn that wide (it is wider than tall). */
const TEAMS_CHART_WIDTH = 1024;

const card = (content: unknown) => ({ contentType: 'application/vnd.microsoft.card.adaptive', content });

/**
 * Outbox handlers for staff's files when triage is in Teams. A bot can send a file only in a personal
 * chat, and only through the file consent card: each CSV (the report's, the Altinn list, the archive
 * record) is offered there, and uploaded to the staff member's OneDrive when they accept
 * (handlers/fileConsent.ts builds it again then). The report's chart is inline in its card. The bot
 * cannot delete what it uploaded to someone's OneDrive, so nothing is recorded for the retention
 * job's `slack.file.delete`; an offer not accepted within retention expires (see README).
 */
export function teamsFileDeliveryHandlers(o: TeamsFileDeliveryOptions): EffectHandlers {
  const { ports } = o;
  const now = o.now ?? (() => new Date());
  const chat = (aad: string) => personalChat({ ports, sdk: o.sdk(), teams: o.teams }, aad);

  const offer = async <K extends OfferedFileKind>(d: Delivery<K>, userId: string) => {
    const f = await buildOfferedFile(ports, { kind: d.row.kind, payload: d.payload, offeredAt: now() } as FileOffer, now());
    if (!f) throw new PermanentDeliveryError(`nothing to offer for outbox row ${d.row.id}`);
    const { conversationId } = await chat(userId);
    const sent = await o.sdk().send(conversationId, {
      type: 'message',
      attachments: [fileConsentAttachment(f.filename, f.bytes.length, f.description, { o: d.row.id })],
    });
    return { conversationId, offered: f.filename, activityId: sent.id };
  };

  return {
    [EFFECT.reportFile]: async (d) => {
      const p = d.payload;
      const t = texts(p.locale);
      const data = await loadReport(ports, p.period);
      const png = await renderChartPng(chartInput(data, t), { width: TEAMS_CHART_WIDTH });
      const { conversationId } = await chat(p.userId);
      await o.sdk().send(conversationId, { type: 'message', attachments: [card(reportCard(t.reports.reportComment(p.period.label, data.rows.length), png, t.reports.chart.title(p.period.label)))] });
      const offered = await offer(d, p.userId);
      return { rows: data.rows.length, ...offered };
    },

    [EFFECT.exportFile]: async (d) => offer(d, d.payload.userId),

    // The list holds no personal data, but a bot cannot post a file in a channel: it goes to whoever made it.
    [EFFECT.altinnBatchFile]: async (d) => offer(d, d.payload.actorUserId),

    [EFFECT.altinnBatchMessage]: async ({ payload: p }) => {
      const triage = o.teams.triageConversationId;
      if (!triage) throw new PermanentDeliveryError('TEAMS_TRIAGE_CONVERSATION_ID is not set');
      const rows = await batchRequests(ports, p.batchId);
      const sent = await o.sdk().send(triage, { type: 'message', attachments: [card(altinnBatchCard(p.batchId, rows.map((r) => r.number), o.triageLocale))] });
      return { activityId: sent.id };
    },

    [EFFECT.monthlySummary]: async ({ payload: p }) => {
      const triage = o.teams.triageConversationId;
      if (!triage) throw new PermanentDeliveryError('TEAMS_TRIAGE_CONVERSATION_ID is not set');
      const t = texts(o.triageLocale);
      const data = await loadReport(ports, p.period);
      const png = await renderChartPng(chartInput(data, t), { width: TEAMS_CHART_WIDTH });
      const sent = await o.sdk().send(triage, { type: 'message', attachments: [card(monthlySummaryCard(monthlySummaryText(data, o.triageLocale), png, t.reports.chart.title(p.period.label)))] });
      return { period: p.period.label, activityId: sent.id };
    },
  };
}
