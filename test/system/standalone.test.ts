import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import { startStandalone, type DashboardProcess } from './dashboard-process';
import { leasesOfEachTest } from './leases';

// The standalone build deployed as the README's "In production" says: .next/standalone copied to a
// folder of its own with .next/static (and public/, if any) beside its server.js, and `node
// server.js` started from yet another folder. A lease another client granted shows in /api/leases
// as alive with its TTL, which only the sampler's reader can have said: its worker thread was
// found from the build's own files, not from the working directory or the checkout.

const leases = leasesOfEachTest();
let dir = '';
let server: DashboardProcess | undefined;
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Symbolic links under `root` that point outside it: a copy to another machine would lose them. */
function linksLeaving(root: string): string[] {
  const leaving: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (lstatSync(file).isSymbolicLink()) {
        const target = path.resolve(folder, readlinkSync(file));
        if (!target.startsWith(root + path.sep)) leaving.push(`${file} -> ${target}`);
      }
    }
  };
  walk(root);
  return leaving;
}

type Listed = { leases: { id: string; status: string; grantedTTL?: number }[] };

it('runs from a copy of .next/standalone, started elsewhere: the reader lists and reads', async () => {
  if (!existsSync('.next/standalone/server.js'))
    throw new Error('no standalone build in .next: run `npx next build` before the system tests');
  dir = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-standalone-'));
  const app = path.join(dir, 'lease-dashboard');
  cpSync('.next/standalone', app, { recursive: true, verbatimSymlinks: true });
  cpSync('.next/static', path.join(app, '.next/static'), { recursive: true });
  if (existsSync('public')) cpSync('public', path.join(app, 'public'), { recursive: true });
  expect(linksLeaving(app)).toEqual([]);
  const elsewhere = path.join(dir, 'elsewhere');
  mkdirSync(elsewhere);

  server = await startStandalone(
    'standalone',
    path.join(app, 'server.js'),
    elsewhere,
    { ETCD_ENDPOINTS: inject('etcdEndpoint') },
    dir,
  );
  const { url } = server;
  // No key on it: only LeaseLeases lists it, and only TimeToLive tells its TTL.
  const id = await leases.grant(120);
  await expect
    .poll(
      async () => {
        const listed = (await (await fetch(`${url}/api/leases?id=${id}`)).json()) as Listed;
        return listed.leases.find((lease) => lease.id === id);
      },
      { timeout: 15_000 },
    )
    .toMatchObject({ id, status: 'alive', grantedTTL: 120 });

  // The page's own scripts come from the static files copied beside it.
  const page = await (await fetch(url)).text();
  const script = /\/_next\/static\/[^"']+\.js/.exec(page)?.[0];
  expect(script).toBeDefined();
  expect((await fetch(`${url}${script}`)).status).toBe(200);
  // Room for the copy and the server's own start-up wait, so a server that never answers reports
  // its log's end rather than the test's timeout.
}, 120_000);
