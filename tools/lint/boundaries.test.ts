/**
 * The import-boundary and file-name rules, through ESLint's Node API with the repository's own
 * eslint.config.js (its house rules) on in-memory files: a deliberately wrong import fails, the allowed ones pass.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('lint: import boundaries and file names', () => {
  let eslint: ESLint;
  beforeAll(() => {
    // NOTE: the real config, minus type-aware parsing (in-memory files are in no tsconfig) and
    // so minus the typed rules: only the rules under test run.
    eslint = new ESLint({
      cwd: ROOT,
      overrideConfig: { files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false } } },
      ruleFilter: ({ ruleId }) => ruleId.startsWith('candlewire/') || ruleId.startsWith('check-file/'),
    });
  });

  /** The rule ids and messages ESLint reports for `code` at repo-relative `file`. */
  async function lint(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: `${ROOT}${file}` });
    return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
  }

  it('production code never imports test code (a test helper, a fake venue, a spec)', async () => {
    expect(await lint('apps/bff/src/sources/sim/wrong-import.ts', "export { startTestServer } from '../../../test/server';\n")).toEqual([
      "candlewire/import-boundaries: '../../../test/server': production code never imports test code.",
    ]);
    expect(
      await lint(
        'apps/bff/src/pipeline/wrong-import.ts',
        "import { startFakeBinance } from '../../test/fakes/fake-binance';\nexport const f = startFakeBinance;\n",
      ),
    ).toEqual(["candlewire/import-boundaries: '../../test/fakes/fake-binance': production code never imports test code."]);
    expect(await lint('apps/web/src/lib/wrong-import.ts', "export * from '../chart/history-sync.test';\n")).toEqual([
      "candlewire/import-boundaries: '../chart/history-sync.test': production code never imports test code.",
    ]);
    expect(await lint('apps/bff/src/gateway/wrong-import.ts', "export const load = () => import('../../bench/run');\n")).toEqual([
      "candlewire/import-boundaries: '../../bench/run': production code never imports benchmarks.",
    ]);
  });

  it('packages/ never imports apps/, by path or by package name, tests included', async () => {
    expect(await lint('packages/market/src/wrong-import.ts', "export type { AppType } from '@candlewire/bff';\n")).toEqual([
      "candlewire/import-boundaries: '@candlewire/bff': packages/ never imports apps/.",
    ]);
    expect(
      await lint('packages/client/test/wrong-import.ts', "export { startTestServer } from '../../../apps/bff/test/server';\n"),
    ).toEqual(["candlewire/import-boundaries: '../../../apps/bff/test/server': packages/ never imports apps/."]);
  });

  it('BFF rooms import downward only', async () => {
    expect(await lint('apps/bff/src/sources/yahoo/wrong-import.ts', "export { createGateway } from '../../gateway';\n")).toEqual([
      "candlewire/import-boundaries: '../../gateway': sources/ must not import gateway/ (rooms import downward only: apps/bff/README.md).",
    ]);
    expect(await lint('apps/bff/src/gateway/wrong-import.ts', "export type { MarketSource } from '../sources/types';\n")).toEqual([
      "candlewire/import-boundaries: '../sources/types': gateway/ must not import sources/ (rooms import downward only: apps/bff/README.md).",
    ]);
    expect(await lint('apps/bff/src/pipeline/wrong-import.ts', "export { createRest } from '../rest';\n")).toEqual([
      "candlewire/import-boundaries: '../rest': pipeline/ must not import rest/ (rooms import downward only: apps/bff/README.md).",
    ]);
    expect(await lint('apps/bff/src/rest/wrong-import.ts', "export { createSimSource } from '../sources/sim';\n")).toEqual([
      "candlewire/import-boundaries: '../sources/sim': rest/ may import only the sources' contract (sources/types), not a concrete source.",
    ]);
    expect(await lint('apps/bff/src/broker/wrong-import.ts', "export { startServer } from '../server';\n")).toEqual([
      "candlewire/import-boundaries: '../server': broker/ must not import the composition root (rooms import downward only: apps/bff/README.md).",
    ]);
  });

  it('lets the allowed imports through', async () => {
    expect(
      await lint(
        'apps/bff/src/pipeline/right-import.ts',
        "export type { MarketSource } from '../sources/types';\nexport type { Broker } from '../broker/types';\n",
      ),
    ).toEqual([]);
    expect(await lint('apps/bff/src/sources/sim/right-import.ts', "export { loadConfig } from '../../config';\n")).toEqual([]);
    expect(await lint('apps/bff/src/right-import.ts', "export { createSimSource } from './sources/sim';\n")).toEqual([]);
    expect(
      await lint(
        'apps/bff/src/gateway/right-import.test.ts',
        "export { startTestServer } from '../../test/server';\nexport { createSimSource } from '../sources/sim';\n",
      ),
    ).toEqual([]);
    expect(await lint('apps/bff/bench/right-import.ts', "export { startFakeBinance } from '../test/fakes/fake-binance';\n")).toEqual([]);
    expect(await lint('apps/web/src/lib/right-import.ts', "export type { AppType } from '@candlewire/bff';\n")).toEqual([]);
  });

  it('file and folder names are kebab-case', async () => {
    expect(await lint('apps/bff/src/pipeline/symbolHealth.ts', 'export const a = 1;\n')).toEqual([
      expect.stringMatching(/^check-file\/filename-naming-convention: .*symbolHealth.*KEBAB_CASE/),
    ]);
    expect(await lint('apps/bff/src/Venue_Kit/socket.ts', 'export const a = 1;\n')).toEqual([
      expect.stringMatching(/^check-file\/folder-naming-convention: .*Venue_Kit.*KEBAB_CASE/),
    ]);
    expect(await lint('apps/bff/src/pipeline/symbol-health.test.ts', 'export const a = 1;\n')).toEqual([]);
  });
});
