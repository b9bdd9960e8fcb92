import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { precompress } from './precompress.ts';

// In `pnpm dev` the API and the sync socket are served by the Node server next to Vite.
const serverUrl = `http://127.0.0.1:${process.env.PORT ?? 8787}`;

export default defineConfig({
  plugins: [react(), precompress()],
  server: {
    port: 5173,
    proxy: {
      '/api': serverUrl,
      '/healthz': serverUrl,
      '/sync': { target: serverUrl.replace('http', 'ws'), ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // tldraw fetches its translations and icons by URL; inlined as data: URLs they would need
    // a looser Content-Security-Policy (connect-src data:). Every asset stays a file on our origin.
    assetsInlineLimit: 0,
    // One tldraw app is ~2 MB of script; there is nothing to split off that the board doesn't need.
    chunkSizeWarningLimit: 2600,
    rolldownOptions: {
      // The board client, and the render page the server's headless Chromium opens to make a
      // snapshot's images (src/render). They share their tldraw chunk.
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        render: fileURLToPath(new URL('render.html', import.meta.url)),
      },
    },
  },
  define: {
    // Build-time fallback for the tldraw license key; the server's meta tag wins (board/license.ts).
    'import.meta.env.VITE_TLDRAW_LICENSE_KEY': JSON.stringify(process.env.TLDRAW_LICENSE_KEY ?? ''),
  },
});
