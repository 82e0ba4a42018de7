import 'server-only';
import { LeaseSampler } from './lease-sampler';

// The process's one sampler, on globalThis so dev-mode hot reload does not start a second one.
const cache = globalThis as typeof globalThis & { __leaseDashboardSampler?: LeaseSampler };

export function getSampler(): LeaseSampler {
  if (!cache.__leaseDashboardSampler) {
    cache.__leaseDashboardSampler = new LeaseSampler();
    void cache.__leaseDashboardSampler.start();
  }
  return cache.__leaseDashboardSampler;
}

export { LeaseSampler };
