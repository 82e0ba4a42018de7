// The one result type every server action returns. Plain data, safe to import in the browser.
import type { Message } from '@/lib/shared/contract-events';
import type { ErrorCode } from '@/lib/shared/errors';

export type ActionResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      /** stable, for programs and tests (lib/shared/errors.ts) */
      code: ErrorCode;
      /** the same in English words, for people (and logs) */
      error: string;
      fieldErrors?: Record<string, string>;
      /** `error` as a catalog key and values, for the viewer's language, when it has one */
      message?: Message;
      /** the same for `fieldErrors`, field by field */
      fieldMessages?: Record<string, Message>;
    };

/** What a form keeps between submissions: the last result and what the user typed. */
export type FormState<T> = {
  result: ActionResult<T> | null;
  values: Record<string, string>;
};
