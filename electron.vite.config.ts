import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { BUILT_ENTRY_NAMES } from './electron/backend/builtEntries';

// Explicit inputs for each of the three bundles. The preload is a single CommonJS file so the window can run with
// `sandbox: true` (sandboxed preloads cannot load ES modules or require local files).
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Every Node-side entry, so nothing runs TypeScript at run time: Electron's main, the `userstream` command
      // (bin/userstream.mjs loads it; plain Node, never imports electron), and what both start by path: the core's
      // worker thread and the embedded stack's process (electron/backend/builtEntries.ts names them for the hosts).
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          [BUILT_ENTRY_NAMES.cli]: resolve(__dirname, 'electron/cli/bin.ts'),
          [BUILT_ENTRY_NAMES.coreWorker]: resolve(__dirname, 'electron/backend/workerEntry.ts'),
          [BUILT_ENTRY_NAMES.devstack]: resolve(__dirname, 'electron/core/devstackProcess.ts'),
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
