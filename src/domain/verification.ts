/** Whether Enhetsregisteret confirmed a request's organisation numbers (disabled: no look-ups made). */
export const VERIFICATIONS = ['verified', 'not_verified', 'disabled'] as const;
export type Verification = (typeof VERIFICATIONS)[number];
