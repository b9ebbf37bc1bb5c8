/**
 * Loading a user's hypercall file (TypeScript or JavaScript): its exported
 * extensions (defineExtension) and handlers (defineHandler/defineHandlers).
 * TypeScript goes through tsx's ESM API. The file's own
 * `import ... from '@pvlab/hypercall-abi'` is pointed at this very package,
 * so the file works from any directory, not only inside the workspace.
 */
import { existsSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { badHandler, isHypercallAbiError, loadFailed, nothingExported } from '../errors.js';
import { isExtension, type Extension } from '../schema/extension.js';
import { flattenHandlers, isHandler, isHandlerSet, type Handler, type HandlerSet } from '../dispatch/handler.js';
import { checkExtensions, type HypercallSource } from '../dispatch/registry.js';

/** A loaded custom hypercall file. */
export interface LoadedHypercalls extends HypercallSource {
  readonly file: string;
  readonly extensions: readonly Extension[];
  readonly handlers: readonly Handler[];
}

const PACKAGE = '@pvlab/hypercall-abi';

// The file may be loaded as ES module or, in a directory without
// "type": "module", as CommonJS (tsx compiles it so): a resolve hook in
// Node's loader thread (module.register) serves the first, a wrapper of
// Module._resolveFilename the second. Both only answer this package's name.
const HOOK = `let target;
export function initialize(data) { target = data.target; }
export async function resolve(specifier, context, next) {
  if (specifier === ${JSON.stringify(PACKAGE)}) return { url: target, shortCircuit: true };
  return next(specifier, context);
}`;
let hooked = false;

interface CjsModule {
  _resolveFilename(request: string, ...rest: unknown[]): string;
}

function hookPackage(): void {
  if (hooked) return;
  hooked = true;
  const target = import.meta.resolve(PACKAGE);
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`, { data: { target } });
  const Module = createRequire(import.meta.url)('node:module') as CjsModule;
  const resolveFilename = Module._resolveFilename;
  const path = fileURLToPath(target);
  Module._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
    return request === PACKAGE ? path : resolveFilename.call(this, request, ...rest);
  };
}

const TS = /\.(ts|mts|cts)$/;

/** esbuild's "file:line:col: ERROR: message" becomes GNU style; other errors their first line. */
function loadMessage(e: unknown, display: string): string {
  const text = e instanceof Error ? e.message : String(e);
  const m = /:(\d+):(\d+): ERROR: (.*)/.exec(text);
  if (m) return `${display}:${m[1]}:${m[2]}: error: ${m[3]}`;
  return `${display}: cannot load: ${text.split('\n').find((l) => l.trim() !== '') ?? text}`;
}

/**
 * Load the extensions and handlers a file exports, and check them against the
 * built-in catalogue (id ranges, conflicts, duplicate names). Every error is
 * a HypercallAbiError whose message starts with the file's name.
 */
export async function loadExtensions(path: string, options: { readonly cwd?: string } = {}): Promise<LoadedHypercalls> {
  const cwd = options.cwd ?? process.cwd();
  const abs = resolve(cwd, path);
  const display = relative(cwd, abs).startsWith('..') ? abs : relative(cwd, abs) || path;
  if (!existsSync(abs)) throw loadFailed('no such file', display);
  hookPackage();
  let mod: Record<string, unknown>;
  try {
    const url = pathToFileURL(abs).href;
    if (TS.test(abs)) {
      const { tsImport } = await import('tsx/esm/api');
      mod = (await tsImport(url, import.meta.url)) as Record<string, unknown>;
    } else mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    if (isHypercallAbiError(e)) throw loadFailed(e.message, display);
    const err = loadFailed('', display);
    err.message = loadMessage(e, display);
    throw err;
  }
  const extensions: Extension[] = [];
  const items: (Handler | HandlerSet)[] = [];
  const visit = (v: unknown) => {
    if (isExtension(v)) {
      if (!extensions.includes(v)) extensions.push(v);
    } else if (isHandler(v) || isHandlerSet(v)) items.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
  };
  for (const v of Object.values(mod)) visit(v);
  if (extensions.length === 0) throw nothingExported(display);
  checkExtensions([{ file: display, extensions }]);
  const handlers = [...new Set(flattenHandlers(items))];
  for (const h of handlers) {
    const own = extensions.some((e) => e.eid === h.call.eid && e.list.some((c) => c.name === h.call.name && c.fid === h.call.fid));
    if (!own) throw badHandler(`handler for '${h.call.name}' is not for a call of this file's extensions (${extensions.map((e) => e.name).join(', ')})`, display);
  }
  return { file: display, extensions, handlers };
}
