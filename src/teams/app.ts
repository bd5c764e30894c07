import type { IAdaptiveCardActionInvokeActivity, IMessageActivity, ITaskFetchInvokeActivity, ITaskSubmitInvokeActivity } from '@microsoft/teams.api';
import type { IActivityContext } from '@microsoft/teams.apps';
import type { TeamsDeps } from './deps.js';
import { cardActionClicked, cardSubmitFallback } from './handlers/cardAction.js';
import { dialogOpened } from './handlers/dialogOpen.js';
import { dialogSubmitted } from './handlers/dialogSubmit.js';
import type { TeamsHandlerDeps } from './respond.js';
import { sdkRoster } from './roster.js';
import { createTeamsStaff } from './staff.js';

/**
 * The Teams side of the app, as slack/app.ts is Slack's: every handler registered on the SDK's app by
 * kind (card actions and dialogs, messages in the personal chat and the triage channel, installs).
 */
export function registerTeamsHandlers(deps: TeamsDeps): void {
  const h: TeamsHandlerDeps = {
    ...deps,
    staff: deps.staff ?? createTeamsStaff({ teams: deps.teams, cacheSeconds: deps.config.staff.cacheSeconds, logger: deps.logger }),
  };
  registerCardSteps(h);
}

/**
 * The triage card's steps: `adaptiveCard/action` (one-click steps), `task/fetch` (a step's dialog) and
 * `task/submit` (the dialog submitted), and the `Action.Submit` fallbacks of old clients (a message
 * carrying a card verb). A verb that is not the card's goes on to the next handler.
 */
function registerCardSteps(h: TeamsHandlerDeps): void {
  const { sdk } = h;
  sdk.on('card.action', async (ctx: IActivityContext<IAdaptiveCardActionInvokeActivity>) => {
    const answer = await cardActionClicked(h, ctx.activity);
    if (answer) return answer;
    // Not the card's verb: the next handler answers (the SDK keeps what it returns).
    await ctx.next();
    return undefined;
  });
  sdk.on('dialog.open', async (ctx: IActivityContext<ITaskFetchInvokeActivity>) => {
    const answer = await dialogOpened(h, ctx.activity);
    if (answer) return answer;
    await ctx.next();
    return undefined;
  });
  sdk.on('dialog.submit', async (ctx: IActivityContext<ITaskSubmitInvokeActivity>) => {
    const roster = sdkRoster((conversationId) => ctx.api.conversations.members(conversationId));
    const result = await dialogSubmitted(h, ctx.activity, roster);
    // Handled with no answer: success, and an empty answer closes the dialog.
    if (result.handled) return result.answer ?? { status: 200 };
    await ctx.next();
    return undefined;
  });
  // Old clients: a card button's Action.Submit fallback arrives as a message with the button's data.
  sdk.on('message', async (ctx: IActivityContext<IMessageActivity>) => {
    if (await cardSubmitFallback(h, ctx.activity)) return;
    await ctx.next();
  });
}
