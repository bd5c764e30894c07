import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { parseOrgNumber } from '../../../domain/orgnr.js';
import { texts } from '../../../domain/texts/index.js';
import { parseIntakeMetadata } from '../../views/intakeModal.js';
import { ORG_NUMBER_FIELDS, registerNoteBlockId, registerNoteText, type OrgNumberField } from '../../views/registerNote.js';
import type { SlackDeps } from '../../deps.js';
import { rerenderIntake } from './rerenderIntake.js';

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** A number field's dispatched input: which field, and what is typed in it so far. */
const typedActionSchema = z.object({ action_id: z.enum(ORG_NUMBER_FIELDS), value: z.string().nullish() });

/** The line under the field as the modal shows it now (undefined: none). */
function shownNote(view: BlockAction['view'], field: OrgNumberField): string | undefined {
  const block = (view?.blocks as { block_id?: string; elements?: { text?: string }[] }[] | undefined)?.find(
    (b) => b.block_id === registerNoteBlockId(field),
  );
  return block?.elements?.[0]?.text;
}

/**
 * An organisation number being typed in the intake modal: acknowledge at once, look it up, and show
 * the register's answer under the field ("✓ NAME AS, Oslo", not found, bankrupt). The answer is
 * cached, so the submission does not wait for the register again.
 */
export function orgNumberTyped(deps: SlackDeps) {
  return async ({ ack, action, body, client }: Args) => {
    await ack();
    const register = deps.ports.register;
    const typedAction = typedActionSchema.safeParse(action);
    const meta = parseIntakeMetadata(body.view?.private_metadata);
    if (!register || !meta || !typedAction.success) return;
    const field = typedAction.data.action_id;
    const typed = typedAction.data.value ?? '';
    const parsed = parseOrgNumber(typed);
    const result = parsed.ok ? await register.lookup(parsed.value) : undefined;
    const note = registerNoteText(texts(meta.locale), typed, result);
    // Most keystrokes change nothing the user can see: update only when the line under the field does.
    if (note === shownNote(body.view, field)) return;
    await rerenderIntake(deps, client, body.view, { lookup: { field, typed, result } });
  };
}
