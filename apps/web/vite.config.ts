/** Vite config of the web app: `npm run dev -w @candlewire/web` / `npm run build -w @candlewire/web`. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** Where `npm run dev` (the BFF) listens; override with BFF_URL. */
const bff = process.env.BFF_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
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
