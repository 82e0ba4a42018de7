// The one result type every server action returns. Plain data, safe to import in the browser.
import { z } from 'zod';
import { problemSchema } from '@/lib/shared/contract-problem';

/** A failed action: what went wrong (its code and sentence), and each field at fault with its own. */
export const actionFailureSchema = problemSchema.extend({
  ok: z.literal(false),
  fieldErrors: z.record(z.string(), problemSchema).optional(),
});
export type ActionFailure = z.infer<typeof actionFailureSchema>;

export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

/** What a form keeps between submissions: the last result and what the user typed. */
export type FormState<T> = {
  result: ActionResult<T> | null;
  values: Record<string, string>;
};
