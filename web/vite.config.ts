/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import tailwindcss from '@tailwindcss/vite'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const backend = 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: {
      '/api': { target: backend },
      '/auth': { target: backend },
      '/collab': { target: backend, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // livekit-client alone is ~620 kB minified (164 kB gzipped), in its own lazy chunk; the budget that matters is
    // the dashboard's first load (350 kB gzipped), checked by hand with `npm run build`.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        // React changes rarely: keep it apart from the other libraries and from app code for caching. The vendor
        // chunk takes only the libraries the first page needs ('$initial'); those behind a dynamic import (the
        // Markdown renderer and its highlighter, the room's LiveKit) stay in the lazy chunks that import them.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 2 },
            // The call's libraries (livekit-client, components-react and what only they use) change on their own
            // schedule: their own chunk, loaded only with the room (features/room is behind React.lazy).
            { name: 'livekit', test: /node_modules[\\/](@livekit|livekit-client|webrtc-adapter|sdp|sdp-transform|machina|loglevel|typed-emitter|events|rxjs|usehooks-ts|jose|@bufbuild)[\\/]/, priority: 2 },
            { name: 'vendor', test: /node_modules[\\/]/, tags: ['$initial'], priority: 1 },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
})
