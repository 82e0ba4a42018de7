// Runs a command against a fresh etcd of its own: free loopback ports, a temporary data dir, removed
// afterwards. The command gets ETCD_ENDPOINTS; `--free-port NAME` also gives it a free port in $NAME.
//   node scripts/with-etcd.mjs [--free-port NAME ...] -- command args...
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startEtcd, stopChild } from './etcd.mjs';
import { root } from './setup.mjs';

async function main() {
  const argv = process.argv.slice(2);
  const split = argv.indexOf('--');
  if (split < 0 || split === argv.length - 1)
    throw new Error('usage: with-etcd.mjs [--free-port NAME ...] -- command args...');
  const options = argv.slice(0, split);
  const [command, ...args] = argv.slice(split + 1);

  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  for (let i = 0; i < options.length; i++) {
    if (options[i] !== '--free-port' || !options[i + 1])
      throw new Error(`unknown option ${options[i]}`);
    env[options[++i]] = String(await freePort());
  }

  const dir = mkdtempSync(path.join(tmpdir(), 'lease-dashboard-etcd-'));
  const etcd = await startEtcd({
    dataDir: path.join(dir, 'data'),
    logFile: path.join(dir, 'etcd.log'),
  });
  env.ETCD_ENDPOINTS = etcd.endpoint;
  env.ETCD_TEST_DIR = dir;
  // For tests that freeze etcd (SIGSTOP) to see how the dashboard reports it.
  env.ETCD_PID = String(etcd.pid);
  console.log(`etcd for this run: ${etcd.endpoint} (${dir})`);

  const child = spawn(command, args, { cwd: root, env, stdio: 'inherit', shell: false });
  const finish = async (code) => {
    await etcd.stop();
    rmSync(dir, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void stopChild(child));
  process.on('SIGTERM', () => void stopChild(child));
  child.on('exit', (code, signal) => void finish(code ?? (signal ? 1 : 0)));
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
