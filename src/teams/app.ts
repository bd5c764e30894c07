import type { ActivityParams, IAdaptiveCardActionInvokeActivity, IMessageActivity, ITaskFetchInvokeActivity, ITaskSubmitInvokeActivity } from '@microsoft/teams.api';
import type { IActivityContext } from '@microsoft/teams.apps';
import type { TeamsDeps } from './deps.js';
import { cardActionClicked, cardSubmitFallback } from './handlers/cardAction.js';
import { dialogOpened } from './handlers/dialogOpen.js';
import { dialogSubmitted } from './handlers/dialogSubmit.js';
import { registerStaffTools } from './handlers/tools.js';
import { vendorCardAction, vendorDialogOpened, vendorDialogSubmitted } from './handlers/vendorActions.js';
import { botAdded, vendorMessageReceived, type PostActivity } from './handlers/vendorEntry.js';
import { intakeOpened, intakeSubmitted } from './handlers/vendorIntake.js';
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
  // First: the queue's Claim carries the card's claim verb, and its own route must answer it before the card's.
  registerStaffTools(h);
  registerCardSteps(h);
  registerVendorSide(h);
}

/**
 * The vendor's side: the entry card when the app is added or @mentioned, the intake dialog, the
 * buttons of the receipt and notes in a request's reply chain, and the vendor's words there mirrored
 * to the triage card. Registered after the card's steps: each handler passes on what is not its own.
 */
function registerVendorSide(h: TeamsHandlerDeps): void {
  const { sdk } = h;
  const poster = (ctx: { api: { conversations: { createActivity(id: string, a: ActivityParams): Promise<unknown> } } }): PostActivity => (id, a) =>
    ctx.api.conversations.createActivity(id, a);
  sdk.on('card.action', async (ctx: IActivityContext<IAdaptiveCardActionInvokeActivity>) => {
    const answer = await vendorCardAction(h, ctx.activity);
    if (answer) return answer;
    await ctx.next();
    return undefined;
  });
  sdk.on('dialog.open', async (ctx: IActivityContext<ITaskFetchInvokeActivity>) => {
    const answer = (await intakeOpened(h, ctx.activity)) ?? (await vendorDialogOpened(h, ctx.activity));
    if (answer) return answer;
    await ctx.next();
    return undefined;
  });
  sdk.on('dialog.submit', async (ctx: IActivityContext<ITaskSubmitInvokeActivity>) => {
    const answer = (await intakeSubmitted(h, ctx.activity)) ?? (await vendorDialogSubmitted(h, ctx.activity));
    if (answer) return answer;
    await ctx.next();
    return undefined;
  });
  sdk.on('conversationUpdate', async (ctx) => {
    if (!(await botAdded(h, ctx.activity, poster(ctx)))) await ctx.next();
  });
  sdk.on('install.add', async (ctx) => {
    if (!(await botAdded(h, ctx.activity, poster(ctx)))) await ctx.next();
  });
  sdk.on('message', async (ctx) => {
    if (!(await vendorMessageReceived(h, ctx.activity, poster(ctx)))) await ctx.next();
  });
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
