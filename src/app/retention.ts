import type { Db } from '../db/client.js';
import { enqueue } from '../db/repositories/outbox.js';
import {
  deliveredPosts,
  purgeRequestRow,
  purgedRequestIds,
  recordSystemEvent,
  requestsDueForPurge,
  scrubRequestHistory,
  uploadedFilesToDelete,
} from '../db/repositories/retention.js';
import { mailFilesByRequest, removeMailFiles } from './mailFiles.js';
import { EFFECT, FILE_DELETE_KEY_PREFIX, cardUpdate, fileDelete, postRedact, type CardThreadPost, type VendorNote } from './effects.js';
import type { OutboxItem } from '../db/repositories/outbox.js';
import { SYSTEM_ACTOR } from './ports.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 100;

/**
 * The posts that carried personal data or free text: the vendor's words mirrored under the card,
 * and the vendor-thread notes with staff's words or the contact person's name. The others carry
 * none (statuses, mentions) and stay as they are.
 */
const CARD_THREAD_WITH_TEXT: readonly CardThreadPost['kind'][] = ['vendor_wrote'];
const VENDOR_NOTES_WITH_TEXT: readonly VendorNote['kind'][] = ['needs_info', 'rejected', 'confirmation_sent', 'staff_reply'];

async function postsToRedact(tx: Parameters<typeof deliveredPosts>[0], id: string): Promise<OutboxItem[]> {
  const posts = await deliveredPosts(tx, id, [EFFECT.cardThreadPost, EFFECT.vendorNote]);
  return posts.flatMap((p) => {
    const kind = p.payloadKind ?? '';
    if (p.kind === EFFECT.cardThreadPost && (CARD_THREAD_WITH_TEXT as readonly string[]).includes(kind)) return [postRedact(id, 'card', p.ts)];
    if (p.kind === EFFECT.vendorNote && (VENDOR_NOTES_WITH_TEXT as readonly string[]).includes(kind)) return [postRedact(id, 'vendor', p.ts)];
    return [];
  });
}

export interface PurgeOptions {
  now: Date;
  retentionDays: number;
  /** Told why a request could not be purged (no personal data in it); the next run tries again. */
  onError?: (requestId: string, message: string) => void;
}

export interface PurgeResult {
  purged: string[];
  failed: string[];
}

/**
 * The database part of the retention rule: every closed request whose closing is `retentionDays`
 * or more before `now`, and that has nothing left to deliver, loses its personal data. Each request
 * is purged in its own transaction, with its `personal_data_purged` audit event and the update of
 * its triage card to the redacted version: a crash or a failing request leaves the others either
 * purged completely or untouched, and the next run picks up what is left. Running it again, or in
 * two instances at once, purges nothing twice (see purgeRequestRow).
 */
export async function purgeExpiredPersonalData(db: Db, o: PurgeOptions): Promise<PurgeResult> {
  const cutoff = new Date(o.now.getTime() - o.retentionDays * DAY_MS);
  const purged: string[] = [];
  const failed: string[] = [];
  // Keyset pagination: a request skipped (locked by another instance) or failing is not read again in this run.
  let afterNumber = 0;
  for (;;) {
    const due = await requestsDueForPurge(db, { cutoff, limit: BATCH, afterNumber });
    for (const { id, number } of due) {
      afterNumber = number;
      try {
        const done = await db.transaction(async (tx) => {
          if (!(await purgeRequestRow(tx, id, o.now))) return false;
          // Read before the scrub, which leaves each payload its kind only (enough, but in one place).
          const posts = await postsToRedact(tx, id);
          await scrubRequestHistory(tx, id);
          const event = await recordSystemEvent(tx, {
            requestId: id,
            kind: 'personal_data_purged',
            actorUserId: SYSTEM_ACTOR,
            at: o.now,
            details: { retentionDays: o.retentionDays },
          });
          await enqueue(tx, [cardUpdate(id, event.id), ...posts]);
          return true;
        });
        if (done) purged.push(id);
      } catch (err) {
        failed.push(id);
        o.onError?.(id, err instanceof Error ? err.message : String(err));
      }
    }
    if (due.length < BATCH) break;
  }
  return { purged, failed };
}

/**
 * The file part: deletes the .eml files of every purged request. It runs after the database part
 * and looks at all files, not only this run's, so files left by a run that stopped in between are
 * deleted by the next one.
 */
export async function removePurgedMailFiles(db: Db, mailDir: string): Promise<number> {
  const files = await mailFilesByRequest(mailDir);
  const purged = await purgedRequestIds(db, [...new Set(files.flatMap((f) => f.requestIds))]);
  return removeMailFiles(files.filter((f) => f.requestIds.some((id) => purged.has(id))).map((f) => f.file));
}

/**
 * Even with RETENTION_DAYS=0 a file is kept this long: the staff member who asked for it must be
 * able to download it.
 */
const FILE_KEPT_MIN_DAYS = 1;

/**
 * The Slack part: a report CSV (free text in its reasons and feedback, and contact details if asked
 * for) and an archive record (questions, answers, reasons) are copies made for one task, sent to one
 * staff member. Once RETENTION_DAYS (at least a day) have passed since the upload, they are deleted
 * from Slack through the outbox (files.delete). The report's chart (counts) and the Altinn list (no
 * free text, contact details or fødselsnummer) are not. Returns how many deletions were queued.
 */
export async function deleteExpiredSlackFiles(db: Db, o: { now: Date; retentionDays: number }): Promise<number> {
  const cutoff = new Date(o.now.getTime() - Math.max(o.retentionDays, FILE_KEPT_MIN_DAYS) * DAY_MS);
  const fileIds = await uploadedFilesToDelete(db, { kinds: [EFFECT.reportFile, EFFECT.exportFile], cutoff, deleteKeyPrefix: FILE_DELETE_KEY_PREFIX });
  await enqueue(db, fileIds.map(fileDelete));
  return fileIds.length;
}

export interface RetentionRun extends PurgeResult {
  filesRemoved: number;
  /** Report CSVs and archive records queued for deletion from Slack. */
  slackFilesDeleted: number;
}

/** One full run of the retention rule: the database, the files in Slack, then the mail files. */
export async function runRetention(
  ports: { db: Db; outboxNotify: () => void },
  o: PurgeOptions & { mailDir: string },
): Promise<RetentionRun> {
  const result = await purgeExpiredPersonalData(ports.db, o);
  const slackFilesDeleted = await deleteExpiredSlackFiles(ports.db, o);
  if (result.purged.length > 0 || slackFilesDeleted > 0) ports.outboxNotify();
  const filesRemoved = await removePurgedMailFiles(ports.db, o.mailDir);
  return { ...result, filesRemoved, slackFilesDeleted };
}
