// Node module hooks for the test's worker threads (./register.mjs): the project's TypeScript
// transpiled as Next would, its `@/` paths and extensionless imports resolved as tsconfig.json
// says, its JSON imported, and `server-only` stubbed as vitest.config.mts stubs it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transpiled } from './transpile.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const STUBS = { 'server-only': path.join(root, 'test/server-only-stub.ts') };
const TRIED = ['', '.ts', '.tsx', '/index.ts'];

const ours = (url) => url?.startsWith('file:') && !url.includes('/node_modules/');
const isFile = (file) => existsSync(file) && statSync(file).isFile();

export async function resolve(specifier, context, next) {
  if (Object.hasOwn(STUBS, specifier))
    return { url: pathToFileURL(STUBS[specifier]).href, shortCircuit: true };
  let base = null;
  if (specifier.startsWith('@/')) base = path.join(root, specifier.slice(2));
  else if (/^\.\.?\//.test(specifier) && ours(context.parentURL))
    base = path.resolve(path.dirname(fileURLToPath(context.parentURL)), specifier);
  const file = base && TRIED.map((end) => base + end).find(isFile);
  if (file) return { url: pathToFileURL(file).href, shortCircuit: true };
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!ours(url)) return next(url, context);
  if (url.endsWith('.ts') || url.endsWith('.tsx')) {
    const source = await transpiled(fileURLToPath(url));
    return { format: 'module', source, shortCircuit: true };
  }
  if (url.endsWith('.json'))
    return {
      format: 'module',
      source: `export default ${readFileSync(new URL(url), 'utf8')};`,
      shortCircuit: true,
    };
  return next(url, context);
}
