// Runs the end-to-end tests (or some of them: arguments go to `playwright test`) against a fresh
// etcd, with a free port for each dashboard playwright.config.ts starts. Expects a build.
//   node scripts/e2e.mjs [playwright test arguments]
import { spawn } from 'node:child_process';
import { CJK_FONT, ensureDebianFile } from './etcd.mjs';
import { bin, root } from './setup.mjs';

// The zh-CN pages need a font with Chinese characters, or Chromium draws boxes (in the screenshots
// too): Debian's WenQuanYi Micro Hei, installed when missing (as root; else the command is printed).
ensureDebianFile(CJK_FONT, 'fonts-wqy-microhei');

/** The dashboards' ports (and the offline one's etcd ports): playwright.config.ts needs them all. */
const PORT_VARIABLES = [
  'E2E_PORT',
  'E2E_OFFLINE_PORT',
  'E2E_OFFLINE_ETCD_PORT',
  'E2E_OFFLINE_ETCD_PEER_PORT',
  'E2E_READONLY_PORT',
  'E2E_GUARDED_PORT',
  'E2E_MISCONFIGURED_PORT',
];

const child = spawn(
  'node',
  [
    'scripts/with-etcd.mjs',
    ...PORT_VARIABLES.flatMap((v) => ['--free-port', v]),
    '--',
    bin('playwright'),
    'test',
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
