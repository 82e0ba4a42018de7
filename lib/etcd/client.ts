import 'server-only';
import { Etcd3 } from 'etcd3';
import { getConfig } from '../config';

// One etcd3 client per server process. Kept on globalThis so that Next's dev-mode hot reload, which
// re-evaluates modules, does not open a new set of gRPC connections on every edit.

/** How long one unary etcd request may take before we call etcd unavailable. */
export const REQUEST_TIMEOUT_MS = 3000;

const cache = globalThis as typeof globalThis & { __leaseDashboardEtcd?: Etcd3 };

export function getEtcd(): Etcd3 {
  if (!cache.__leaseDashboardEtcd) {
    const { endpoints } = getConfig();
    cache.__leaseDashboardEtcd = new Etcd3({
      hosts: endpoints,
      dialTimeout: REQUEST_TIMEOUT_MS,
      defaultCallOptions: (context) =>
        context.isStream ? {} : { deadline: Date.now() + REQUEST_TIMEOUT_MS },
    });
  }
  return cache.__leaseDashboardEtcd;
}

/** Closes the client (tests, shutdown). The next getEtcd() opens a new one. */
export function closeEtcd(): void {
  cache.__leaseDashboardEtcd?.close();
  cache.__leaseDashboardEtcd = undefined;
}

export function endpoints(): string[] {
  return getConfig().endpoints;
}
