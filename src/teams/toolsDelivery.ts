import type { EffectHandlers } from '../app/outbox/dispatch.js';
import { teamsFileDeliveryHandlers, type TeamsFileDeliveryOptions } from './fileDelivery.js';
import { teamsReminderDeliveryHandlers } from './reminderDelivery.js';

/**
 * What Teams delivers of staff's own things when triage is in Teams: the files (reports, exports, the
 * Altinn list and its post, the monthly summary) and the idle reminders. server.ts registers these
 * in place of Slack's handlers for the same kinds.
 */
export function teamsToolsDeliveryHandlers(o: TeamsFileDeliveryOptions): EffectHandlers {
  return { ...teamsFileDeliveryHandlers(o), ...teamsReminderDeliveryHandlers(o) };
}
