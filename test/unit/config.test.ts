import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  parseAuth,
  parseConfig,
  parseEndpoints,
  parseMaxReads,
  parseTls,
} from '@/lib/config/env';
import { displayEndpoints } from '@/lib/dashboard/registry';

describe('ETCD_ENDPOINTS', () => {
  it('defaults to a local etcd', () => {
    expect(parseEndpoints(undefined)).toEqual(['http://127.0.0.1:2379']);
    expect(parseEndpoints('  ')).toEqual(['http://127.0.0.1:2379']);
  });

  it('takes several comma-separated URLs', () => {
    expect(parseEndpoints('http://10.0.0.1:2379, https://etcd-2:2379/')).toEqual([
      'http://10.0.0.1:2379',
      'https://etcd-2:2379',
    ]);
  });

  it.each([
    ['127.0.0.1:2379', '"127.0.0.1:2379" is not an etcd client URL like http://127.0.0.1:2379'],
    ['ftp://host:2379', '"ftp://host:2379" is not an etcd client URL like http://127.0.0.1:2379'],
    [
      'http://host:2379/v3',
      '"http://host:2379/v3" is not an etcd client URL like http://127.0.0.1:2379',
    ],
  ])('explains a bad value %s, naming the variable', (raw, message) => {
    expect(() => parseEndpoints(raw)).toThrow(new ConfigError(`ETCD_ENDPOINTS: ${message}`));
  });

  it('explains an empty entry', () => {
    expect(() => parseEndpoints('http://a:2379,,http://b:2379')).toThrow(
      /ETCD_ENDPOINTS has an empty entry/,
    );
  });
});

describe('ETCD_ENDPOINTS with a user name and password in a URL', () => {
  it.each([
    ['http://root:hunter2@10.0.0.1:2379', 'http://10.0.0.1:2379'],
    [
      'https://root:hunter2@etcd:2379/, http://10.0.0.2:2379',
      'https://etcd:2379/, http://10.0.0.2:2379',
    ],
    ['http://root@10.0.0.1:2379', 'http://10.0.0.1:2379'],
    // A password may hold what separates or ends other things: @, commas, slashes.
    ['http://root:hun@ter,2/x@10.0.0.1:2379', 'http://10.0.0.1:2379'],
    ['root:hunter2@10.0.0.1:2379', '10.0.0.1:2379'],
    ['http://root:hunter2@10.0.0.1:2379,,', 'http://10.0.0.1:2379, , '],
  ])(
    'are refused, naming ETCD_USERNAME and ETCD_PASSWORD, never the password: %s',
    (raw, shown) => {
      const env = { ETCD_ENDPOINTS: raw };
      expect(() => parseConfig(env)).toThrow(
        new ConfigError(
          `ETCD_ENDPOINTS must not hold a user name or password: set them in ETCD_USERNAME and ETCD_PASSWORD, and list the endpoints without them (${shown})`,
        ),
      );
      expect(() => parseConfig(env)).not.toThrow(/hunter2|hun@ter|root/);
    },
  );
});

describe('endpoints named in messages', () => {
  it('are the entries as typed when ETCD_ENDPOINTS does not parse', () => {
    process.env.ETCD_ENDPOINTS = 'etcd-1:2379, etcd-2:2379';
    expect(displayEndpoints()).toEqual(['etcd-1:2379', 'etcd-2:2379']);
  });

  it('leave out a user name and password typed into them', () => {
    process.env.ETCD_ENDPOINTS = 'http://root:hun,ter2@etcd-1:2379, http://etcd-2:2379';
    expect(displayEndpoints()).toEqual(['http://etcd-1:2379', 'http://etcd-2:2379']);
    process.env.ETCD_ENDPOINTS = 'root:hunter2@etcd-1:2379';
    expect(displayEndpoints()).toEqual(['etcd-1:2379']);
  });
});

describe('ETCD_USERNAME and ETCD_PASSWORD', () => {
  it('are optional, and go together', () => {
    expect(parseAuth({})).toBeNull();
    expect(parseAuth({ ETCD_USERNAME: 'root', ETCD_PASSWORD: 'pw' })).toEqual({
      username: 'root',
      password: 'pw',
    });
    expect(() => parseAuth({ ETCD_PASSWORD: 'pw' })).toThrow(
      new ConfigError('ETCD_PASSWORD is set but ETCD_USERNAME is not: set both, or neither'),
    );
    expect(() => parseAuth({ ETCD_USERNAME: 'root' })).toThrow(
      new ConfigError('ETCD_USERNAME is set (root) but ETCD_PASSWORD is not: set both, or neither'),
    );
  });

  it('never put the password in a message', () => {
    for (const env of [
      { ETCD_ENDPOINTS: 'nope', ETCD_USERNAME: 'root', ETCD_PASSWORD: 'hunter2' },
      { ETCD_USERNAME: ' root ', ETCD_PASSWORD: 'hunter2' },
    ]) {
      expect(() => parseConfig(env)).toThrow(ConfigError);
      expect(() => parseConfig(env)).not.toThrow(/hunter2/);
    }
  });
});

describe('ETCD_CA_FILE, ETCD_CERT_FILE and ETCD_KEY_FILE', () => {
  const pem = Buffer.from('-----BEGIN CERTIFICATE-----\nxyz\n-----END CERTIFICATE-----\n');
  const files: Record<string, Buffer> = { '/ca.pem': pem, '/c.pem': pem, '/k.pem': pem };
  const read = (file: string) => {
    const data = files[file];
    if (!data)
      throw Object.assign(new Error(`ENOENT: no such file, open '${file}'`), { code: 'ENOENT' });
    return data;
  };
  const https = ['https://etcd:2379'];

  it('are optional, and read once into the configuration', () => {
    expect(parseTls({}, https, read)).toBeNull();
    expect(parseTls({ ETCD_CA_FILE: '/ca.pem' }, https, read)).toEqual({
      ca: pem,
      cert: null,
      key: null,
    });
  });

  it('name the variable whose file cannot be used', () => {
    expect(() => parseTls({ ETCD_CA_FILE: '/missing.pem' }, https, read)).toThrow(
      new ConfigError('ETCD_CA_FILE: cannot use /missing.pem: no such file'),
    );
    files['/junk'] = Buffer.from('not a certificate');
    expect(() =>
      parseTls({ ETCD_KEY_FILE: '/junk', ETCD_CERT_FILE: '/c.pem' }, https, read),
    ).toThrow(
      new ConfigError('ETCD_KEY_FILE: cannot use /junk: it is not a PEM file (no -----BEGIN line)'),
    );
  });

  it('want a certificate and its key together, and https endpoints', () => {
    expect(() => parseTls({ ETCD_CERT_FILE: '/c.pem' }, https, read)).toThrow(
      /ETCD_CERT_FILE is set but ETCD_KEY_FILE is not/,
    );
    expect(() => parseTls({ ETCD_CA_FILE: '/ca.pem' }, ['http://etcd:2379'], read)).toThrow(
      new ConfigError(
        'ETCD_ENDPOINTS: http://etcd:2379 use http:// but TLS files are set; use https:// URLs',
      ),
    );
  });
});

describe('DASHBOARD_MAX_READS_PER_SECOND', () => {
  it('is no cap unless set', () => {
    expect(parseMaxReads({})).toBeNull();
    expect(parseMaxReads({ DASHBOARD_MAX_READS_PER_SECOND: ' ' })).toBeNull();
  });

  it('takes a whole number of reads a second', () => {
    expect(parseMaxReads({ DASHBOARD_MAX_READS_PER_SECOND: '500' })).toBe(500);
  });

  it('names itself when wrong', () => {
    for (const bad of ['0', '9', '1.5', 'fast', '2000000'])
      expect(() => parseMaxReads({ DASHBOARD_MAX_READS_PER_SECOND: bad })).toThrow(
        `DASHBOARD_MAX_READS_PER_SECOND must be a whole number from 10 to 1000000, not "${bad}"`,
      );
  });
});

describe('DASHBOARD_WATCH_PREFIXES', () => {
  const prefixes = (raw: string | undefined) =>
    parseConfig({ DASHBOARD_WATCH_PREFIXES: raw }).watchPrefixes;

  it('watches every key unless set', () => {
    expect(prefixes(undefined)).toBeNull();
    expect(prefixes('  ')).toBeNull();
  });

  it('takes comma-separated prefixes, and drops one another covers', () => {
    expect(prefixes('/services/, /locks/')).toEqual(['/services/', '/locks/']);
    expect(prefixes('/services/,/services/web/,/services/')).toEqual(['/services/']);
  });

  it('names itself when wrong', () => {
    for (const bad of ['/a/,,/b/', '/a/,'])
      expect(() => prefixes(bad)).toThrow(/^DASHBOARD_WATCH_PREFIXES must be key prefixes/);
  });
});

describe("the dashboard's own prefix and the replicas' secret", () => {
  const SECRET = 'a-secret-of-24-characters';

  it('keeps its own keys under /lease-dashboard/, outside the key prefix, and reserves its folders', () => {
    const config = parseConfig({ DASHBOARD_KEY_PREFIX: '/demo/' });
    expect(config.ownPrefix).toBe('/lease-dashboard/');
    expect(config.scenarioPrefix).toBe('/demo/');
    expect(config.reservedPrefixes).toEqual([
      '/lease-dashboard/election/',
      '/lease-dashboard/keep-alive/',
      '/lease-dashboard/audit/',
      '/lease-dashboard/granted/',
      '/lease-dashboard/sessions/',
      '/lease-dashboard/rooms/',
    ]);
    expect(parseConfig({}).scenarioPrefix).toBe('/lease-dashboard/');
  });

  it.each(['/', '/lease-dashboard/', '/lease-dashboard/election/x/'])(
    'refuses a key prefix %s that holds its own keys, naming both variables',
    (prefix) =>
      expect(() => parseConfig({ DASHBOARD_KEY_PREFIX: prefix })).toThrow(
        /DASHBOARD_KEY_PREFIX .* overlap.*DASHBOARD_OWN_PREFIX/,
      ),
  );

  it('takes another own prefix, and refuses one without its slashes', () => {
    expect(parseConfig({ DASHBOARD_OWN_PREFIX: '/ops/dash/' }).ownPrefix).toBe('/ops/dash/');
    expect(() => parseConfig({ DASHBOARD_OWN_PREFIX: 'ops' })).toThrow(/DASHBOARD_OWN_PREFIX/);
  });

  it('needs the secret to run as a replica, unless read-only', () => {
    const url = 'http://10.0.0.11:3000';
    expect(() => parseConfig({ DASHBOARD_URL: url })).toThrow(/DASHBOARD_REPLICA_SECRET/);
    expect(parseConfig({ DASHBOARD_URL: url, DASHBOARD_READ_ONLY: 'true' }).replicaSecret).toBe(
      null,
    );
    expect(
      parseConfig({ DASHBOARD_URL: url, DASHBOARD_REPLICA_SECRET: SECRET }).replicaSecret,
    ).toBe(SECRET);
    expect(() => parseConfig({ DASHBOARD_URL: url, DASHBOARD_REPLICA_SECRET: 'short' })).toThrow(
      /DASHBOARD_REPLICA_SECRET is too short/,
    );
  });
});

describe('DASHBOARD_URL', () => {
  it('refuses a user name or password in it', () => {
    expect(() =>
      parseConfig({ DASHBOARD_URL: 'http://admin:pw@10.0.0.11:3000', DASHBOARD_READ_ONLY: 'true' }),
    ).toThrow(/DASHBOARD_URL must be .* with no user name or password/);
  });
});

describe('DASHBOARD_AUDIT_MAX_ENTRIES and DASHBOARD_AUDIT_MAX_BYTES', () => {
  it('keep a thousand entries and a mebibyte unless set', () => {
    expect(parseConfig({}).audit).toEqual({ maxEntries: 1000, maxBytes: 1024 * 1024 });
    expect(
      parseConfig({ DASHBOARD_AUDIT_MAX_ENTRIES: ' 50 ', DASHBOARD_AUDIT_MAX_BYTES: '65536' })
        .audit,
    ).toEqual({ maxEntries: 50, maxBytes: 65536 });
  });

  it('name themselves when wrong', () => {
    for (const bad of ['0', '9', '2.5', 'many', '100001'])
      expect(() => parseConfig({ DASHBOARD_AUDIT_MAX_ENTRIES: bad })).toThrow(
        `DASHBOARD_AUDIT_MAX_ENTRIES must be a whole number from 10 to 100000, not "${bad}"`,
      );
    for (const bad of ['1MiB', '16383', '-1', '67108865'])
      expect(() => parseConfig({ DASHBOARD_AUDIT_MAX_BYTES: bad })).toThrow(
        `DASHBOARD_AUDIT_MAX_BYTES must be a whole number from 16384 to 67108864, not "${bad}"`,
      );
  });
});
