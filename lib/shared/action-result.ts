// The one result type every server action returns. Plain data, safe to import in the browser.
import type { ErrorCode } from '@/lib/shared/errors';

export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      /** stable, for programs and tests (lib/shared/errors.ts) */
      code: ErrorCode;
      /** the same in words, for people */
      error: string;
      fieldErrors?: Record<string, string>;
    };

/** What a form keeps between submissions: the last result and what the user typed. */
export type FormState<T> = {
  result: ActionResult<T> | null;
  values: Record<string, string>;
};
