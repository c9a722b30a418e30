import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import rows from '../../resources/hazchem-catalog-2015.json'
import { createCore } from '../core'
import { ensureCatalog } from '../core/chemicals/catalog'

// `npm run bench:chemicals`: the 危险化学品目录 loaded into a fresh database at first start, and
// catalogue search as the clerk types (1–4 characters of a name, an alias, pinyin initials, the
// beginning of a CAS number) through the handler table. Each is printed with a ratio to a baseline
// measured in the same run on the same machine: the load against inserting the same rows into a
// plain table, the search against a handler call that does no work (an empty query). Targets:
// load < 1 s; search p95 < 30 ms.

function p(ms: number[], q: number): number {
  const s = [...ms].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number
}
const fmt = (n: number) => n.toFixed(2)

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-chem-'))
  const core = await createCore({ dataDir: dir })
  const { ctx } = core
  // createCore loaded the catalogue already: empty it and time the load alone, three times.
  const loads: number[] = []
  const bases: number[] = []
  ctx.db.exec('CREATE TABLE bench_plain (a INTEGER, b TEXT, c TEXT, d TEXT, e INTEGER, f TEXT, g TEXT)')
  const plain = ctx.db.prepare('INSERT INTO bench_plain VALUES (?, ?, ?, ?, ?, ?, ?)')
  for (let k = 0; k < 3; k++) {
    ctx.db.exec('DELETE FROM chem_catalog; DELETE FROM bench_plain')
    const a = performance.now()
    const n = ensureCatalog(ctx)
    loads.push(performance.now() - a)
    if (n !== rows.length) throw new Error(`loaded ${n} of ${rows.length} rows`)
    const b = performance.now()
    ctx.db.transaction(() => {
      for (const r of rows as unknown[][]) plain.run(...(r as (string | number)[]))
    })()
    bases.push(performance.now() - b)
  }
  const load = Math.min(...loads)
  const base = Math.min(...bases)
  console.log(
    `catalogue load: ${rows.length} rows in ${fmt(load)} ms (plain insert baseline ${fmt(base)} ms, ratio ${fmt(load / base)})`,
  )

  const queries = [
    '氯',
    '氨',
    '液化',
    '甲醇',
    '汽油',
    '乙炔',
    '硫酸',
    '氢氧化',
    '过氧化氢',
    '硝酸铵',
    '电石气',
    '液氯',
    'y',
    'yh',
    'yhsy',
    'yhsyq',
    'jc',
    'qy',
    'lsn',
    'hx',
    '7664',
    '7782-5',
    '67-56',
    '1',
    '108-88-3',
  ]
  const time = async (query: string): Promise<number> => {
    const a = performance.now()
    const r = await core.dispatch('chemCatalog.search', { query, limit: 20 })
    const ms = performance.now() - a
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    return ms
  }
  const search: number[] = []
  const empty: number[] = []
  for (let k = 0; k < 20; k++)
    for (const q of queries) {
      search.push(await time(q))
      empty.push(await time(''))
    }
  const s95 = p(search, 0.95)
  const e95 = p(empty, 0.95)
  console.log(
    `catalogue search: ${search.length} queries, median ${fmt(p(search, 0.5))} ms, p95 ${fmt(s95)} ms (empty-query baseline p95 ${fmt(e95)} ms, ratio ${fmt(s95 / e95)})`,
  )
  console.log(`load ms: ${fmt(load)}, search p95 ms: ${fmt(s95)}`)
  core.close()
  fs.rmSync(dir, { recursive: true, force: true })
}

void main()
