import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { submitRequest } from '../../../app/submitRequest.js';
import type { IntakeInput } from '../../../domain/intake.js';
import { parseOrgNumber } from '../../../domain/orgnr.js';
import { formatReference } from '../../../domain/reference.js';
import { texts } from '../../../domain/texts/index.js';
import type { SlackDeps } from '../../deps.js';
import { within } from '../../directory.js';
import {
  noticeModal,
  parseIntakeMetadata,
  readIntakeValues,
  submittedModal,
} from '../../views/intakeModal.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** How long submission waits for the requester's name when it is not cached (Slack's 3 s include the register). */
const NAME_LOOKUP_MS = 300;

function prefetchRegister(deps: SlackDeps, input: IntakeInput): void {
  if (!deps.ports.register) return;
  for (const raw of [input.vendor_org_number, input.access_type === 'customer_delegation' ? input.customer_org_number : null]) {
    const parsed = parseOrgNumber(raw ?? '');
    if (parsed.ok) void deps.ports.register.lookup(parsed.value);
  }
}

/**
 * Validates before acknowledging (errors can only be returned in the acknowledgement), stores the
 * request with its outbox rows in one transaction, then swaps the form for a receipt.
 */
export function intakeSubmitted(deps: SlackDeps) {
  return async ({ ack, body, view }: Args) => {
    const meta = parseIntakeMetadata(view.private_metadata);
    if (!meta) {
      deps.logger.warn({ viewId: view.id }, 'intake submission with invalid private_metadata');
      await ack({ response_action: 'update', view: noticeModal('nb', texts('nb').refusals.somethingWentWrong) });
      return;
    }
    const t = texts(meta.locale);
    const input = readIntakeValues(view.state.values);
    // Start the register look-ups now, alongside the channel check; the use case joins them.
    prefetchRegister(deps, input);
    // A slow answer from Slack must not cost the acknowledgement: then the channel was already
    // checked when the modal opened. A channel we cannot see is refused: the receipt could not be posted.
    const verdict =
      deps.directory.knownIntakeChannel(meta.channelId) ??
      (await within(deps.directory.intakeChannel(meta.channelId), 800, 'slow' as const));
    if (verdict === 'not_allowed' || verdict === 'unknown') {
      const message = verdict === 'unknown' ? t.refusals.channelUnknown : t.refusals.channelNotAllowed;
      await ack({ response_action: 'update', view: noticeModal(meta.locale, message) });
      return;
    }

    const result = await submitRequest(deps.ports, {
      input,
      submissionKey: view.id,
      requester: {
        userId: body.user.id,
        teamId: body.user.team_id ?? body.team?.id ?? null,
        enterpriseId: body.enterprise?.id ?? null,
      },
      // For a card on Teams (a Slack id means nothing there): users.info's name, cached since the modal
      // opened, else the handle the payload carries.
      requesterName: (await within(deps.directory.displayName(body.user.id), NAME_LOOKUP_MS, undefined)) ?? body.user.name ?? null,
      channelId: meta.channelId,
      locale: meta.locale,
    });

    switch (result.kind) {
      case 'invalid': {
        const errors = Object.fromEntries(Object.entries(result.errors).map(([field, code]) => [field, t.errors[code]]));
        await ack({ response_action: 'errors', errors });
        return;
      }
      case 'duplicate':
        await ack({ response_action: 'errors', errors: { [result.field]: t.duplicate(formatReference(result.reference)) } });
        return;
      case 'created':
      case 'already_submitted':
        await ack({ response_action: 'update', view: submittedModal(meta.locale, formatReference(result.request.number)) });
        deps.logger.info(
          { reference: formatReference(result.request.number), kind: result.kind, user: body.user.id },
          'intake submitted',
        );
        return;
    }
  };
}
