import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { PresenterView } from '@/components/presenter/presenter-view';
import { AccessNotice } from '@/components/access/access-notice';
import { accessViewForPage } from '@/lib/access/guard';
import { inWords } from '@/lib/shared/i18n';
import { leaseIdSchema, validationSaid } from '@/lib/shared/schemas';
import { forRequest, requestClusterBase } from '@/lib/dashboard/request';

// One lease, large, for showing to a room: /leases/<hex id>, shareable by URL.
export const dynamic = 'force-dynamic';

export default async function LeasePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const parsed = leaseIdSchema.safeParse(id);
  const access = await forRequest(accessViewForPage);
  const base = await requestClusterBase();
  if (!parsed.success) {
    const t = await getTranslations();
    const problem = validationSaid(parsed.error.issues[0]?.message ?? '');
    return (
      <main className="presenter">
        <h1>{t('page.noSuchLease')}</h1>
        <p className="error">
          {inWords(t, problem)}. <Link href={base || '/'}>{t('page.backToDashboard')}</Link>
        </p>
      </main>
    );
  }
  if (access.protectReads && !access.signedIn) {
    return (
      <main className="presenter">
        <AccessNotice access={access} />
      </main>
    );
  }
  return <PresenterView id={parsed.data.hex} access={access} />;
}
