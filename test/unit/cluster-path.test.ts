import { describe, expect, it } from 'vitest';
import { clusterBase, clusterOfPath, inCluster } from '@/lib/shared/cluster-path';
import { clusterFromHeader, clusterHeaderValue } from '@/lib/dashboard/cluster-header';

// Where a cluster lives in the URL, and the header that carries it past the proxy's rewrite.

describe('cluster paths', () => {
  it('name the cluster and the path inside it', () => {
    expect(clusterOfPath('/c/prod-eu/api/leases')).toEqual({
      name: 'prod-eu',
      rest: '/api/leases',
    });
    expect(clusterOfPath('/c/prod-eu')).toEqual({ name: 'prod-eu', rest: '/' });
    expect(clusterOfPath('/api/leases')).toBeNull();
    expect(clusterOfPath('/c/Prod/x')).toBeNull();
    expect(clusterOfPath('/c/-x/')).toBeNull();
  });

  it("keep a page's links and requests in its cluster", () => {
    expect(clusterBase('/c/prod-eu/findings')).toBe('/c/prod-eu');
    expect(clusterBase('/findings')).toBe('');
    expect(inCluster('/c/prod-eu/findings', '/api/leases')).toBe('/c/prod-eu/api/leases');
    expect(inCluster('/c/prod-eu/findings', '/')).toBe('/c/prod-eu');
    expect(inCluster('/', '/api/leases')).toBe('/api/leases');
  });
});

describe('the cluster header', () => {
  it("counts only with this process's proof, never as a client sent it", () => {
    expect(clusterFromHeader(clusterHeaderValue('beta'))).toBe('beta');
    expect(clusterFromHeader('beta')).toBeNull();
    expect(clusterFromHeader('beta guessed-proof')).toBeNull();
    expect(clusterFromHeader(`${clusterHeaderValue('beta')} extra`)).toBeNull();
    expect(clusterFromHeader(null)).toBeNull();
  });
});
