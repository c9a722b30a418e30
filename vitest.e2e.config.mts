import { defineConfig } from 'vitest/config'

// End-to-end specs: the built browser mode driven in Debian's Chromium (see tests/e2e/harness.ts).
// Needs `npx electron-vite build` first. Files run one at a time: each starts a server and a browser.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
})
