'use client';

import { sessionAction } from '@/app/scenario-actions';
import { LeaseMini } from '@/components/scenarios/lease-mini';
import { StepButton, type Props } from '@/components/scenarios/scenario-step';

export function Session({ data }: Props) {
  const { session } = data;
  return (
    <section className="panel scenario" aria-labelledby="session-heading">
      <h2 id="session-heading">A web session</h2>
      <p className="muted">
        A session lives an hour past the user&apos;s last activity; here, 10 s. Every activity
        renews its lease. Stop clicking and etcd deletes the session key.
      </p>
      <div className="stage-actions">
        <StepButton action={() => sessionAction({ op: 'start' })}>Sign a user in</StepButton>
        <StepButton action={() => sessionAction({ op: 'activity' })} unavailable={!session.leaseId}>
          User activity
        </StepButton>
        <StepButton action={() => sessionAction({ op: 'reset' })}>Reset the session</StepButton>
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
