import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import type { EtcdStatus, Problem } from '@/lib/shared/contract';
import { useInWords } from '@/components/ui/problem';

const strong = (chunks: ReactNode) => <strong>{chunks}</strong>;

/**
 * Says plainly when etcd (or the dashboard server itself) cannot be reached, and which endpoints do
 * not answer, also while the others still serve.
 */
export function EtcdBanner({
  etcd,
  serverError,
}: {
  etcd: EtcdStatus | undefined;
  serverError?: Problem;
}) {
  const t = useTranslations('banner');
  const words = useInWords();
  if (serverError) {
    return (
      <div className="banner" role="alert">
        {t.rich('serverDown', { error: words(serverError), strong })}
      </div>
    );
  }
  if (!etcd) return null;
  const failing = etcd.failing.length > 0 && (
    <ul className="failing">
      {etcd.failing.map((f) => (
        <li key={f.endpoint}>
          <code>{f.endpoint}</code>: {words(f.error)}
        </li>
      ))}
    </ul>
  );
  // The status checks can see every endpoint fail before a lease read times out: say so at once.
  const allFailing = etcd.failing.length > 0 && etcd.failing.length >= etcd.endpoints.length;
  if (etcd.ok && !allFailing) {
    if (!failing) return null;
    const answering = etcd.endpoints.length - etcd.failing.length;
    return (
      <div className="banner warn" role="alert">
        {t.rich('partial', { answering, total: etcd.endpoints.length, strong })}
        {failing}
      </div>
    );
  }
  return (
    <div className="banner" role="alert">
      {t.rich('down', {
        title: t(`titles.${etcd.problem ?? 'unreachable'}`),
        hasError: etcd.ok ? 'no' : 'yes',
        error: etcd.ok ? '' : words(etcd.error),
        stale: etcd.lastOkAt ? 'yes' : 'no',
        strong,
        endpoints: () => etcd.endpoints.map((e) => <code key={e}>{e}</code>),
      })}
      {failing}
    </div>
  );
}
