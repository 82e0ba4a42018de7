// The worker threads' TypeScript, transpiled once per content and kept on disk: a thread that finds
// its modules here never loads the TypeScript compiler, which on a busy machine took seconds and
// let the tests' short leases run out before the first read. ./warm.mjs fills it before any test.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = path.join(root, 'node_modules/.cache/lease-dashboard-worker-ts');

let ts = null;

/** `file`'s TypeScript as JavaScript, from the cache when its content was transpiled before. */
export async function transpiled(file) {
  const source = readFileSync(file, 'utf8');
  const cached = path.join(
    CACHE,
    `${createHash('sha1').update(file).update(source).digest('hex')}.js`,
  );
  if (existsSync(cached)) return readFileSync(cached, 'utf8');
  ts ??= (await import('typescript')).default;
  const { outputText } = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      jsx: ts.JsxEmit.ReactJSX,
      isolatedModules: true,
      sourceMap: false,
      inlineSourceMap: true,
    },
  });
  mkdirSync(CACHE, { recursive: true });
  // Written whole and then renamed, so a thread reading at the same time never sees half of it.
  const partial = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(partial, outputText);
  renameSync(partial, cached);
  return outputText;
}
