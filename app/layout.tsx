import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import { THEME_SCRIPT } from '@/components/ui/theme-switch';
import { ClusterBaseProvider } from '@/components/cluster/cluster-base';
import { ClusterSwitch } from '@/components/cluster/cluster-switch';
import { clustersView } from '@/lib/api/clusters';
import { severalClusters } from '@/lib/dashboard/registry';
import { requestClusterBase } from '@/lib/dashboard/request';
import '@/app/globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('meta');
  return { title: t('title'), description: t('description') };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The viewer's language (lib/i18n/request.ts); the provider hands its catalog to the client.
  const locale = await getLocale();
  // Which cluster this page shows, for its links and requests; the switcher when there are several.
  const base = await requestClusterBase();
  const clusters = severalClusters() ? clustersView(false) : null;
  return (
    // The theme script sets data-theme before React hydrates; that difference is expected.
    <html lang={locale} suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <NextIntlClientProvider>
          <ClusterBaseProvider base={base}>
            {clusters && <ClusterSwitch initial={clusters} />}
            {children}
          </ClusterBaseProvider>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
