// `npm start`: build what is stale, then run the built BFF (which also serves the web app).
//   npm start -- --some-flag   → extra args are passed through to apps/bff/dist/main.js
// Plain Node ESM, no dependencies.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const at = (...parts) => join(root, ...parts);
const SKIP = new Set(['node_modules', 'dist', '.git']);

/** Newest mtime (ms) of the files under the given paths (files or folders); 0 if none exist. */
function newest(paths) {
  let max = 0;
  const visit = (path) => {
    let st;
    try {
      st = statSync(path);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const entry of readdirSync(path)) if (!SKIP.has(entry)) visit(join(path, entry));
    } else if (st.mtimeMs > max) {
      max = st.mtimeMs;
    }
  };
  paths.forEach(visit);
  return max;
}

/** True when `output` is missing or older than any input. */
function stale(output, inputs) {
  if (!existsSync(output)) return true;
  return statSync(output).mtimeMs < newest(inputs);
}

function run(label, command, args) {
  console.log(`[start] ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`[start] ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

const packageSrcs = existsSync(at('packages'))
  ? readdirSync(at('packages')).map((name) => at('packages', name, 'src'))
  : [];

const webOut = at('apps/web/dist/index.html');
const webInputs = [at('apps/web/src'), at('apps/web/index.html'), at('apps/web/vite.config.ts'), at('packages/protocol/src')];
if (stale(webOut, webInputs)) run('building the web app (apps/web/dist)', 'npm', ['run', 'build', '-w', '@candlewire/web']);

const bffOut = at('apps/bff/dist/main.js');
const bffInputs = [at('apps/bff/src'), at('apps/bff/build.mjs'), ...packageSrcs];
if (stale(bffOut, bffInputs)) run('building the BFF (apps/bff/dist)', process.execPath, [at('apps/bff/build.mjs')]);

// The BFF runs in its own process group, so a Ctrl-C in the terminal reaches it exactly once
// (forwarded from here) instead of once from the terminal, once from npm and once from us.
// NOTE: the BFF's Node flags live in apps/bff/node-flags.json (shared with the bench). A 2 MiB
// young generation keeps RSS flat under fan-out traffic (its garbage dies young) for ~10% CPU.
const nodeFlags = JSON.parse(readFileSync(at('apps/bff/node-flags.json'), 'utf8'));
const child = spawn(process.execPath, [...nodeFlags, bffOut, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  detached: process.platform !== 'win32',
});

const lastForward = new Map();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    // The terminal and npm may both deliver the same keypress; forward it once.
    const now = Date.now();
    if (now - (lastForward.get(signal) ?? 0) < 300) return;
    lastForward.set(signal, now);
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
// If this wrapper dies of an error, don't leave the server behind.
process.on('exit', () => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
});

child.on('error', (err) => {
  console.error(`[start] could not start the BFF: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
});
