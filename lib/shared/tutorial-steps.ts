import type { TutorialStep } from '@/lib/shared/contract-actions';
// The tutorial's steps, in order (plain data, for the server, the validation and the page).

export type { TutorialStep };

export const TUTORIAL_STEPS = [
  'grant',
  'put',
  'sleep',
  'ttl-before',
  'keep-alive-once',
  'ttl-after',
] as const satisfies readonly TutorialStep[];
