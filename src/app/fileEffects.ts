import { z } from 'zod';
import { LOCALES } from '../domain/texts/index.js';

/**
 * The payloads of the effects that upload files (reports, archive records, the Altinn list, the
 * monthly summary) and of the Altinn batch's message: part of the effect registry (effects.ts).
 */
const locale = z.enum(LOCALES);
const period = z.object({ from: z.string(), to: z.string(), label: z.string() });
export const reportFilePayload = z.object({ period, userId: z.string(), locale, withContacts: z.boolean() });
export const exportFilePayload = z.object({ requestId: z.string(), userId: z.string(), locale });
export const altinnBatchPayload = z.object({ batchId: z.string(), actorUserId: z.string(), locale });
export const monthlySummaryPayload = z.object({ period });
/** A file the app uploaded, deleted from Slack (a report CSV or archive record, past retention). */
export const fileDeletePayload = z.object({ fileId: z.string() });
