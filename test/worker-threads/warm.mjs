// Vitest global setup for the projects whose code starts the reader's worker thread: every
// TypeScript file of lib/ transpiled into ./transpile.mjs's cache before the first test runs.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { root, transpiled } from './transpile.mjs';

function tsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

export default async function warm() {
  for (const file of [
    ...tsFiles(path.join(root, 'lib')),
    path.join(root, 'test/server-only-stub.ts'),
  ])
    await transpiled(file);
}
