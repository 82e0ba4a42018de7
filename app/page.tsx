import { getTranslations } from 'next-intl/server';
import { AccessNotice } from '@/components/access/access-notice';
import { Dashboard } from '@/components/dashboard';
import { LanguageSwitch } from '@/components/ui/language-switch';
import { ThemeSwitch } from '@/components/ui/theme-switch';
import { accessViewForPage } from '@/lib/access/guard';
import { viewerClient } from '@/lib/access/viewer-client';
import { DEFAULT_QUERY, parseLeaseQuery } from '@/lib/shared/lease-query';
import { queryLeases } from '@/lib/api/responses';
import { forRequest, requestClusterBase } from '@/lib/dashboard/request';

// Rendered per request with the sampler's current state, so the first paint already shows the
// leases (the page of them the address asks for: ?sort=&id=&key=&offset=); the browser then polls
// /api/leases with the same query.
export const dynamic = 'force-dynamic';

export default async function Home({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const t = await getTranslations('page');
  const access = await forRequest(accessViewForPage);
  const base = await requestClusterBase();
  if (access.protectReads && !access.signedIn) {
    return (
      <main>
        <header className="page-head">
          <h1>{t('heading')}</h1>
          <nav className="page-nav">
            <LanguageSwitch />
          </nav>
        </header>
        <AccessNotice access={access} />
      </main>
    );
  }
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(await searchParams))
    if (typeof value === 'string') params.set(name, value);
  const parsed = parseLeaseQuery(params);
  const tf = await getTranslations('findings.page');
  const ta = await getTranslations('audit');
  const query = parsed.ok ? parsed.query : DEFAULT_QUERY;
  const initial = await forRequest(async () => queryLeases(query, await viewerClient()));
  return (
    <main className="console-page">
      <header className="page-head">
        <h1>{t('heading')}</h1>
        <nav className="page-nav">
          <a href={`${base}/scenarios`}>{t('scenariosLink')}</a>{' '}
          <a href={`${base}/findings`}>{tf('link')}</a> <a href={`${base}/audit`}>{ta('link')}</a>{' '}
          <ThemeSwitch /> <LanguageSwitch />
        </nav>
        <p className="muted">
          {t.rich('intro', {
            endpoints: () => initial.etcd.endpoints.map((e) => <code key={e}>{e}</code>),
          })}
        </p>
      </header>
      <Dashboard initial={initial} access={access} />
    </main>
  );
}
