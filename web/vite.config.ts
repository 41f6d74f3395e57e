/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import tailwindcss from '@tailwindcss/vite'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

/**
 * automerge-repo's DocSynchronizer waits up to `syncDebounceRate` (100 ms) after the last sync before sending the
 * next change, and a remote change resets that clock too: with two people typing, a keystroke waited ~70 ms on the
 * client before it left (bench/collab, 2 clients, 150 ms apart: p50 72 ms; 16 ms here: p50 25 ms). The server
 * batches for big rooms (architecture §4), so the browser sends at most once a frame. The build fails if the
 * package's line changes, so an upgrade cannot drop this silently.
 */
function automergeSyncRate(ms: number): Plugin {
  const target = 'syncDebounceRate = 100;'
  return {
    name: 'automerge-sync-rate',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('automerge-repo/dist/synchronizer/DocSynchronizer.js')) return null
      if (!code.includes(target)) this.error(`automerge-repo's DocSynchronizer no longer has "${target}": check vite.config.ts`)
      return code.replace(target, `syncDebounceRate = ${ms};`)
    },
  }
}

const backend = 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [react(), tailwindcss(), automergeSyncRate(16)],
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
