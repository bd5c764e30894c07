import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { openHome } from '../../../app/home.js';
import type { SlackDeps } from '../../deps.js';
import { homeView } from '../../views/home.js';
import { triageInTeams } from '../../respond.js';

const homeOpened = z.object({ user: z.string().min(1), tab: z.string().optional() });

/**
 * A user opened the app's Home tab: publish their view (the queue for staff, their own requests for
 * anyone else) and remember them, so that later changes republish it while they may be looking.
 * A retried event publishes the same view again, which is harmless.
 */
export function appHomeOpened(deps: SlackDeps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    const e = homeOpened.safeParse(event);
    // The Messages tab sends the same event; only the Home tab has a view to publish.
    if (!e.success || (e.data.tab !== undefined && e.data.tab !== 'home')) return;
    const userId = e.data.user;
    const [verdict, locale] = await Promise.all([deps.directory.staffVerdict(userId), deps.directory.locale(userId)]);
    // Triage in Teams: the staff queue is there; in Slack everyone sees their own requests.
    const isStaff = verdict === 'staff' && !triageInTeams(deps);
    const data = await openHome(deps.ports, { userId, isStaff, locale }, (deps.now ?? (() => new Date()))());
    await client.views.publish({ user_id: userId, view: homeView(data, locale) });
  };
}
