/**
 * Opening the intake modal at saturation (pinned button and /tt02-access), paired bare, app, app,
 * bare: until the 200, and until views.open reached the fake. Plus a diagnostic: bare Bolt opening
 * the app's own (larger) modal, which separates the cost of the modal's size from the app's work.
 */
import type { Child } from '../children.js';
import type { Bench } from '../context.js';
import { combineMeasured, measure, okStatus, type Measured } from '../measure.js';
import { awaitQuiet } from '../meter.js';
import { buttonClick, slashCommand, type Built } from '../payloads.js';
import { bareOf, openRows, type Scenario } from '../report.js';
import { ratio } from '../util.js';

export async function modalOpen(b: Bench, app: Child, bare: Child): Promise<Scenario[]> {
  const run = (label: string, who: Child, build: () => Built) => measure(label, who, build, okStatus, b.slack, b.P, true);
  const pair = async (label: string, build: () => Built): Promise<[Measured, Measured]> => {
    await awaitQuiet([app, bare]);
    const b1 = await run(`bare Bolt: ${label} → ack + views.open (1/2)`, bare, build);
    const a1 = await run(`app: ${label} (1/2)`, app, build);
    const a2 = await run(`app: ${label} (2/2)`, app, build);
    const b2 = await run(`bare Bolt: ${label} → ack + views.open (2/2)`, bare, build);
    return [combineMeasured([a1, a2]), combineMeasured([b1, b2])];
  };
  const [aButton, bButton] = await pair('button click', () => buttonClick());
  const buttonRows = openRows('button click', aButton, bButton);
  // Slack echoes the view back, and the Web API client serialises it for its debug log whatever the
  // level, so the modal's size costs on its own.
  const bSameModal = combineMeasured([
    await run("bare Bolt: button click → ack + views.open, the app's modal", bare, () => buttonClick('open_intake_same_modal')),
  ]);
  buttonRows[0]!.bare_bolt_same_modal = bareOf(bSameModal);
  buttonRows[0]!.ratio_to_bare_bolt_same_modal = ratio(aButton.load.rps, bSameModal.load.rps);
  const [aCommand, bCommand] = await pair('/tt02-access', slashCommand);
  return [...buttonRows, ...openRows('/tt02-access', aCommand, bCommand)];
}
