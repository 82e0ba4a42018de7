import type { EtcdStatus } from '@/lib/types';

/** Says plainly when etcd (or the dashboard server itself) cannot be reached. */
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
  if (!etcd || etcd.ok) return null;
  return (
    <div className="banner" role="alert">
      <strong>Cannot reach etcd</strong> at{' '}
      {etcd.endpoints.map((e) => (
        <code key={e}>{e}</code>
      ))}
      : {etcd.error}. Retrying every second
      {etcd.lastOkAt ? '; the leases below are as they were last seen' : ''}.
    </div>
  );
}
