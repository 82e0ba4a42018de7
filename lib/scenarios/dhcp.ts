import 'server-only';
import type { RequestContext } from '@/lib/access/guard';
import { getChanges, getEventLog } from '@/lib/server';
import { errorCodeOf, isLeaseGone, publicError } from '@/lib/shared/errors';
import { message } from '@/lib/shared/i18n';
import { scenarioPrefix } from '@/lib/scenarios/tutorial';
import { serially } from '@/lib/scenarios/serially';
import type { DhcpState } from '@/lib/shared/contract-actions';
import { currentDashboard, slot } from '@/lib/dashboard/registry';

// A DHCP client's lease on an address: it renews at T1 (1/2 of the lease); if that renewal fails it
// tries again at T2 (7/8); if that fails too the address expires at the end of the lease. "Make
// renewals fail" stands in for a DHCP server that stops answering: the client still tries, on the
// same schedule, and nothing renews the lease.

export const DHCP_TTL_S = 8;
const T1 = 1 / 2;
const T2 = 7 / 8;

type Driver = DhcpState & { timer?: NodeJS.Timeout };
const DRIVER = slot(
  'scenarios.dhcp',
  (): Driver => ({ leaseId: null, key: null, failing: false, next: null, renewedAt: null }),
  (d) => clearTimeout(d.timer),
);

function driver(): Driver {
  return currentDashboard().get(DRIVER);
}

export function dhcpState(): DhcpState {
  const { leaseId, key, failing, next, renewedAt } = driver();
  return { leaseId, key, failing, next, renewedAt };
}

function schedule(which: 'T1' | 'T2'): void {
  const d = driver();
  clearTimeout(d.timer);
  const at = (d.renewedAt ?? Date.now()) + (which === 'T1' ? T1 : T2) * DHCP_TTL_S * 1000;
  d.next = { at, attempt: which };
  d.timer = setTimeout(() => void attempt(which), Math.max(0, at - Date.now()));
  d.timer.unref();
}

async function attempt(which: 'T1' | 'T2'): Promise<void> {
  const d = driver();
  const id = d.leaseId;
  if (!id) return;
  if (d.failing) {
    getEventLog().add({
      kind: 'renewal-failed',
      lease: id,
      message: message('event.dhcpSimulatedFailure', { id, attempt: which }),
    });
    if (which === 'T1') schedule('T2');
    else d.next = null; // nothing left to try: the address expires at the end of the lease
    return;
  }
  const at = Date.now();
  // The scenario may have been reset or started again while the renewal was out: then this
  // attempt's lease is no longer the scenario's, and its outcome changes nothing.
  const stale = () => d.leaseId !== id;
  try {
    const ttl = await getChanges().renew(id);
    if (stale()) return;
    d.renewedAt = at;
    getEventLog().add({
      kind: 'lease-kept-alive',
      lease: id,
      message: message('event.dhcpRenewed', { id, attempt: which, ttl }),
    });
    schedule('T1');
  } catch (err) {
    if (stale()) return;
    if (isLeaseGone(errorCodeOf(err))) {
      d.next = null; // the lease is gone: the address has expired
      return;
    }
    // etcd did not answer (or refused): the client tries again at T2, as a DHCP client would.
    getEventLog().add({
      kind: 'renewal-failed',
      lease: id,
      message: message('event.dhcpFailed', { id, attempt: which, error: dhcpError(err) }),
    });
    if (which === 'T1') schedule('T2');
    else d.next = null;
  }
}

/** Leases an address: a lease of DHCP_TTL_S with the address on it, renewed at T1. */
export function startDhcp(caller: RequestContext): Promise<DhcpState> {
  return serially('dhcp', async () => {
    await clear();
    const d = driver();
    const key = `${scenarioPrefix('dhcp')}leases/192.168.1.23`;
    const lease = await getChanges().grant(caller, DHCP_TTL_S, {
      key,
      value: 'client=aa:bb:cc:dd:ee:ff',
    });
    Object.assign(d, { leaseId: lease.id, key, failing: false, renewedAt: Date.now() });
    schedule('T1');
    return dhcpState();
  });
}

export function setDhcpFailing(failing: boolean): DhcpState {
  driver().failing = failing;
  return dhcpState();
}

export function resetDhcp(): Promise<DhcpState> {
  return serially('dhcp', clear);
}

async function clear(): Promise<DhcpState> {
  const d = driver();
  clearTimeout(d.timer);
  const id = d.leaseId;
  Object.assign(d, { leaseId: null, key: null, failing: false, next: null, renewedAt: null });
  if (id) await getChanges().revokeIfAlive(id);
  await getChanges().clearPrefix(scenarioPrefix('dhcp'));
  return dhcpState();
}

/** What a failed renewal says: the error as a user may see it (see publicError). */
function dhcpError(err: unknown) {
  return publicError(err).message;
}
