/**
 * The request lifecycle, decided here and nowhere else (app/transition.ts applies it to every
 * change, claims included):
 * submitted → altinn_done → fnr_registered → completed; rejected and withdrawn end any open
 * state; needs_info pauses an active state and resumes to it when the vendor answers. Actions that
 * leave the status as it is (assigning, replying to the vendor, the vendor's feedback) are allowed
 * in the statuses `allowedInPlace` says.
 */
export const STATUSES = [
  'submitted',
  'altinn_done',
  'fnr_registered',
  'needs_info',
  'completed',
  'rejected',
  'withdrawn',
] as const;
export type Status = (typeof STATUSES)[number];

export const OPEN_STATUSES: readonly Status[] = ['submitted', 'altinn_done', 'fnr_registered', 'needs_info'];
export const ACTIVE_STATUSES = ['submitted', 'altinn_done', 'fnr_registered'] as const;
export type ActiveStatus = (typeof ACTIVE_STATUSES)[number];

export const ACTIONS = [
  'claim',
  'record_altinn',
  'register_fnr',
  'send_confirmation',
  'ask_info',
  'answer_info',
  'reject',
  'withdraw',
] as const;
export type Action = (typeof ACTIONS)[number];

export function isOpen(status: Status): boolean {
  return OPEN_STATUSES.includes(status);
}

export function isActive(status: Status): status is ActiveStatus {
  return (ACTIVE_STATUSES as readonly Status[]).includes(status);
}

export function isStatus(s: string): s is Status {
  return (STATUSES as readonly string[]).includes(s);
}

/**
 * The status an action leads to from `status`, or null when the action is not allowed there.
 * `pausedFrom` is where a request in needs_info resumes to.
 */
export function nextStatus(status: Status, action: Action, pausedFrom?: Status | null): Status | null {
  switch (action) {
    case 'claim':
      return isOpen(status) ? status : null;
    case 'record_altinn':
      return status === 'submitted' ? 'altinn_done' : null;
    case 'register_fnr':
      return status === 'altinn_done' ? 'fnr_registered' : null;
    case 'send_confirmation':
      return status === 'fnr_registered' ? 'completed' : null;
    case 'ask_info':
      return isActive(status) ? 'needs_info' : null;
    case 'answer_info':
      return status === 'needs_info' && pausedFrom && isActive(pausedFrom) ? pausedFrom : null;
    case 'reject':
      return isOpen(status) ? 'rejected' : null;
    case 'withdraw':
      return isOpen(status) ? 'withdrawn' : null;
  }
}

/** What is done to a request without moving it through the lifecycle. */
export type InPlaceAction = 'assign' | 'reply' | 'feedback';

/** Staff assign and reply while a request is open; the vendor's feedback comes once it is completed. */
export function allowedInPlace(status: Status, action: InPlaceAction): boolean {
  return action === 'feedback' ? status === 'completed' : isOpen(status);
}

/** The actions that make sense to offer in a status (what the card shows as buttons). */
export function allowedActions(status: Status, pausedFrom?: Status | null): Action[] {
  return ACTIONS.filter((a) => nextStatus(status, a, pausedFrom) !== null);
}

export const CLOSED_STATUSES: readonly Status[] = STATUSES.filter((s) => !OPEN_STATUSES.includes(s));

/** What an open request is waiting for: the vendor's answer, or staff's next step. Null once closed. */
export type Waiting = 'vendor' | 'altinn' | 'fnr' | 'confirmation';

export function waitingFor(status: Status): Waiting | null {
  switch (status) {
    case 'needs_info':
      return 'vendor';
    case 'submitted':
      return 'altinn';
    case 'altinn_done':
      return 'fnr';
    case 'fnr_registered':
      return 'confirmation';
    default:
      return null;
  }
}
