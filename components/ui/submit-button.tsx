'use client';

import { useFormStatus } from 'react-dom';

/** A submit button that shows the form is working and cannot be pressed twice. */
export function SubmitButton({ children, pendingText }: { children: string; pendingText: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} aria-disabled={pending}>
      {pending ? pendingText : children}
    </button>
  );
}
