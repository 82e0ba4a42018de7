'use client';

import { useFormStatus } from 'react-dom';

/** A submit button that shows the form is working and cannot be pressed twice. */
export function SubmitButton({
  children,
  pendingText,
  blocked = null,
}: {
  children: string;
  pendingText: string;
  /** why the button may not be used here (read-only, not signed in), if it may not */
  blocked?: string | null;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending || blocked !== null}
      aria-disabled={pending || blocked !== null}
      title={blocked ?? undefined}
    >
      {pending ? pendingText : children}
    </button>
  );
}
