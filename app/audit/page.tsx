import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { AccessNotice } from '@/components/access/access-notice';
import { AuditView } from '@/components/audit/audit-view';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { ThemeSwitch } from '@/components/ui/theme-switch';
import { accessViewForPage } from '@/lib/access/guard';
import { forRequest, requestClusterBase } from '@/lib/dashboard/request';
import { NO_AUDIT_FILTER, parseAuditQuery } from '@/lib/shared/audit-query';

// Every change and attempt through the dashboard: filtered by user, lease, action and result,
// newest first, a page at a time. Under DASHBOARD_PROTECT_READS only a signed-in browser sees it.
export const dynamic = 'force-dynamic';

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const t = await getTranslations('audit');
  const tp = await getTranslations('page');
  const access = await forRequest(accessViewForPage);
  const base = await requestClusterBase();
  // The filters the address names (a shared link), if they are valid; else none.
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(await searchParams))
    if (typeof value === 'string') params.set(name, value);
  const parsed = parseAuditQuery(params);
  const query = parsed.ok ? parsed.query : NO_AUDIT_FILTER;
  return (
    <main>
      <header className="presenter-head">
        <Link href={base || '/'}>{tp('allLeases')}</Link>
        <span>
          <ThemeSwitch /> <LanguageSwitch />
        </span>
      </header>
      <h1>{t('heading')}</h1>
      <p className="muted">{t('intro')}</p>
      {access.protectReads && !access.signedIn ? (
        <AccessNotice access={access} />
      ) : (
        <AuditView
          initial={{
            user: query.user ?? '',
            lease: query.lease ?? '',
            action: query.action ?? '',
            result: query.result ?? '',
          }}
        />
      )}
    </main>
  );
}
