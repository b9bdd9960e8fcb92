import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In `pnpm dev` the API and the sync socket are served by the Node server next to Vite.
const serverUrl = `http://127.0.0.1:${process.env.PORT ?? 8787}`;

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': serverUrl,
      '/healthz': serverUrl,
      '/sync': { target: serverUrl.replace('http', 'ws'), ws: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
});
