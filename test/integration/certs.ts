import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const openssl = (...args: string[]) => run('openssl', args);

/**
 * A throwaway CA with a server certificate for 127.0.0.1 and a client certificate, made with
 * openssl in `dir`, for an etcd that serves TLS and requires client certificates.
 */
export async function makeCertificates(dir: string, name = 'test') {
  const file = (f: string) => path.join(dir, `${name}-${f}`);
  await openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    `/CN=${name} test CA`,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
  );
  const issue = async (who: string, ext: string) => {
    writeFileSync(file(`${who}.ext`), ext);
    await openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${who}`,
      '-keyout',
      file(`${who}.key`),
      '-out',
      file(`${who}.csr`),
    );
    await openssl(
      'x509',
      '-req',
      '-in',
      file(`${who}.csr`),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      file(`${who}.ext`),
      '-out',
      file(`${who}.pem`),
    );
  };
  await issue(
    'server',
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n',
  );
  await issue('client', 'extendedKeyUsage=clientAuth\n');
  return {
    caFile: file('ca.pem'),
    server: { certFile: file('server.pem'), keyFile: file('server.key') },
    client: { certFile: file('client.pem'), keyFile: file('client.key') },
  };
}
