import type { WebClient } from '@slack/web-api';
import type { Locale } from '../domain/texts/index.js';
import { texts } from '../domain/texts/index.js';
import { intakeModal, noticeModal } from './blocks/intakeModal.js';
import type { SlackDeps } from './deps.js';
import { within } from './directory.js';

/**
 * Opens the intake modal straight away (the trigger expires in 3 s), then corrects it if the
 * user's language turns out to be English or the channel turns out not to take intake.
 */
export async function openIntakeModal(
  deps: SlackDeps,
  client: WebClient,
  args: { triggerId: string; userId: string; channelId: string; channelVerdict?: 'allowed' | 'not_allowed' | 'unknown' },
): Promise<void> {
  const localeKnown = deps.directory.cachedLocale(args.userId);
  const localeLookup = deps.directory.locale(args.userId);
  const locale: Locale = localeKnown ?? (await within(localeLookup, 700, 'nb' as Locale));
  const opened = await client.views.open({
    trigger_id: args.triggerId,
    view: intakeModal({ channelId: args.channelId, locale }, {}, { registerOn: !!deps.ports.register }),
  });
  const view = opened.view as { id?: string; hash?: string } | undefined;
  if (!view?.id) return;

  const [actualLocale, verdict] = await Promise.all([
    localeLookup,
    args.channelVerdict && args.channelVerdict !== 'unknown'
      ? Promise.resolve(args.channelVerdict)
      : deps.directory.intakeChannel(args.channelId),
  ]);
  if (verdict === 'not_allowed' || verdict === 'unknown') {
    const t = texts(actualLocale);
    await client.views.update({
      view_id: view.id,
      hash: view.hash,
      view: noticeModal(actualLocale, verdict === 'unknown' ? t.refusals.channelUnknown : t.refusals.channelNotAllowed),
    });
  } else if (actualLocale !== locale) {
    // Nothing typed yet within this split second is worth a hash conflict: update only if unchanged.
    await client.views
      .update({ view_id: view.id, hash: view.hash, view: intakeModal({ channelId: args.channelId, locale: actualLocale }, {}, { registerOn: !!deps.ports.register }) })
      .catch(() => undefined);
  }
}
