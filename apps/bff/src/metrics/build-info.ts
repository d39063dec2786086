/** Labels of `candlewire_build_info`. */
export interface BuildInfo {
  version: string;
  commit: string;
  node: string;
}

/**
 * What is running: the bundle's version and commit (esbuild defines them in `build.mjs`; a
 * Docker build passes the commit as `BUILD_COMMIT`), `dev` when run from source.
 */
export function buildInfo(): BuildInfo {
  return {
    version: process.env['CANDLEWIRE_BUILD_VERSION'] ?? 'dev',
    commit: process.env['CANDLEWIRE_BUILD_COMMIT'] ?? 'dev',
    node: process.versions.node,
  };
}
