// Bundles the BFF: src/main.ts → dist/main.js (ESM, Node 20).
// Workspace packages (@candlewire/*, TypeScript source) are bundled in; npm dependencies stay
// external and are resolved from node_modules at run time.
// Works from any working directory: `node apps/bff/build.mjs` or `npm run build -w @candlewire/bff`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));

/** npm dependencies of a package.json, following @candlewire/* workspace packages (which get bundled). */
function npmDeps(manifest, seen = new Set()) {
  const names = Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies });
  const out = new Set();
  for (const name of names) {
    if (!name.startsWith('@candlewire/')) {
      out.add(name);
      continue;
    }
    if (seen.has(name)) continue;
    seen.add(name);
    const file = join(here, '../../node_modules', name, 'package.json');
    if (!existsSync(file)) continue;
    for (const dep of npmDeps(JSON.parse(readFileSync(file, 'utf8')), seen)) out.add(dep);
  }
  return out;
}
const deps = [...npmDeps(pkg)].sort();
// `pkg` and `pkg/sub/path` are both external.
const external = deps.flatMap((name) => [name, `${name}/*`]);

// BFF_ENTRY / BFF_OUTFILE (relative to the current directory) override the defaults, e.g. for probes.
const entry = process.env.BFF_ENTRY ? resolve(process.env.BFF_ENTRY) : join(here, 'src/main.ts');
const outfile = process.env.BFF_OUTFILE ? resolve(process.env.BFF_OUTFILE) : join(here, 'dist/main.js');

if (!existsSync(entry)) {
  console.error(`bff: entry ${entry} does not exist`);
  process.exit(1);
}

// NOTE: build_info labels: the package version and the commit (a Docker build has no .git and passes BUILD_COMMIT).
const commit =
  process.env.BUILD_COMMIT ||
  spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8' }).stdout?.trim() ||
  'unknown';

/** Options both bundles share: one Node ESM file with source maps, dependencies external. */
const common = {
  absWorkingDir: here,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

const started = performance.now();
const result = await build({
  ...common,
  entryPoints: [entry],
  outfile,
  // ESM has no `require`; CommonJS code inlined into the bundle may call it. esbuild renames a
  // top-level `require` of our own source (to require2), so this cannot clash. (No __dirname
  // shim: esbuild does not rename that one; source code uses import.meta.dirname instead.)
  banner: {
    js: "import { createRequire as __cwCreateRequire } from 'node:module'; const require = __cwCreateRequire(import.meta.url);",
  },
  define: {
    'process.env.CANDLEWIRE_BUILD_VERSION': JSON.stringify(pkg.version),
    'process.env.CANDLEWIRE_BUILD_COMMIT': JSON.stringify(commit),
  },
}).catch(() => {
  // esbuild has already printed the errors.
  console.error('bff: build failed');
  process.exit(1);
});

// The simulation's history worker (sources/sim/history-thread.ts loads it from beside main.js).
const worker = process.env.BFF_ENTRY
  ? null
  : await build({
      ...common,
      entryPoints: [join(here, 'src/sources/sim/history-worker.ts')],
      outfile: join(dirname(outfile), 'sim-history-worker.js'),
    }).catch(() => {
      console.error('bff: build of the history worker failed');
      process.exit(1);
    });
if (worker) Object.assign(result.metafile.outputs, worker.metafile.outputs);

const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(
  `bff: built ${relative(process.cwd(), outfile) || outfile} (${(bytes / 1024).toFixed(1)} KiB incl. map) ` +
    `in ${Math.round(performance.now() - started)} ms; external: ${deps.join(', ')}`,
);
