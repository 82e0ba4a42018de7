import { useTranslations } from 'next-intl';
import type { Problem, Said } from '@/lib/shared/contract';
import { inWords } from '@/lib/shared/i18n';

// The one way the page shows what went wrong: a Problem's catalog message in the viewer's language
// (its English words when this page's catalog lacks the key). Keep-alives' stop reasons and the
// scenarios' timelines are sent the same way and said with it too.

/** Says a Problem, or any sentence sent both ways, in the viewer's language. */
export function useInWords(): (said: Said) => string {
  const t = useTranslations();
  return (said) => inWords(t, said);
}

/** A problem on a line of its own: what the page could not load, and why. */
export function ProblemLine({ problem }: { problem: Problem }) {
  const words = useInWords();
  return <p className="error">{words(problem)}</p>;
}
