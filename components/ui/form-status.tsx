'use client';

import type { ActionResult } from '@/lib/shared/action-result';
import { useInWords } from '@/components/ui/problem';

/** One field's error from an action's last result, in the viewer's language. */
export function useFieldError(
  result: ActionResult<unknown> | null,
): (field: string) => string | undefined {
  const words = useInWords();
  return (field) => {
    const problem = result?.ok === false ? result.fieldErrors?.[field] : undefined;
    return problem && words(problem);
  };
}

/** The line under a form that says what its last submission did, read out by screen readers. */
export function FormStatus<T>({
  result,
  describe,
}: {
  result: ActionResult<T> | null;
  describe: (data: T) => string;
}) {
  const words = useInWords();
  return (
    <p className={`status ${result?.ok === false ? 'error' : ''}`} aria-live="polite" role="status">
      {result && (result.ok ? describe(result.data) : words(result))}
    </p>
  );
}
