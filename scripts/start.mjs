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

const packageSrcs = existsSync(at('packages')) ? readdirSync(at('packages')).map((name) => at('packages', name, 'src')) : [];

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
// NOTE: the IPC channel is the BFF's lifeline: when this wrapper dies, however (even SIGKILL),
// the channel closes and the BFF shuts down by itself (1012 to every client).
const nodeFlags = JSON.parse(readFileSync(at('apps/bff/node-flags.json'), 'utf8'));
const child = spawn(process.execPath, [...nodeFlags, bffOut, ...process.argv.slice(2)], {
  cwd: root,
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  detached: process.platform !== 'win32',
});
const running = () => child.exitCode === null && child.signalCode === null;

// NOTE: one stop request is forwarded, whatever arrives: the terminal and npm may both deliver
// the same keypress, and a container stop signals every process at once. The BFF ignores repeats
// and exits within 10 s by itself.
let forwarded = false;
const forward = (signal) => {
  if (forwarded || !running()) return;
  forwarded = true;
  child.kill(signal);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => forward(signal));

// NOTE: `npm start` runs us under `sh -c`: a SIGTERM to npm ends npm and sh but not us, a
// SIGKILL to npm ends npm alone. So we watch our parent and, under `sh -c`, its parent too: when
// one is gone, whoever started us is gone, and we stop the BFF and follow it out. (Linux /proc;
// elsewhere only the parent is watched.)
const procStat = (pid) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], ppid: Number(fields[1]) };
  } catch {
    return null;
  }
};
const underShell = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[1] === '-c';
  } catch {
    return false;
  }
};
const parent = process.ppid;
const grandparent = underShell(parent) ? (procStat(parent)?.ppid ?? null) : null;
const gone = (pid) => {
  const stat = procStat(pid);
  return stat === null || stat.state === 'Z';
};
setInterval(() => {
  if (process.ppid !== parent || (grandparent !== null && grandparent > 1 && gone(grandparent))) forward('SIGTERM');
}, 250).unref();

// If this wrapper dies of an error, don't leave the server behind.
process.on('exit', () => {
  if (running()) child.kill('SIGTERM');
});

child.on('error', (err) => {
  console.error(`[start] could not start the BFF: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
});
