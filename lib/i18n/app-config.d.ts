import type en from '@/messages/en.json';
import type { AppLocale } from '@/lib/shared/locale';

// next-intl's types for this app: a key that is not in the English catalog (messages/en.json)
// fails the type check wherever it is used.
declare module 'next-intl' {
  interface AppConfig {
    Locale: AppLocale;
    Messages: typeof en;
  }
}
