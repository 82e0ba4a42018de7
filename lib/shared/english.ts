// The English catalog as a translator, for what is said in English whatever the viewer reads: the
// event log's `text`, error messages in the API, logs and metrics, and the shared functions'
// default words. The English lives once, in messages/en.json.
import { createTranslator } from 'next-intl';
import en from '@/messages/en.json';
import type { MessageValue } from '@/lib/shared/contract-events';
import { message, render, type MessageKey, type Said, type Translate } from '@/lib/shared/i18n';

export const english: Translate = createTranslator({ locale: 'en', messages: en });

export function say(key: MessageKey, values?: Record<string, MessageValue>): Said {
  const said = message(key, values);
  return { text: render(english, said), message: said };
}
