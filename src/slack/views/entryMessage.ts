import type { KnownBlock } from '@slack/types';
import { texts, type Locale } from '../../domain/texts/index.js';
import { actions, button, context } from './kit.js';
import { section } from './kit.js';

export const OPEN_INTAKE_ACTION_ID = 'open_intake';

/**
 * The message pinned in each vendor channel. Vendors in Slack Connect cannot run our slash
 * command, but they can click this button. Both languages, since the channel is shared.
 */
export function entryMessage(primary: Locale = 'nb'): { text: string; blocks: KnownBlock[] } {
  const t = texts(primary);
  const other = texts(primary === 'nb' ? 'en' : 'nb');
  return {
    text: `${t.entry.text} / ${other.entry.text}`,
    blocks: [
      section(t.entry.intro),
      context(other.entry.intro.replace(/\n/g, ' ')),
      actions('tt02_entry', [
        button(`${t.entry.button} / ${other.entry.button}`, OPEN_INTAKE_ACTION_ID, 'open', { style: 'primary' }),
      ]),
    ],
  };
}
