import { z } from 'zod';
import { fileOffer, type FileOffer } from '../../app/fileOffers.js';
import { texts } from '../../domain/texts/index.js';
import { auditTeamsRefusal, type TeamsHandlerDeps } from '../respond.js';
import { buildOfferedFile } from '../files.js';
import { fileInfoAttachment, noticeCard } from '../views/tools.js';
import { answerPrivately, rememberWho, toolsRefusal } from './reply.js';
import { whoIs } from './who.js';

const DAY_MS = 24 * 3600_000;
/** As for Slack's copies: even with RETENTION_DAYS=0 an offer can be taken up for a day. */
const OFFER_MIN_DAYS = 1;

const offerContext = z.object({ o: z.number().int().positive() });
const uploadInfo = z.object({ uploadUrl: z.string().min(1), contentUrl: z.string().min(1), uniqueId: z.string().min(1), name: z.string().optional(), fileType: z.string().optional() });

/** Whose file it is: the staff member who asked for it (a report, an export) or made the list. */
const ownerOf = (offer: FileOffer) => ('actorUserId' in offer.payload ? offer.payload.actorUserId : offer.payload.userId);

/** The upload session Teams hands over is OneDrive's (https); plain http only to this machine (tests, the sandbox). */
function uploadAllowed(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || (u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost'));
  } catch {
    return false;
  }
}

/**
 * The file consent card's answers (`fileConsent/invoke`). Accepted: the file is built again from the
 * stored truth and PUT to the upload session Teams made in the accepter's OneDrive, then shown as a
 * file card. Only the staff member it was made for, still staff, and only within the retention time
 * (an older offer expires). Declined: said so. Answered within Teams' 5 s; the files are small.
 */
export function registerFileConsent(deps: TeamsHandlerDeps): void {
  const { sdk } = deps;
  const now = () => deps.now?.() ?? new Date();

  sdk.on('file.consent.accept', async (ctx) => {
    const who = whoIs(ctx.activity);
    if (!who) return { status: 200 };
    await rememberWho(deps, who);
    const t = texts(who.locale);
    const tell = (message: string) => answerPrivately((a) => ctx.send(a as never), who, noticeCard(message));
    const refusal = await toolsRefusal(deps, who, 'file_consent');
    if (refusal) {
      await tell(refusal);
      return { status: 200 };
    }
    const context = offerContext.safeParse(ctx.activity.value.context);
    const info = uploadInfo.safeParse(ctx.activity.value.uploadInfo);
    if (!context.success || !info.success || !uploadAllowed(info.data.uploadUrl)) {
      await tell(t.refusals.unreadableButton);
      return { status: 200 };
    }
    const offer = await fileOffer(deps.ports, context.data.o);
    const keptMs = Math.max(deps.config.retentionDays, OFFER_MIN_DAYS) * DAY_MS;
    if (!offer || now().getTime() - offer.offeredAt.getTime() > keptMs) {
      await tell(t.teamsTools.fileExpired);
      return { status: 200 };
    }
    if (ownerOf(offer) !== who.aadObjectId) {
      await auditTeamsRefusal(deps, who, 'file_consent', null, 'not_requester');
      await tell(t.teamsTools.fileNotYours);
      return { status: 200 };
    }
    const file = await buildOfferedFile(deps.ports, offer, now());
    if (!file) {
      await tell(t.teamsTools.fileExpired);
      return { status: 200 };
    }
    const n = file.bytes.length;
    const put = await fetch(info.data.uploadUrl, {
      method: 'PUT',
      // fetch sets Content-Length itself; OneDrive's upload session needs the range.
      headers: { 'content-type': 'application/octet-stream', 'content-range': `bytes 0-${n - 1}/${n}` },
      body: file.bytes,
      signal: AbortSignal.timeout(4_000),
    }).catch((err: Error) => err);
    if (put instanceof Error || !put.ok) {
      deps.logger.warn({ status: put instanceof Error ? put.name : put.status }, 'Teams file upload to OneDrive failed');
      await tell(t.refusals.somethingWentWrong);
      return { status: 200 };
    }
    const name = info.data.name ?? file.filename;
    await ctx.send({
      type: 'message',
      attachments: [fileInfoAttachment({ name, contentUrl: info.data.contentUrl, uniqueId: info.data.uniqueId, fileType: info.data.fileType ?? name.split('.').pop() ?? '' })],
    } as never);
    return { status: 200 };
  });

  sdk.on('file.consent.decline', async (ctx) => {
    const who = whoIs(ctx.activity);
    if (who) await answerPrivately((a) => ctx.send(a as never), who, noticeCard(texts(who.locale).teamsTools.fileDeclined));
    return { status: 200 };
  });
}
