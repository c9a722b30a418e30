import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

// The design card puts every entry outside electron-vite's default src/main|preload|renderer
// layout, so each entry is explicit. Main and preload build as CommonJS (no "type": "module"):
// a sandboxed preload must be CommonJS.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: {
        entry: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          cli: resolve(__dirname, 'electron/cli/index.ts'),
          'excel-worker': resolve(__dirname, 'electron/core/excel/worker.ts'),
          bench: resolve(__dirname, 'electron/bench/import-bench.ts'),
          'bench-list': resolve(__dirname, 'electron/bench/list-bench.ts'),
          'bench-hostile': resolve(__dirname, 'electron/bench/hostile-bench.ts'),
          'bench-chemicals': resolve(__dirname, 'electron/bench/chemical-bench.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: { index: resolve(__dirname, 'electron/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src'),
    base: './',
    plugins: [vue()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 2000,
      rollupOptions: { input: { index: resolve(__dirname, 'src/index.html') } },
    },
  },
})
