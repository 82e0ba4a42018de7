'use client';

import { sessionAction } from '@/app/scenario-actions';
import { useChanges } from '@/components/access/access-context';
import { LeaseMini } from './lease-mini';
import type { Props } from './scenario-props';

export function Session({ data, run, pending }: Props) {
  const { session } = data;
  const changes = useChanges();
  return (
    <section className="panel scenario" aria-labelledby="session-heading">
      <h2 id="session-heading">A web session</h2>
      <p className="muted">
        A session lives an hour past the user&apos;s last activity; here, 10 s. Every activity
        renews its lease. Stop clicking and etcd deletes the session key.
      </p>
      <div className="stage-actions">
        <button
          type="button"
          disabled={pending || !changes.allowed}
          onClick={() => run(() => sessionAction({ op: 'start' }))}
        >
          Sign a user in
        </button>
        <button
          type="button"
          disabled={pending || !session.leaseId || !changes.allowed}
          onClick={() => run(() => sessionAction({ op: 'activity' }))}
        >
          User activity
        </button>
        <button
          type="button"
          disabled={pending || !changes.allowed}
          onClick={() => run(() => sessionAction({ op: 'reset' }))}
        >
          Reset the session
        </button>
      </div>
      {session.lastRenewal && (
        <p>
          Activity renewed the session: {session.lastRenewal.before} s -&gt;{' '}
          {session.lastRenewal.after} s left.
        </p>
      )}
      {session.leaseId && (
        <>
          <p>
            Session key <code>{session.key}</code>
          </p>
          <LeaseMini id={session.leaseId} />
        </>
      )}
    </section>
  );
}
