import type { WebClient } from '@slack/web-api';
import type { Locale } from '../domain/texts/index.js';
import { texts } from '../domain/texts/index.js';
import { intakeModal, noticeModal } from './blocks/intakeModal.js';
import type { SlackDeps } from './deps.js';
import { within } from './directory.js';

const serialized = new Map<string, string>();
const SERIALIZED_MAX = 500;

/** The empty intake modal as JSON, per language, channel and register setting (a bounded cache). */
export function serializedIntakeModal(locale: Locale, channelId: string, registerOn: boolean): string {
  const key = `${locale}|${registerOn ? 1 : 0}|${channelId}`;
  let json = serialized.get(key);
  if (json === undefined) {
    if (serialized.size >= SERIALIZED_MAX) serialized.clear();
    json = JSON.stringify(intakeModal({ channelId, locale }, {}, { registerOn }));
    serialized.set(key, json);
  }
  return json;
}

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
  // The view goes as the JSON string Slack's API takes: rendered once per language and channel,
  // and @slack/web-api then neither walks nor re-serialises the 3 kB view on every open.
  const opened = await client.apiCall('views.open', {
    trigger_id: args.triggerId,
    view: serializedIntakeModal(locale, args.channelId, !!deps.ports.register),
  });
  const view = (opened as { view?: { id?: string; hash?: string } }).view;
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
