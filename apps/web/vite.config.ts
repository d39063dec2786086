/** Vite config of the web app: `npm run dev -w @candlewire/web` / `npm run build -w @candlewire/web`. */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where `npm run dev` (the BFF) listens; override with BFF_URL. */
const bff = process.env.BFF_URL ?? 'http://127.0.0.1:8080';

const PROTOCOL_SRC = /[\\/]packages[\\/]protocol[\\/]src[\\/]/;

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      treeshake: {
        // NOTE: the protocol package is pure (types, tables, functions). Saying so lets the bundler
        // drop its zod schemas, which the SDK's barrel import would otherwise drag in (~60 KB gzip).
        moduleSideEffects: (id) => (PROTOCOL_SRC.test(id) ? false : undefined),
      },
    },
  },
  server: {
    proxy: {
      '/ws': { target: bff, ws: true },
      '/api': bff,
      '/healthz': bff,
      '/readyz': bff,
      '/metrics': bff,
    },
  },
});
