// Sentences in the viewer's language. A translator (next-intl's, over one catalog: useTranslations()
// in the browser, ./english.ts on the server) turns a Message, a catalog key with its values, into
// words. Client-safe: it imports no catalog itself.
import type { createTranslator, Messages } from 'next-intl';
import type { Message, MessageValue } from '@/lib/shared/contract-events';
import type { Said } from '@/lib/shared/contract-problem';

export type { Said };

/** next-intl's translator over the whole catalog (keys checked against messages/en.json). */
export type Translate = ReturnType<typeof createTranslator<Messages>>;

/** Every key of the catalog that holds a sentence. */
export type MessageKey = Parameters<Translate>[0];

/** A Message, its key checked against the catalog at compile time. */
export function message(key: MessageKey, values?: Record<string, MessageValue>): Message {
  return values ? { key, values } : { key };
}

/**
 * A Message in words, its phrases (values that are Messages) first. A key the catalog does not
 * hold (a server newer than the page, say) gives `fallback`: the English the server sent with it.
 */
export function render(t: Translate, said: Message | null | undefined, fallback = ''): string {
  if (!said) return fallback;
  const key = said.key as MessageKey;
  if (!t.has(key)) return fallback;
  if (!said.values) return t(key);
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(said.values))
    values[name] = typeof value === 'object' ? render(t, value) : value;
  return t(key, values);
}

/**
 * A sentence sent both ways (a Problem, a keep-alive's stop reason) in the viewer's language: its
 * catalog message, or its English words when this page's catalog does not hold the key.
 */
export const inWords = (t: Translate, said: Said): string => render(t, said.message, said.text);
