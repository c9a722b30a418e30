// `npm test`: the one command CI runs. Type checks, lint, unit/component tests, build, the e2e
// suite in Debian's Chromium, and the fault suite (processes killed at random moments, a full disk,
// a read-only folder, two writers, hostile files; FAULT_TRIALS sets the kills per kind, 30 by
// default); ends with one plain line "N passed, N failed".
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const bin = (name) => path.join(root, 'node_modules', '.bin', name)
let passed = 0
let failed = 0
const failures = []

function step(title, cmd, args, opts = {}) {
  console.log(`\n▶ ${title}`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...opts.env } })
  return r.status === 0
}

function vitest(title, args) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-vitest-')), 'report.json')
  const ok = step(title, bin('vitest'), [
    'run',
    ...args,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ])
  if (fs.existsSync(out)) {
    const report = JSON.parse(fs.readFileSync(out, 'utf8'))
    passed += report.numPassedTests
    failed += report.numFailedTests
    if (!ok && report.numFailedTests === 0) {
      failed += 1
      failures.push(`${title} (suite error)`)
    }
    if (report.numFailedTests > 0) failures.push(`${title}: ${report.numFailedTests} failed`)
  } else if (!ok) {
    failed += 1
    failures.push(`${title} (no report)`)
  }
}

function gate(title, cmd, args) {
  if (step(title, cmd, args)) passed += 1
  else {
    failed += 1
    failures.push(title)
  }
}

// The Node build of better-sqlite3 must load here (Electron's build lives apart in .native/).
gate('better-sqlite3 loads in Node', process.execPath, [path.join(root, 'scripts', 'ensure-node-native.mjs')])
gate('type check (Node code, tsc)', bin('tsc'), ['-p', 'tsconfig.node.json'])
gate('type check (e2e specs, tsc)', bin('tsc'), ['-p', 'tsconfig.e2e.json'])
gate('type check (renderer, vue-tsc)', bin('vue-tsc'), ['-p', 'tsconfig.web.json'])
gate('lint (eslint)', bin('eslint'), ['.'])
gate('format (prettier --check)', bin('prettier'), ['--check', '.'])
vitest('unit and component tests', [])
const built = step('build (electron-vite)', bin('electron-vite'), ['build'])
if (built) passed += 1
else {
  failed += 1
  failures.push('build')
}
if (built && !process.argv.includes('--no-e2e'))
  vitest('end-to-end tests (Chromium)', ['-c', 'vitest.e2e.config.mts'])
if (built && !process.argv.includes('--no-faults'))
  vitest('fault injection and hostile files', ['-c', 'vitest.faults.config.mts'])

console.log('')
if (failures.length) console.log(`失败 / failed: ${failures.join('; ')}`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
