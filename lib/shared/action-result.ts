// The one result type every server action returns. Plain data, safe to import in the browser.

export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/** What a form keeps between submissions: the last result and what the user typed. */
export type FormState<T> = {
  result: ActionResult<T> | null;
  values: Record<string, string>;
};
