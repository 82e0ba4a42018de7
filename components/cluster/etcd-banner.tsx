import type { EtcdStatus } from '@/lib/shared/contract';

const TITLE: Record<NonNullable<EtcdStatus['problem']>, string> = {
  unreachable: 'Cannot reach etcd',
  access: 'etcd refused the dashboard',
  config: "The dashboard's configuration is wrong",
};

/**
 * Says plainly when etcd (or the dashboard server itself) cannot be reached, and which endpoints do
 * not answer, also while the others still serve.
 */
export function EtcdBanner({
  etcd,
  serverError,
}: {
  etcd: EtcdStatus | undefined;
  serverError?: string;
}) {
  if (serverError) {
    return (
      <div className="banner" role="alert">
        <strong>The dashboard server is not answering.</strong> {serverError}. Retrying every
        second.
      </div>
    );
  }
  if (!etcd) return null;
  const failing = etcd.failing.length > 0 && (
    <ul className="failing">
      {etcd.failing.map((f) => (
        <li key={f.endpoint}>
          <code>{f.endpoint}</code>: {f.error}
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
        <strong>
          {answering} of {etcd.endpoints.length} etcd endpoints answer.
        </strong>{' '}
        The leases are read through the others. Not answering:
        {failing}
      </div>
    );
  }
  return (
    <div className="banner" role="alert">
      <strong>{TITLE[etcd.problem ?? 'unreachable']}</strong> at{' '}
      {etcd.endpoints.map((e) => (
        <code key={e}>{e}</code>
      ))}
      {etcd.ok ? '' : `: ${etcd.error}`}. Retrying every second
      {etcd.lastOkAt ? '; the leases below are as they were last seen' : ''}.{failing}
    </div>
  );
}
