import { describe, expect, it } from 'vitest';
import { readClustersFile } from '@/lib/config/clusters-file';

// DASHBOARD_CLUSTERS_FILE read from files this test hands over: each cluster's configuration, and
// each mistake named by the file, the cluster and the field.

const FILE = '/etc/lease-dashboard/clusters.json';

function reader(files: Record<string, unknown>) {
  return (file: string): Buffer => {
    if (!(file in files)) throw new Error(`ENOENT: no such file, open '${file}'`);
    const body = files[file];
    return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  };
}

const read = (clusters: unknown, env: Record<string, string> = {}, more = {}) =>
  readClustersFile(FILE, env, reader({ [FILE]: clusters, ...more }));

describe('the clusters file', () => {
  it('gives each cluster its own endpoints, user and settings, in the file order', () => {
    const clusters = read(
      [
        { name: 'staging', endpoints: ['http://10.0.0.1:2379', 'http://10.0.0.2:2379'] },
        {
          name: 'prod-eu',
          endpoints: ['https://10.1.0.1:2379'],
          username: 'dash',
          passwordFile: '/run/secrets/prod',
          readOnly: true,
          keyPrefix: '/team/',
          watchPrefixes: ['/services/', '/locks/'],
        },
      ],
      { ETCD_USERNAME: 'env-user', ETCD_PASSWORD: 'env-pass' },
      { '/run/secrets/prod': 's3cret\n' },
    );
    expect(clusters.map((c) => c.name)).toEqual(['staging', 'prod-eu']);
    const [staging, prod] = clusters.map((c) => c.configure());
    expect(staging).toMatchObject({
      endpoints: ['http://10.0.0.1:2379', 'http://10.0.0.2:2379'],
      auth: null,
      watchPrefixes: null,
      access: { readOnly: false, keyPrefix: null },
    });
    expect(prod).toMatchObject({
      endpoints: ['https://10.1.0.1:2379'],
      auth: { username: 'dash', password: 's3cret' },
      watchPrefixes: ['/services/', '/locks/'],
      access: { readOnly: true, keyPrefix: '/team/' },
    });
  });

  it("takes the environment's read-only and key prefix where a cluster sets none", () => {
    const [c] = read([{ name: 'a', endpoints: ['http://127.0.0.1:2379'] }], {
      DASHBOARD_READ_ONLY: 'true',
      DASHBOARD_KEY_PREFIX: '/demo/',
    });
    expect(c?.configure().access).toMatchObject({ readOnly: true, keyPrefix: '/demo/' });
    const [w] = read([{ name: 'a', endpoints: ['http://127.0.0.1:2379'], readOnly: false }], {
      DASHBOARD_READ_ONLY: 'true',
    });
    expect(w?.configure().access.readOnly).toBe(false);
  });

  it.each([
    ['not JSON', '[{', /DASHBOARD_CLUSTERS_FILE \(.*clusters\.json\) could not be read as JSON/],
    ['an object', { name: 'a' }, /must hold a JSON array with one object per cluster/],
    ['an empty list', [], /must hold a JSON array/],
    [
      'a bad name',
      [{ name: 'Prod EU', endpoints: ['http://a:2379'] }],
      /cluster "Prod EU": name: name must be 1 to 32 lower-case letters/,
    ],
    [
      'no endpoints',
      [{ name: 'a', endpoints: [] }],
      /cluster "a": endpoints: endpoints must list at least one URL/,
    ],
    [
      'an unknown field',
      [{ name: 'a', endpoints: ['http://a:2379'], pasword: 'x' }],
      /cluster "a": .*pasword/,
    ],
    [
      'two clusters of one name',
      [
        { name: 'a', endpoints: ['http://a:2379'] },
        { name: 'a', endpoints: ['http://b:2379'] },
      ],
      /two clusters are named "a"/,
    ],
    ['an entry that is no object', [42], /entry 1: \(the entry\)/],
  ])('refuses %s, naming where', (_, body, message) => {
    expect(() => read(body)).toThrow(message);
  });

  it('names the cluster and the field when its own settings are bad, and only when it is used', () => {
    const clusters = read([
      { name: 'good', endpoints: ['http://127.0.0.1:2379'] },
      { name: 'typo', endpoints: ['127.0.0.1:2379'] },
      {
        name: 'both',
        endpoints: ['http://a:2379'],
        username: 'u',
        password: 'p',
        passwordFile: '/x',
      },
      { name: 'lost', endpoints: ['http://a:2379'], username: 'u', passwordFile: '/nowhere' },
    ]);
    expect(clusters[0]?.configure().endpoints).toEqual(['http://127.0.0.1:2379']);
    expect(() => clusters[1]?.configure()).toThrow(
      /cluster "typo": endpoints: "127\.0\.0\.1:2379" is not an etcd client URL/,
    );
    expect(() => clusters[2]?.configure()).toThrow(/cluster "both": set password or passwordFile/);
    expect(() => clusters[3]?.configure()).toThrow(
      /cluster "lost": passwordFile could not be read: ENOENT/,
    );
  });

  it('never shows a password typed into an endpoint', () => {
    const [c] = read([{ name: 'a', endpoints: ['http://root:hunter2@10.0.0.1:2379'] }]);
    expect(c?.typedEndpoints).toEqual(['http://10.0.0.1:2379']);
    expect(() => c?.configure()).toThrow(/endpoints must not hold a user name or password/);
    expect(() => c?.configure()).not.toThrow(/hunter2/);
  });
});
