import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Explicit inputs for each of the three bundles. The preload is a single CommonJS file so the window can run with
// `sandbox: true` (sandboxed preloads cannot load ES modules or require local files).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The core's worker thread is its own entry, loaded by path from the main bundle.
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          coreWorker: resolve(__dirname, 'electron/backend/workerEntry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require nothing but 'electron': bundle zod and the contract into the one file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
