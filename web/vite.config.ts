/**
 * The chat UI bundle: `vite build web` writes web/dist, which the server serves at `/`.
 * In development (`npx vite web`) API calls are proxied to the server on its default port.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Citations and the source panel are the product; no need for legacy targets.
    target: 'es2022',
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: { '/api': 'http://localhost:8787' },
  },
});
