// The tutorial's steps, in order (plain data, for the server, the validation and the page).
export const TUTORIAL_STEPS = [
  'grant',
  'put',
  'sleep',
  'ttl-before',
  'keep-alive-once',
  'ttl-after',
] as const;
export type TutorialStep = (typeof TUTORIAL_STEPS)[number];
