import Link from 'next/link';
import { PresenterView } from '@/components/presenter/presenter-view';
import { AccessNotice } from '@/components/access/access-notice';
import { accessViewForPage } from '@/lib/access/guard';
import { leaseIdSchema } from '@/lib/shared/schemas';

// One lease, large, for showing to a room: /leases/<hex id>, shareable by URL.
export const dynamic = 'force-dynamic';

export default async function LeasePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const parsed = leaseIdSchema.safeParse(id);
  const access = await accessViewForPage();
  if (!parsed.success) {
    return (
      <main className="presenter">
        <h1>No such lease ID</h1>
        <p className="error">
          {parsed.error.issues[0]?.message}. <Link href="/">Back to the dashboard</Link>
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
