import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AccessNotice } from '@/components/access/access-notice';
import { Scenarios } from '@/components/scenarios/scenarios';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { ThemeSwitch } from '@/components/ui/theme-switch';
import { accessViewForPage } from '@/lib/access/guard';
import { forRequest, requestClusterBase } from '@/lib/dashboard/request';

// Guided scenarios for teaching leases, every number from the real etcd.
export const dynamic = 'force-dynamic';

export default async function ScenariosPage() {
  const t = await getTranslations('page');
  const access = await forRequest(accessViewForPage);
  const base = await requestClusterBase();
  return (
    <main>
      <header className="presenter-head">
        <Link href={base || '/'}>{t('allLeases')}</Link>
        <span>
          <ThemeSwitch /> <LanguageSwitch />
        </span>
      </header>
      <h1>{t('scenariosHeading')}</h1>
      {access.protectReads && !access.signedIn ? (
        <AccessNotice access={access} />
      ) : (
        <Scenarios access={access} />
      )}
    </main>
  );
}
