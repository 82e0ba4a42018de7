import { describe, expect, it } from 'vitest';
import { ConfigError, displayEndpoints, parseEndpoints } from '@/lib/config';

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

describe('endpoints named in messages', () => {
  it('are the entries as typed when ETCD_ENDPOINTS does not parse', () => {
    process.env.ETCD_ENDPOINTS = 'etcd-1:2379, etcd-2:2379';
    expect(displayEndpoints()).toEqual(['etcd-1:2379', 'etcd-2:2379']);
  });
});
