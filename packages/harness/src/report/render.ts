/**
 * Renders Vega-Lite specs to SVG with `vega-lite` and `vega` (headless, no canvas). Both are
 * ES modules with top-level await, so they are loaded with a real dynamic `import()` that the
 * CommonJS build does not rewrite into `require()`.
 *
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { VegaLiteSpec } from './plot-specs';

/** The parts of `vega-lite` used here. */
interface VegaLiteModule {
  compile(spec: VegaLiteSpec): { spec: object };
}

/** The parts of `vega` used here. */
interface VegaModule {
  parse(spec: object): object;
  View: new (
    runtime: object,
    options: { renderer: string },
  ) => {
    toSVG(): Promise<string>;
    finalize(): void;
  };
}

// A dynamic import kept as is: TypeScript (module commonjs) would turn `import()` into
// `require()`, which cannot load ES modules with top-level await.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importEsm = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<unknown>;

/** Loads an ES module by package name, resolved from this file. */
async function load<T>(name: string): Promise<T> {
  const path = createRequire(__filename).resolve(name);
  return (await importEsm(pathToFileURL(path).href)) as T;
}

let modules: Promise<[VegaLiteModule, VegaModule]> | undefined;

/**
 * Compiles a Vega-Lite spec and renders it to an SVG document.
 *
 * @param spec - a Vega-Lite spec, e.g. from `learningCurveSpec`.
 * @returns the SVG text.
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  modules ??= Promise.all([load<VegaLiteModule>('vega-lite'), load<VegaModule>('vega')]).catch(
    (error: unknown) => {
      modules = undefined; // let a later call retry
      throw error;
    },
  );
  const [vegaLite, vega] = await modules;
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
