'use client';

import { useTranslations } from 'next-intl';
import type { ActionResult } from '@/lib/shared/action-result';
import type { Message } from '@/lib/shared/contract-events';
import type { ErrorCode } from '@/lib/shared/errors';
import { render } from '@/lib/shared/i18n';

/**
 * An action's error in the viewer's language: its catalog form when the server sent one (or, for a
 * bug, the one sentence `internal` always says), else the English words as they are (etcd's own).
 */
export function useErrorText(): (failure: {
  code: ErrorCode;
  error: string;
  message?: Message;
}) => string {
  const t = useTranslations();
  return (failure) =>
    failure.code === 'internal' && !failure.message
      ? t('errors.internal')
      : render(t, failure.message, failure.error);
}

/** One field's error from an action's last result, in the viewer's language. */
export function useFieldError(
  result: ActionResult<unknown> | null,
): (field: string) => string | undefined {
  const t = useTranslations();
  return (field) => {
    if (!result || result.ok) return undefined;
    const english = result.fieldErrors?.[field];
    return english === undefined ? undefined : render(t, result.fieldMessages?.[field], english);
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
  const errorText = useErrorText();
  return (
    <p className={`status ${result?.ok === false ? 'error' : ''}`} aria-live="polite" role="status">
      {result && (result.ok ? describe(result.data) : errorText(result))}
    </p>
  );
}
