import { defineConfig } from 'vitest/config'

// Fault injection and the hostile-file corpus (`npm run test:faults`, issue 10): child processes of
// the built CLI (out/main/cli.js) killed at random moments, a full disk, a read-only data folder,
// two writers at once, and hostile files through the browser mode. Needs `npx electron-vite build`
// first. Files run one at a time: they time their kills against the machine's speed.
export default defineConfig({
  test: {
    include: ['tests/faults/**/*.faults.ts'],
    environment: 'node',
    testTimeout: 900_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
})
