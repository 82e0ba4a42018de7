'use client';

import { dhcpAction } from '@/app/scenario-actions';
import { useNow } from '@/components/leases/use-leases';
import { LeaseMini } from '@/components/scenarios/lease-mini';
import { StepButton, type Props } from '@/components/scenarios/scenario-step';

export function Dhcp({ data }: Props) {
  const { dhcp } = data;
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
        <StepButton action={() => dhcpAction({ op: 'start' })}>Lease an address</StepButton>
        <StepButton
          action={() => dhcpAction({ op: dhcp.failing ? 'succeed' : 'fail' })}
          unavailable={!dhcp.leaseId}
          className={dhcp.failing ? '' : 'danger'}
        >
          {dhcp.failing ? 'Let renewals succeed' : 'Make renewals fail'}
        </StepButton>
        <StepButton action={() => dhcpAction({ op: 'reset' })}>Reset DHCP</StepButton>
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
