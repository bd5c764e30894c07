/**
 * Slack's hard Block Kit limits (see shared SLACK-NOTES): a call that breaks one is refused, as
 * Slack refuses it, so a flow that would fail in Slack fails in the sandbox too.
 */
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: unknown): string | undefined => (isObj(v) && typeof v.text === 'string' ? v.text : undefined);

function checkLength(problems: string[], where: string, value: unknown, max: number): void {
  const s = typeof value === 'string' ? value : textOf(value);
  if (s !== undefined && s.length > max) problems.push(`${where} is ${s.length} characters (max ${max})`);
}

function checkConfirm(problems: string[], where: string, confirm: unknown): void {
  if (!isObj(confirm)) return;
  checkLength(problems, `${where}.confirm.title`, confirm.title, 100);
  checkLength(problems, `${where}.confirm.text`, confirm.text, 300);
  checkLength(problems, `${where}.confirm.confirm`, confirm.confirm, 30);
  checkLength(problems, `${where}.confirm.deny`, confirm.deny, 30);
}

function checkElement(problems: string[], where: string, el: unknown): void {
  if (!isObj(el)) return;
  checkLength(problems, `${where}.action_id`, el.action_id, 255);
  if (el.type === 'button') {
    checkLength(problems, `${where}.text`, el.text, 75);
    checkLength(problems, `${where}.value`, el.value, 2000);
  }
  checkConfirm(problems, where, el.confirm);
  if (Array.isArray(el.options)) {
    const max = el.type === 'radio_buttons' || el.type === 'checkboxes' ? 10 : 100;
    if (el.options.length > max) problems.push(`${where} has ${el.options.length} options (max ${max})`);
    el.options.forEach((o, i) => {
      if (!isObj(o)) return;
      checkLength(problems, `${where}.options[${i}].text`, o.text, 75);
      checkLength(problems, `${where}.options[${i}].value`, o.value, 75);
    });
  }
}

/** Problems with a list of blocks; an empty list means Slack would take them. */
export function blockProblems(blocks: unknown, maxBlocks: number): string[] {
  const problems: string[] = [];
  if (blocks === undefined) return problems;
  if (!Array.isArray(blocks)) return ['blocks is not an array'];
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks (max ${maxBlocks})`);
  blocks.forEach((b, i) => {
    const where = `blocks[${i}]`;
    if (!isObj(b) || typeof b.type !== 'string') return void problems.push(`${where} has no type`);
    checkLength(problems, `${where}.block_id`, b.block_id, 255);
    switch (b.type) {
      case 'header':
        checkLength(problems, `${where}.text`, b.text, 150);
        break;
      case 'section':
        checkLength(problems, `${where}.text`, b.text, 3000);
        if (Array.isArray(b.fields)) {
          if (b.fields.length > 10) problems.push(`${where} has ${b.fields.length} fields (max 10)`);
          b.fields.forEach((f, j) => checkLength(problems, `${where}.fields[${j}]`, f, 2000));
        }
        if (b.text === undefined && b.fields === undefined) problems.push(`${where} needs text or fields`);
        checkElement(problems, `${where}.accessory`, b.accessory);
        break;
      case 'actions':
        if (!Array.isArray(b.elements) || b.elements.length === 0) problems.push(`${where} has no elements`);
        else {
          if (b.elements.length > 25) problems.push(`${where} has ${b.elements.length} elements (max 25)`);
          b.elements.forEach((e, j) => checkElement(problems, `${where}.elements[${j}]`, e));
        }
        break;
      case 'context':
        if (Array.isArray(b.elements) && b.elements.length > 10) problems.push(`${where} has ${b.elements.length} elements (max 10)`);
        break;
      case 'input':
        checkLength(problems, `${where}.label`, b.label, 2000);
        checkLength(problems, `${where}.hint`, b.hint, 2000);
        checkElement(problems, `${where}.element`, b.element);
        break;
      default:
        break;
    }
  });
  return problems;
}

/** Problems with a modal or Home tab view. */
export function viewProblems(view: unknown): string[] {
  if (!isObj(view)) return ['view is missing'];
  const problems: string[] = [];
  if (view.type !== 'modal' && view.type !== 'home') problems.push(`view.type must be modal or home`);
  if (view.type === 'modal' && textOf(view.title) === undefined) problems.push('a modal needs a title');
  checkLength(problems, 'title', view.title, 24);
  checkLength(problems, 'submit', view.submit, 24);
  checkLength(problems, 'close', view.close, 24);
  checkLength(problems, 'private_metadata', view.private_metadata, 3000);
  checkLength(problems, 'callback_id', view.callback_id, 255);
  checkLength(problems, 'external_id', view.external_id, 255);
  const blocks = view.blocks;
  if (Array.isArray(blocks) && blocks.some((b) => isObj(b) && b.type === 'input') && view.type === 'modal' && view.submit === undefined) {
    problems.push('a modal with input blocks needs a submit button');
  }
  return [...problems, ...blockProblems(blocks, 100)];
}

/** Problems with a message's text and blocks. */
export function messageProblems(args: { text?: unknown; blocks?: unknown }): { error: string; problems: string[] } | null {
  if (typeof args.text === 'string' && args.text.length > 40_000) return { error: 'msg_too_long', problems: ['text over 40000 characters'] };
  const problems = blockProblems(args.blocks, 50);
  return problems.length > 0 ? { error: 'invalid_blocks', problems } : null;
}
