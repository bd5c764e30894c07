import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { viewProblems } from './limits.js';
import type { Json, Workspace } from './workspace.js';

/** Applies a view_submission's acknowledgement as Slack does. */
export function applySubmissionAck(ws: Workspace, userId: string, viewId: string, text: string): void {
  const stored = ws.views.get(viewId);
  if (!stored) return;
  let ack: Json = {};
  try {
    ack = text.trim() ? (JSON.parse(text) as Json) : {};
  } catch {
    ws.note('view_submission', false, 'the app answered with something that is not JSON');
    return;
  }
  const action = ack.response_action;
  if (action === 'errors') {
    const errors = z.record(z.string(), z.string()).safeParse(ack.errors);
    const inputIds = new Set(
      ((stored.view.blocks as Json[] | undefined) ?? []).filter((b) => b.type === 'input').map((b) => String(b.block_id)),
    );
    if (!errors.success || Object.keys(errors.data).some((k) => !inputIds.has(k))) {
      ws.note('view_submission', false, 'invalid response_action errors: every key must be an input block_id of the view');
      return;
    }
    stored.errors = errors.data;
    return;
  }
  if (action === 'update' || action === 'push') {
    const problems = viewProblems(ack.view);
    if (problems.length > 0) {
      ws.note(`view_submission response_action ${String(action)}`, false, problems.join('; '));
      return;
    }
    const view = ack.view as Json;
    if (action === 'update') {
      stored.view = view;
      stored.hash = `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`;
      stored.errors = {};
    } else {
      const stack = ws.stackOf(userId);
      if (stack.length >= 3) return void ws.note('view_submission response_action push', false, 'push_limit_reached');
      const id = ws.nextId('V');
      ws.views.set(id, { id, hash: randomBytes(4).toString('hex'), userId, type: 'modal', view, rootId: stack[0] ?? id, previousId: viewId, errors: {} });
      stack.push(id);
    }
    return;
  }
  // 'clear' closes the whole stack; no response_action closes this view.
  ws.closeView(userId, viewId, action === 'clear');
}
