import { defineConfig } from 'vitest/config'

// Fault injection and the hostile-file corpus (`npm run test:faults`, issue 10): child processes of
// the built CLI (out/main/cli.js) killed at random moments, a full disk, a read-only data folder,
// two writers at once, and hostile files through the browser mode. Needs `npx electron-vite build`
// first. Files run one at a time; the four kinds of kill run two at a time (describe.concurrent),
// each aiming half of its kills at the writing phase it sees in its own folder.
export default defineConfig({
  test: {
    include: ['tests/faults/**/*.faults.ts'],
    environment: 'node',
    testTimeout: 900_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    maxConcurrency: 2,
  },
})
