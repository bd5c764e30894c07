import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { assignRequest } from '../../../app/assign.js';
import { replyToVendor } from '../../../app/conversation.js';
import { fixContact } from '../../../app/fixContact.js';
import { answerInformation } from '../../../app/staffSteps.js';
import { formatReference } from '../../../domain/reference.js';
import { texts } from '../../../domain/texts/index.js';
import type { SlackDeps } from '../../deps.js';
import { noticeView } from '../../views/staffModals.js';
import { finish, staffSubmission } from './staffSubmissions.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The inputs these modals have, as Slack sends them (parsed: a view's state is a boundary). */
const valuesSchema = z.record(
  z.string(),
  z.record(z.string(), z.object({ value: z.string().nullish(), selected_user: z.string().nullish() }).loose()),
);
const valuesOf = (a: Args) => {
  const parsed = valuesSchema.safeParse(a.view.state.values);
  return parsed.success ? parsed.data : {};
};
const textOf = (a: Args, id: string) => valuesOf(a)[id]?.[id]?.value ?? '';
const actorOf = (a: Args) => ({ userId: a.body.user.id, teamId: a.body.user.team_id });

export function replySubmitted(deps: SlackDeps) {
  return async (a: Args) => {
    const meta = await staffSubmission(deps, a, 'reply_vendor');
    if (!meta) return;
    const t = texts(meta.locale);
    const result = await replyToVendor(deps.ports, { requestId: meta.requestId, actor: actorOf(a), text: textOf(a, 'reply') });
    if (result.kind === 'invalid') return void (await a.ack({ response_action: 'errors', errors: { reply: t.staff.errors[result.error] } }));
    if (result.kind === 'not_found') return void (await a.ack({ response_action: 'update', view: noticeView(meta.locale, t.intake.title, t.staff.notFound) }));
    if (result.kind === 'closed') {
      const ref = formatReference(result.request.number);
      return void (await a.ack({ response_action: 'update', view: noticeView(meta.locale, t.intake.title, t.conversation.replyModal.closed(ref)) }));
    }
    await a.ack();
  };
}

/** Staff resume a paused request: the same lifecycle step as the vendor's answer. */
export function resumeSubmitted(deps: SlackDeps) {
  return async (a: Args) => {
    const meta = await staffSubmission(deps, a, 'answer_info');
    if (!meta) return;
    const result = await answerInformation(deps.ports, { requestId: meta.requestId, actor: actorOf(a), answer: textOf(a, 'answer'), byStaff: true, submission: a.view.id });
    if (result.kind === 'invalid') {
      return void (await a.ack({ response_action: 'errors', errors: { answer: texts(meta.locale).staff.errors[result.error] } }));
    }
    await finish(deps, a, meta.locale, result);
  };
}

export function assignSubmitted(deps: SlackDeps) {
  return async (a: Args) => {
    const meta = await staffSubmission(deps, a, 'assign');
    if (!meta) return;
    const t = texts(meta.locale);
    const chosen = valuesOf(a).assignee?.assignee?.selected_user ?? '';
    // Bounded (STAFF_LOOKUP_MS), so the field error always fits in the acknowledgement.
    const verdict = chosen ? await deps.directory.staffVerdict(chosen) : 'not_staff';
    if (verdict === 'unavailable') {
      return void (await a.ack({ response_action: 'errors', errors: { assignee: t.conversation.assignModal.checkFailed } }));
    }
    const result = await assignRequest(deps.ports, {
      requestId: meta.requestId,
      actor: actorOf(a),
      assigneeUserId: chosen,
      assigneeIsStaff: verdict === 'staff',
    });
    if (result.kind === 'invalid') return void (await a.ack({ response_action: 'errors', errors: { assignee: t.conversation.assignModal.notStaff } }));
    if (result.kind === 'not_found') return void (await a.ack({ response_action: 'update', view: noticeView(meta.locale, t.intake.title, t.staff.notFound) }));
    if (result.kind === 'closed') {
      const ref = formatReference(result.request.number);
      return void (await a.ack({ response_action: 'update', view: noticeView(meta.locale, t.intake.title, t.conversation.assignModal.closed(ref)) }));
    }
    await a.ack();
  };
}

export function fixContactSubmitted(deps: SlackDeps) {
  return async (a: Args) => {
    const meta = await staffSubmission(deps, a, 'fix_contact');
    if (!meta) return;
    const t = texts(meta.locale);
    const result = await fixContact(deps.ports, {
      requestId: meta.requestId,
      actor: actorOf(a),
      email: textOf(a, 'contact_email'),
      phone: textOf(a, 'contact_phone'),
      // Only when the modal showed the customer's fields (a customer delegation).
      ...('customer_email' in valuesOf(a) ? { customer: { email: textOf(a, 'customer_email'), phone: textOf(a, 'customer_phone') } } : {}),
    });
    if (result.kind === 'invalid') {
      const errors = Object.fromEntries(Object.entries(result.errors).map(([field, e]) => [field, t.errors[e]]));
      return void (await a.ack({ response_action: 'errors', errors }));
    }
    if (result.kind === 'not_found') return void (await a.ack({ response_action: 'update', view: noticeView(meta.locale, t.intake.title, t.staff.notFound) }));
    if (result.kind === 'purged') {
      return void (await a.ack({ response_action: 'update', view: noticeView(meta.locale, t.intake.title, t.conversation.contactModal.purged) }));
    }
    await a.ack();
  };
}
