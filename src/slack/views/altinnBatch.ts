import type { KnownBlock, ModalView } from '@slack/types';
import { z } from 'zod';
import type { AwaitingRow } from '../../app/altinnBatch.js';
import { formatReference } from '../../domain/reference.js';
import { LOCALES, texts, type Locale } from '../../domain/texts/index.js';
import { osloDay } from '../../domain/workingDays.js';
import { actions, button, clip, esc, plain, section } from './kit.js';

export const ALTINN_BATCH_CALLBACK_ID = 'altinn_batch';
export const ALTINN_BATCH_BLOCK_ID = 'altinn_requests';
export const ALTINN_BATCH_CONFIRM_ACTION_ID = 'altinn_batch_confirm';

const Metadata = z.object({ locale: z.enum(LOCALES) });
export function parseBatchMetadata(raw: string | undefined): Locale | null {
  try {
    const parsed = Metadata.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data.locale : null;
  } catch {
    return null;
  }
}

function shell(locale: Locale, blocks: KnownBlock[], submit: boolean): ModalView {
  const t = texts(locale).reports.altinn;
  return {
    type: 'modal',
    callback_id: ALTINN_BATCH_CALLBACK_ID,
    private_metadata: JSON.stringify({ locale }),
    title: plain(t.title, 24),
    close: plain(t.close, 24),
    ...(submit ? { submit: plain(t.submit, 24) } : {}),
    blocks,
  };
}

/** Opened at once (the trigger lasts 3 s); the list follows with views.update. */
export function altinnBatchLoading(locale: Locale): ModalView {
  return shell(locale, [section(texts(locale).reports.altinn.loading)], false);
}

/**
 * The requests waiting for the Altinn step, to choose from: one multi_static_select (up to 100
 * options; checkboxes allow only 10). All are chosen to begin with.
 */
export function altinnBatchModal(locale: Locale, rows: AwaitingRow[]): ModalView {
  const t = texts(locale);
  if (rows.length === 0) return shell(locale, [section(t.reports.altinn.none)], false);
  const options = rows.slice(0, 100).map((r) => {
    const who = r.customerOrgName ?? t.accessType.fictitious_enterprise;
    const sent = r.sentToAltinnAt ? ` · ${t.reports.altinn.sentBefore(osloDay(r.sentToAltinnAt))}` : '';
    return { text: plain(clip(`${formatReference(r.number)} · ${r.vendorOrgName} · ${who}${sent}`, 75), 75), value: r.id };
  });
  return shell(
    locale,
    [
      section(esc(t.reports.altinn.intro(rows.length))),
      {
        type: 'input',
        block_id: ALTINN_BATCH_BLOCK_ID,
        label: plain(t.reports.altinn.pick),
        element: {
          type: 'multi_static_select',
          action_id: ALTINN_BATCH_BLOCK_ID,
          placeholder: plain(t.reports.altinn.placeholder, 150),
          options,
          initial_options: options,
        },
      },
    ],
    true,
  );
}

/** Posted in the triage channel with the list: the button records the Altinn step for all of it. */
export function altinnBatchMessage(locale: Locale, batchId: string, numbers: number[]): { text: string; blocks: KnownBlock[] } {
  const t = texts(locale).reports.altinn;
  const refs = numbers.map(formatReference).join(', ');
  const text = t.batchMessage(numbers.length, refs);
  return {
    text,
    blocks: [
      section(text),
      actions(`altinn_batch:${clip(batchId, 200)}`, [
        button(t.confirmButton, ALTINN_BATCH_CONFIRM_ACTION_ID, batchId, {
          style: 'primary',
          confirm: {
            title: plain(t.confirmTitle, 100),
            text: plain(t.confirmText, 300),
            confirm: plain(t.confirmYes, 30),
            deny: plain(t.confirmNo, 30),
          },
        }),
      ]),
    ],
  };
}
