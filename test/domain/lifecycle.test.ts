import { describe, expect, it } from 'vitest';
import { ACTIONS, STATUSES, allowedActions, allowedInPlace, nextStatus, type Action, type Status } from '../../src/domain/lifecycle.js';

/** The whole table: every status × every action → the status it leads to, or null (refused). */
const TABLE: Record<Status, Record<Action, Status | null>> = {
  submitted: { claim: 'submitted', record_altinn: 'altinn_done', register_fnr: null, send_confirmation: null, ask_info: 'needs_info', answer_info: null, reject: 'rejected', withdraw: 'withdrawn' },
  altinn_done: { claim: 'altinn_done', record_altinn: null, register_fnr: 'fnr_registered', send_confirmation: null, ask_info: 'needs_info', answer_info: null, reject: 'rejected', withdraw: 'withdrawn' },
  fnr_registered: { claim: 'fnr_registered', record_altinn: null, register_fnr: null, send_confirmation: 'completed', ask_info: 'needs_info', answer_info: null, reject: 'rejected', withdraw: 'withdrawn' },
  needs_info: { claim: 'needs_info', record_altinn: null, register_fnr: null, send_confirmation: null, ask_info: null, answer_info: 'altinn_done', reject: 'rejected', withdraw: 'withdrawn' },
  completed: { claim: null, record_altinn: null, register_fnr: null, send_confirmation: null, ask_info: null, answer_info: null, reject: null, withdraw: null },
  rejected: { claim: null, record_altinn: null, register_fnr: null, send_confirmation: null, ask_info: null, answer_info: null, reject: null, withdraw: null },
  withdrawn: { claim: null, record_altinn: null, register_fnr: null, send_confirmation: null, ask_info: null, answer_info: null, reject: null, withdraw: null },
};

describe('lifecycle state machine', () => {
  for (const status of STATUSES) {
    for (const action of ACTIONS) {
      const expected = TABLE[status][action];
      it(`${status} × ${action} → ${expected ?? 'refused'}`, () => {
        // needs_info resumes to where it paused; the table uses altinn_done as that state.
        expect(nextStatus(status, action, status === 'needs_info' ? 'altinn_done' : null)).toBe(expected);
      });
    }
  }

  it('a paused request resumes to exactly the state it paused in', () => {
    expect(nextStatus('needs_info', 'answer_info', 'submitted')).toBe('submitted');
    expect(nextStatus('needs_info', 'answer_info', 'fnr_registered')).toBe('fnr_registered');
    expect(nextStatus('needs_info', 'answer_info', null)).toBeNull();
    expect(nextStatus('needs_info', 'answer_info', 'completed')).toBeNull();
  });

  it('offers only the allowed actions as buttons', () => {
    expect(allowedActions('fnr_registered')).toEqual(['claim', 'send_confirmation', 'ask_info', 'reject', 'withdraw']);
    expect(allowedActions('completed')).toEqual([]);
  });

  it('allows assigning and replying while open, and feedback once completed, and nothing else in place', () => {
    const where = (action: 'assign' | 'reply' | 'feedback') => STATUSES.filter((s) => allowedInPlace(s, action));
    expect(where('assign')).toEqual(['submitted', 'altinn_done', 'fnr_registered', 'needs_info']);
    expect(where('reply')).toEqual(['submitted', 'altinn_done', 'fnr_registered', 'needs_info']);
    expect(where('feedback')).toEqual(['completed']);
  });
});
