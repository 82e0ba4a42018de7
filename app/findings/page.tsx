import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { previewFindingRevokeAction, revokeFindingAction } from '@/app/actions';
import { AccessNotice } from '@/components/access/access-notice';
import type { FindingActions } from '@/components/findings/finding-revoke';
import { FindingsView } from '@/components/findings/findings-view';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { ThemeSwitch } from '@/components/ui/theme-switch';
import { accessViewForPage } from '@/lib/access/guard';
import { forRequest, requestClusterBase } from '@/lib/dashboard/request';

// What is wrong with the leases and how to act on it: every finding, its leases and its revoke.
export const dynamic = 'force-dynamic';

// The revoke goes through the same preview, token and confirmation as a revoke by prefix.
const actions: FindingActions = {
  preview: previewFindingRevokeAction,
  revoke: revokeFindingAction,
};

export default async function FindingsPage() {
  const t = await getTranslations();
  const access = await forRequest(accessViewForPage);
  const base = await requestClusterBase();
  return (
    <main>
      <header className="presenter-head">
        <Link href={base || '/'}>{t('page.allLeases')}</Link>
        <span>
          <ThemeSwitch /> <LanguageSwitch />
        </span>
      </header>
      <h1>{t('findings.page.heading')}</h1>
      <p className="muted">{t('findings.page.intro')}</p>
      {access.protectReads && !access.signedIn ? (
        <AccessNotice access={access} />
      ) : (
        <FindingsView access={access} actions={actions} />
      )}
    </main>
  );
}
