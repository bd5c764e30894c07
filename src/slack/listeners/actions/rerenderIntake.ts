import type { BlockAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { texts, type Locale } from '../../../domain/texts/index.js';
import type { RegisterLookup } from '../../../app/ports.js';
import { intakeModal, parseIntakeMetadata, readIntakeValues } from '../../views/intakeModal.js';
import { cachedRegisterNotes, registerNoteText, type OrgNumberField } from '../../views/registerNote.js';
import type { SlackDeps } from '../../deps.js';

export interface IntakeChange {
  /** switch the modal (and so the request, its thread notes and emails) to this language */
  locale?: Locale;
  /** a register answer that just came for the number typed in this field */
  lookup?: { field: OrgNumberField; typed: string; result: RegisterLookup | undefined };
}

/**
 * Rebuilds the intake modal from what it holds now, keeping everything typed, with a change applied.
 * The view's hash guards the update: a conflict means the user (or another update) moved the modal
 * on since this action, and that newer state wins.
 */
export async function rerenderIntake(deps: SlackDeps, client: WebClient, view: BlockAction['view'], change: IntakeChange): Promise<void> {
  const meta = parseIntakeMetadata(view?.private_metadata);
  if (!view || !meta) {
    deps.logger.warn({ viewId: view?.id }, 'intake action without valid intake metadata');
    return;
  }
  const next = change.locale ? { ...meta, locale: change.locale } : meta;
  const values = readIntakeValues(view.state?.values);
  if (change.lookup) values[change.lookup.field] = change.lookup.typed;
  const t = texts(next.locale);
  const notes = cachedRegisterNotes(t, values, deps.ports.register ? (n) => deps.ports.register!.peek(n) : undefined);
  if (change.lookup) {
    const note = registerNoteText(t, change.lookup.typed, change.lookup.result);
    if (note) notes[change.lookup.field] = note;
    else delete notes[change.lookup.field];
  }
  await client.views
    .update({ view_id: view.id, hash: view.hash, view: intakeModal(next, values, { registerOn: !!deps.ports.register, notes }) })
    .catch((err: { data?: { error?: string } }) => {
      if (err.data?.error !== 'hash_conflict') throw err;
    });
}
