'use client';

import { useState, useTransition } from 'react';
import {
  dhcpAction,
  registryAction,
  sessionAction,
  tutorialResetAction,
  tutorialStepAction,
} from '@/app/scenario-actions';
import { ChangesProvider, changesFor, useChanges } from '@/components/access/access-context';
import { CountdownBar } from '@/components/leases/countdown-bar';
import { LeaseChart } from '@/components/leases/lease-chart';
import { useLeaseDetail, useNow, type Stamped } from '@/components/leases/use-leases';
import type { ActionResult } from '@/lib/action-types';
import { displaySeconds, remainingNow } from '@/lib/countdown';
import { TUTORIAL_STEPS, type TutorialStep } from '@/lib/scenarios/steps';
import type { AccessView } from '@/lib/types';
import { useScenarios, type ScenariosResponse } from './use-scenarios';

/** The tutorial, a web session and service registration, each driven one click at a time. */
export function Scenarios({ access }: { access: AccessView }) {
  const { data, mutate } = useScenarios();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<ActionResult<unknown>>) =>
    startTransition(async () => {
      const result = await action();
      setError(result.ok ? null : result.error);
      await mutate();
    });
  if (!data) return <div className="skeleton chart-skeleton" aria-label="Loading scenarios" />;
  const props = { data, run, pending };
  return (
    <ChangesProvider value={changesFor(access)}>
      <p className={`status${error ? ' error' : ''}`} role="status">
        {pending ? 'Working...' : error}
      </p>
      <Tutorial {...props} />
      <Dhcp {...props} />
      <Session {...props} />
      <Registry {...props} />
    </ChangesProvider>
  );
}

type Props = {
  data: Stamped<ScenariosResponse>;
  run: (action: () => Promise<ActionResult<unknown>>) => void;
  pending: boolean;
};

const TUTORIAL_CODE: Record<TutorialStep, (key: string) => string> = {
  grant: () => 'resp, err := cli.Grant(ctx, 10)',
  put: (key) => `_, err = cli.Put(ctx, "${key}", "127.0.0.1", clientv3.WithLease(resp.ID))`,
  sleep: () => 'time.Sleep(5 * time.Second)',
  'ttl-before': () => 'ttl, err := cli.TimeToLive(ctx, resp.ID)',
  'keep-alive-once': () => '_, err = cli.KeepAliveOnce(ctx, resp.ID)',
  'ttl-after': () => 'ttl, err = cli.TimeToLive(ctx, resp.ID)',
};

function Tutorial({ data, run, pending }: Props) {
  const { tutorial } = data;
  const changes = useChanges();
  const next = TUTORIAL_STEPS[tutorial.answers.length];
  const answerOf = (step: TutorialStep) => tutorial.answers.find((a) => a.step === step)?.answer;
  const granted = answerOf('grant')?.TTL;
  const remaining = answerOf('ttl-before')?.TTL;
  return (
    <section className="panel scenario" aria-labelledby="tutorial-heading">
      <h2 id="tutorial-heading">The tutorial, step by step</h2>
      <p className="muted">
        Each line runs the real call against etcd and shows etcd&apos;s answer.
      </p>
      <ol className="code-steps">
        {TUTORIAL_STEPS.map((step) => {
          const answer = answerOf(step);
          return (
            <li key={step} aria-label={`Step ${step}`}>
              <code>{TUTORIAL_CODE[step](tutorial.key)}</code>
              <button
                type="button"
                disabled={pending || step !== next || !changes.allowed}
                onClick={() => run(() => tutorialStepAction({ step }))}
              >
                Run
              </button>
              {answer && (
                <output className="answer">
                  {Object.entries(answer)
                    .map(([k, v]) => `${k}: ${Array.isArray(v) ? `[${v.join(', ')}]` : v}`)
                    .join(', ')}
                </output>
              )}
            </li>
          );
        })}
      </ol>
      {granted !== undefined && remaining !== undefined && (
        <p className="lesson" role="note">
          The grant answered <strong>TTL {granted}</strong>: the <em>granted</em> TTL. TimeToLive
          answered <strong>TTL {remaining}</strong>: what <em>remains</em>. Same field name, two
          meanings. KeepAliveOnce sends the remaining TTL back up to the granted TTL.
        </p>
      )}
      {tutorial.leaseId && <LeaseMini id={tutorial.leaseId} chart />}
      <button
        type="button"
        disabled={pending || !changes.allowed}
        onClick={() => run(tutorialResetAction)}
      >
        Reset the tutorial
      </button>
    </section>
  );
}

function Dhcp({ data, run, pending }: Props) {
  const { dhcp } = data;
  const changes = useChanges();
  const now = useNow();
  const inS = (at: number) =>
    now === null ? '' : ` in ${Math.max(0, (at - now - data.clockOffset) / 1000).toFixed(1)} s`;
  return (
    <section className="panel scenario" aria-labelledby="dhcp-heading">
      <h2 id="dhcp-heading">DHCP renewal</h2>
      <p className="muted">
        A DHCP client leases an address for 8 s (hours, scaled down). It renews at T1, half-way
        through; if that renewal fails it tries again at T2, 7/8 of the way; if that fails too, the
        address expires. The chart marks each attempt.
      </p>
      <div className="stage-actions">
        <button
          type="button"
          disabled={pending || !changes.allowed}
          onClick={() => run(() => dhcpAction({ op: 'start' }))}
        >
          Lease an address
        </button>
        <button
          type="button"
          className={dhcp.failing ? '' : 'danger'}
          disabled={pending || !dhcp.leaseId || !changes.allowed}
          onClick={() => run(() => dhcpAction({ op: dhcp.failing ? 'succeed' : 'fail' }))}
        >
          {dhcp.failing ? 'Let renewals succeed' : 'Make renewals fail'}
        </button>
        <button
          type="button"
          disabled={pending || !changes.allowed}
          onClick={() => run(() => dhcpAction({ op: 'reset' }))}
        >
          Reset DHCP
        </button>
      </div>
      {dhcp.leaseId && (
        <>
          <p>
            Address key <code>{dhcp.key}</code>.{' '}
            {dhcp.next
              ? `Next renewal attempt: ${dhcp.next.attempt}${inS(dhcp.next.at)}${dhcp.failing ? ' (renewals are failing)' : ''}.`
              : 'No renewal attempt left.'}
          </p>
          <LeaseMini id={dhcp.leaseId} chart />
        </>
      )}
    </section>
  );
}

function Session({ data, run, pending }: Props) {
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

function Registry({ data, run, pending }: Props) {
  const { registry } = data;
  const changes = useChanges();
  return (
    <section className="panel scenario" aria-labelledby="registry-heading">
      <h2 id="registry-heading">Service registration</h2>
      <p className="muted">
        Each instance of the <code>web</code> service puts its address under{' '}
        <code>{registry.prefix}</code> with a 5 s lease it keeps alive. Crash one: its keep-alive
        stops, nothing is revoked, and it drops out of the registry when its lease runs out.
      </p>
      <div className="stage-actions">
        <button
          type="button"
          disabled={pending || !changes.allowed}
          onClick={() => run(() => registryAction({ op: 'register' }))}
        >
          Register an instance
        </button>
        <button
          type="button"
          disabled={pending || !changes.allowed}
          onClick={() => run(() => registryAction({ op: 'reset' }))}
        >
          Reset the registry
        </button>
      </div>
      <div className="grid">
        <div>
          <h3>Instances</h3>
          <ul className="keys">
            {registry.instances.map((i) => (
              <li key={i.name} aria-label={`Instance ${i.name}`}>
                <code>{i.name}</code>{' '}
                {i.crashed ? <span className="badge badge-expired">crashed</span> : null}{' '}
                <button
                  type="button"
                  className="danger"
                  disabled={pending || i.crashed || !changes.allowed}
                  onClick={() => run(() => registryAction({ op: 'crash', instance: i.name }))}
                >
                  Crash
                </button>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>The registry, as readers see it</h3>
          <ul className="keys" aria-label="Live instances">
            {registry.live.length === 0 && <li className="muted">no live instances</li>}
            {registry.live.map((l) => (
              <li key={l.key}>
                <code>{l.key}</code>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}

/** A lease's countdown (and, if asked, its chart), live. */
function LeaseMini({ id, chart = false }: { id: string; chart?: boolean }) {
  const { data } = useLeaseDetail(id);
  const now = useNow();
  if (!data) return null;
  const lease = data.lease;
  const at = now === null ? lease.readAt : now + data.clockOffset;
  const alive = lease.status === 'alive';
  const seconds = displaySeconds(lease.ttl, lease.readAt, at);
  return (
    <div className="lease-mini">
      <p>
        Lease <code>{id}</code>:{' '}
        {alive ? (
          `${seconds} s of ${lease.grantedTTL} s left`
        ) : (
          <span className={`badge badge-${lease.status}`}>{lease.status}</span>
        )}
      </p>
      <CountdownBar
        leaseId={id}
        remaining={remainingNow(lease.ttl, lease.readAt, at)}
        seconds={seconds}
        grantedTTL={lease.grantedTTL}
        expired={!alive}
      />
      {chart && <LeaseChart history={data.history} events={data.events} />}
    </div>
  );
}
