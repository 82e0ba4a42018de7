import { rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Where one test's dashboards write their logs: test-results/replicas/<test name>, emptied first,
 * because the logs are appended to (a restart keeps its process's earlier lines) and a test may
 * read its own back.
 */
export function logsOf(testName: string): string {
  const slug = testName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 100);
  const dir = path.join('test-results', 'replicas', slug);
  rmSync(dir, { recursive: true, force: true });
  return dir;
}
