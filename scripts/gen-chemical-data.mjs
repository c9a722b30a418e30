// Regenerates resources/gb18218-2018.json and resources/hazchem-catalog-2015.json from the
// reviewed CSV copies in ../shared/domain/data (see REFERENCE.md §2–3 for their provenance).
// Run: node scripts/gen-chemical-data.mjs [dataDir]
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { pinyin } from 'pinyin-pro'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dataDir = path.resolve(process.argv[2] ?? path.join(root, '..', 'shared', 'domain', 'data'))

/** RFC 4180 CSV (quoted fields may hold commas). */
function parseCsv(text) {
  const rows = []
  let row = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else cell += ch
  }
  if (cell || row.length) {
    row.push(cell)
    rows.push(row)
  }
  const [head, ...body] = rows.filter((r) => r.some((c) => c !== ''))
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])))
}
const read = (f) => parseCsv(fs.readFileSync(path.join(dataDir, f), 'utf8'))

const table1 = read('gb18218-table1.csv').map((r) => ({
  seq: Number(r.seq),
  name: r.name,
  aliases: r.alias ? r.alias.split(/[;；]/) : [],
  cas: r.cas ? r.cas.split(/[;；]/) : [],
  q: Number(r.critical_quantity_t),
}))
const cats = read('gb18218-categories.csv')
const table2 = cats
  .filter((r) => r.table === '2')
  .map((r) => ({
    symbol: r.symbol,
    hazard: r.category,
    description: r.description,
    q: Number.parseFloat(r.critical_quantity_t),
    qNote: /净重/.test(r.critical_quantity_t) ? '净重' : undefined,
    beta: Number(r.beta),
  }))
const table3 = cats.filter((r) => r.table === '3').map((r) => ({ name: r.symbol, beta: Number(r.beta) }))
const table5 = cats.filter((r) => r.table === '5').map((r) => ({ label: r.symbol, alpha: Number(r.beta) }))
const table6 = cats.filter((r) => r.table === '6').map((r) => ({ label: r.symbol, rule: r.description }))
fs.writeFileSync(
  path.join(root, 'resources', 'gb18218-2018.json'),
  JSON.stringify({ table1, table2, table3, table5, table6 }, null, 1) + '\n',
)

// The catalogue as rows [seq, name, aliases, cas, highlyToxic, note, initials]; initials are the
// pinyin initials of the name and each alias (液化石油气 → yhsyq), so loading computes nothing.
const initials = (s) =>
  pinyin(s.replace(/\[.*?\]|（.*?）|\(.*?\)/g, ''), { pattern: 'first', toneType: 'none', type: 'array' })
    .join('')
    .replace(/[^a-z]/gi, '')
    .toLowerCase()
const catalog = read('hazchem-catalog-2015.csv').map((r) => {
  const aliases = r.aliases ? r.aliases.split('；') : []
  return [
    Number(r.seq),
    r.name,
    aliases.join('；'),
    r.cas,
    r.highly_toxic === '1' ? 1 : 0,
    r.note,
    [...new Set([r.name, ...aliases].map(initials).filter(Boolean))].join(' '),
  ]
})
fs.writeFileSync(
  path.join(root, 'resources', 'hazchem-catalog-2015.json'),
  '[\n' + catalog.map((r) => JSON.stringify(r)).join(',\n') + '\n]\n',
)
console.log(
  `table1 ${table1.length}, table2 ${table2.length}, table3 ${table3.length}, catalogue ${catalog.length}`,
)
