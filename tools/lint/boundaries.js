// @ts-check
/**
 * Local ESLint plugin: `candlewire/import-boundaries`, the import rules of the house.
 *
 * 1. Production code never imports test code. Test code is `*.test.*` / `*.spec.*` and anything
 *    under a `test/` or `e2e/` folder; benchmarks (`bench/`) are tooling, not production: they may
 *    import production code and test helpers (fakes, a test server), and production never imports them.
 * 2. `packages/` never imports `apps/` (relative paths or `@candlewire/<app>`).
 * 3. The BFF's rooms import downward only (apps/bff/README.md): each room of `apps/bff/src` may
 *    import only the rooms listed in ROOMS, plus the shared `config/` and `metrics/`. The
 *    sources' contract (`sources/types.ts`) is importable where ROOMS says `sources-contract`;
 *    concrete sources (sim, venues, router, replay) only from the composition root
 *    (`src/*.ts`: server, main, select-source, app-type) and from `sources/` itself.
 * Tests may import any room: they wire real pieces together.
 *
 * Options: `{ allow: [{ from, to, reason }] }`: exceptions by repo-relative path prefix (no
 * extension), each with its reason; for known violations that another change removes.
 */
import path from 'node:path';

/** What each production room of apps/bff/src may import, besides itself, config/ and metrics/. */
const ROOMS = {
  config: [],
  metrics: [],
  broker: [],
  auth: [],
  middleware: ['auth'],
  cluster: ['broker'],
  sources: [],
  scheduler: ['broker', 'pipeline', 'sources-contract'],
  interest: ['broker', 'sources-contract'],
  pipeline: ['broker', 'sources-contract'],
  pulse: ['broker', 'pipeline', 'sources-contract'],
  gateway: ['auth', 'broker'],
  rest: ['broker', 'cluster', 'pipeline', 'pulse', 'sources-contract'],
};
const SHARED_ROOMS = ['config', 'metrics'];
const BFF_SRC = 'apps/bff/src/';

/** Workspace package name → its folder. */
const WORKSPACES = {
  '@candlewire/protocol': 'packages/protocol',
  '@candlewire/market': 'packages/market',
  '@candlewire/client': 'packages/client',
  '@candlewire/bff': 'apps/bff',
  '@candlewire/web': 'apps/web',
};

const TEST_FILE = /\.(test|spec)(\.[cm]?[jt]sx?)?$/; // specifiers come without the extension
const stripExt = (p) => p.replace(/\.[cm]?[jt]sx?$/, '');

/** Is `rel` (repo-relative, posix) test code, tooling (bench), or production? */
function kindOf(rel) {
  const parts = rel.split('/');
  if (TEST_FILE.test(rel) || parts.includes('test') || parts.includes('e2e')) return 'test';
  if (parts.includes('bench')) return 'bench';
  if (/^(apps|packages)\/[^/]+\/src\//.test(rel)) return 'production';
  return 'other';
}

/** The BFF room of a repo-relative path under apps/bff/src ('root' for src/*.ts), or null. */
function roomOf(rel) {
  if (!rel.startsWith(BFF_SRC)) return null;
  const rest = stripExt(rel.slice(BFF_SRC.length));
  // NOTE: `../pipeline` is the room's index, not a root file.
  if (!rest.includes('/')) return Object.hasOwn(ROOMS, rest) ? rest : 'root';
  if (rest === 'sources/types') return 'sources-contract';
  return rest.split('/')[0] ?? null;
}

/** Repo-relative posix path an import specifier points at, or null for third-party modules. */
function resolveSpecifier(spec, fromRel) {
  if (spec.startsWith('.')) return path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), spec));
  for (const [name, dir] of Object.entries(WORKSPACES)) {
    if (spec === name) return `${dir}/src/index`;
    if (spec.startsWith(`${name}/`)) return `${dir}/${spec.slice(name.length + 1)}`;
  }
  return null;
}

/** Why `fromRel` must not import `toRel`, or null when it may. */
function violation(fromRel, toRel) {
  const from = kindOf(fromRel);
  const to = kindOf(toRel);
  if (fromRel.startsWith('packages/') && toRel.startsWith('apps/')) return 'packages/ never imports apps/';
  if (from === 'production' && (to === 'test' || to === 'bench'))
    return `production code never imports ${to === 'test' ? 'test code' : 'benchmarks'}`;
  if (from !== 'production') return null;
  const a = roomOf(fromRel);
  const b = roomOf(toRel);
  if (a === null || b === null || a === 'root' || a === b) return null;
  const own = a === 'sources-contract' ? 'sources' : a;
  if (own === b || (own === 'sources' && b === 'sources-contract') || SHARED_ROOMS.includes(b)) return null;
  const allowed = ROOMS[/** @type {keyof typeof ROOMS} */ (own)] ?? [];
  if (allowed.includes(b)) return null;
  if (b === 'sources' && allowed.includes('sources-contract'))
    return `${own}/ may import only the sources' contract (sources/types), not a concrete source`;
  return `${own}/ must not import ${b === 'root' ? 'the composition root' : `${b === 'sources-contract' ? 'sources' : b}/`} (rooms import downward only: apps/bff/README.md)`;
}

/** @type {import('eslint').Rule.RuleModule} */
const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Production never imports test code; packages/ never imports apps/; BFF rooms import downward only' },
    schema: [
      {
        type: 'object',
        properties: {
          allow: {
            type: 'array',
            items: {
              type: 'object',
              properties: { from: { type: 'string' }, to: { type: 'string' }, reason: { type: 'string' } },
              required: ['from', 'to', 'reason'],
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    ],
    messages: { boundary: "'{{spec}}': {{why}}." },
  },
  create(context) {
    const rel = path.relative(context.cwd, context.filename).split(path.sep).join('/');
    const allow = /** @type {{ allow?: { from: string, to: string }[] }} */ (context.options[0] ?? {}).allow ?? [];
    /** @param {any} node the string literal of the specifier */
    const check = (node) => {
      if (node?.type !== 'Literal' || typeof node.value !== 'string') return;
      const target = resolveSpecifier(node.value, rel);
      if (target === null) return;
      const why = violation(rel, target);
      if (why === null) return;
      const to = stripExt(target);
      if (allow.some((a) => stripExt(rel).startsWith(stripExt(a.from)) && to.startsWith(stripExt(a.to)))) return;
      context.report({ node, messageId: 'boundary', data: { spec: node.value, why } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      /** @param {any} node */
      TSImportEqualsDeclaration: (node) => check(node.moduleReference?.expression),
      /** @param {any} node */
      TSImportType: (node) => check(node.argument?.literal ?? node.source),
    };
  },
};

/** The plugin: `plugins: { candlewire }`, rule `candlewire/import-boundaries`. */
export default { meta: { name: 'candlewire' }, rules: { 'import-boundaries': importBoundaries } };
