import { describe, expect, it } from 'vitest';
import { checkBodyShape } from '../../src/slack/bodyShape.js';
import { FICTITIOUS, stateValues } from '../support/intake.js';
import { blockActionPayload, viewSubmissionPayload } from '../support/slackRequests.js';

type Body = Record<string, unknown>;
/** The object at this path in a body, to mutate. */
const at = (body: Body, ...path: (string | number)[]): Body => path.reduce<Body>((o, k) => o[k] as Body, body);
const copy = (x: unknown) => JSON.parse(JSON.stringify(x)) as Body;
const submission = () =>
  copy(viewSubmissionPayload({ user: { id: 'UVENDOR', team_id: 'TVENDOR01' }, view: { id: 'V1', callback_id: 'tt02_intake', private_metadata: '{}', state: { values: stateValues(FICTITIOUS) } } }));
const click = () => copy(blockActionPayload({ user: 'USTAFF', channel: 'CTRIAGE', message: { ts: '1700000000.000002' }, action: { action_id: 'card_claim', value: 'x' } }));
/** The first input's state in a submission, and the path to it. */
function firstInput(s: Body): { input: Body; block: string; action: string } {
  const values = at(s, 'view', 'state', 'values');
  const block = Object.keys(values)[0]!;
  const action = Object.keys(at(values, block))[0]!;
  return { input: at(values, block, action), block, action };
}
const command = () => ({ command: '/tt02-access', text: '', user_id: 'U1', channel_id: 'C1', team_id: 'T1', trigger_id: '1.2.abc' });

describe('checkBodyShape', () => {
  it('passes what Slack sends, and hands the body on as it came', () => {
    for (const body of [submission(), click(), command()]) {
      const result = checkBodyShape(body);
      expect(result).toEqual({ ok: true, body });
      if (result.ok) expect(result.body).toBe(body);
    }
  });

  it('names the path of a missing or mistyped field, never its value', () => {
    const s = submission();
    const { input, block, action } = firstInput(s);
    input.value = 41234567;
    expect(checkBodyShape(s)).toEqual({ ok: false, problem: `view: view.state.values.${block}.${action}.value: missing or of the wrong type` });

    const noUser = submission();
    delete noUser.user;
    expect(checkBodyShape(noUser)).toEqual({ ok: false, problem: 'view: user: missing or of the wrong type' });

    const noState = submission();
    delete at(noState, 'view').state;
    expect(checkBodyShape(noState)).toEqual({ ok: false, problem: 'view: view.state: missing or of the wrong type' });

    const badAction = click();
    at(badAction, 'actions', 0).action_id = ['card_claim'];
    expect(checkBodyShape(badAction)).toEqual({ ok: false, problem: 'action: actions.0.action_id: missing or of the wrong type' });

    const noActions = click();
    noActions.actions = [];
    expect(checkBodyShape(noActions)).toEqual({ ok: false, problem: 'action: actions: missing or of the wrong type' });
  });

  it('takes null where Slack may send it, and arrays nowhere an object belongs', () => {
    const s = submission();
    s.enterprise = null;
    firstInput(s).input.value = null;
    expect(checkBodyShape(s).ok).toBe(true);
    at(s, 'view', 'state').values = [];
    expect(checkBodyShape(s)).toEqual({ ok: false, problem: 'view: view.state.values: missing or of the wrong type' });
  });

  it('refuses a command with a repeated field or a missing one', () => {
    expect(checkBodyShape({ ...command(), text: ['a', 'b'] })).toEqual({ ok: false, problem: 'command: text: missing or of the wrong type' });
    const { trigger_id: _, ...noTrigger } = command();
    expect(checkBodyShape(noTrigger)).toEqual({ ok: false, problem: 'command: trigger_id: missing or of the wrong type' });
  });

  it('refuses what Bolt cannot route and workspace IDs that are not Slack IDs', () => {
    expect(checkBodyShape([])).toEqual({ ok: false, problem: 'not an object (array)' });
    expect(checkBodyShape({ type: 'something_else' })).toEqual({ ok: false, problem: 'no kind Bolt can route (event, command, actions, view, …)' });
    const s = submission();
    at(s, 'team').id = 'toString';
    expect(checkBodyShape(s)).toEqual({ ok: false, problem: 'view: team.id: not a Slack ID' });
    const e = { event: { type: 'app_mention' }, authorizations: [{ team_id: 'T1' }, { team_id: 'T2', enterprise_id: '__proto__' }] };
    expect(checkBodyShape(e)).toEqual({ ok: false, problem: 'event: authorizations.1.enterprise_id: not a Slack ID' });
  });
});
