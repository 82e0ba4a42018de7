// The tutorial's steps, in order (plain data, for the server, the validation and the page), as the
// contract lists them.
export { TUTORIAL_STEPS, type TutorialStep } from '@/lib/shared/contract-actions';
