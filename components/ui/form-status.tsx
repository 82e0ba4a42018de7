import type { ActionResult } from '@/lib/shared/action-result';

/** The line under a form that says what its last submission did, read out by screen readers. */
export function FormStatus<T>({
  result,
  describe,
}: {
  result: ActionResult<T> | null;
  describe: (data: T) => string;
}) {
  return (
    <p className={`status ${result?.ok === false ? 'error' : ''}`} aria-live="polite" role="status">
      {result && (result.ok ? describe(result.data) : result.error)}
    </p>
  );
}
