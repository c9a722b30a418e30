// Numbered SQL migrations, bundled at build time. A shipped migration is never edited:
// schema changes come as a new file NNNN_name.sql.
const files = import.meta.glob('./migrations/*.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>

export interface Migration {
  version: number
  name: string
  sql: string
}

export const MIGRATIONS: Migration[] = Object.entries(files)
  .map(([path, sql]) => {
    const m = /\/(\d{4})_([\w-]+)\.sql$/.exec(path)
    if (!m) throw new Error(`bad migration file name: ${path}`)
    return { version: Number(m[1]), name: m[2] as string, sql }
  })
  .sort((a, b) => a.version - b.version)

// Numbers are consecutive and each is used once: two migrations with one number (two branches
// landing at once) would leave a database that has one of them marked as having both.
MIGRATIONS.forEach((m, i) => {
  if (m.version !== i + 1)
    throw new Error(
      `migration ${m.name} has number ${m.version}, expected ${i + 1}: numbers must be consecutive and unique`,
    )
})

export const SCHEMA_VERSION =
  MIGRATIONS.length === 0 ? 0 : (MIGRATIONS[MIGRATIONS.length - 1] as Migration).version
