/** Version of the `@hyperprompt/*` packages, written into bundles and result files. */
export const LIBRARY_VERSION = '0.1.0';
