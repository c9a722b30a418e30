/** Builds a WHERE clause from optional list filters, with positional parameters. */
export class Where {
  private readonly parts: string[]
  readonly params: unknown[] = []

  constructor(first = '1 = 1') {
    this.parts = [first]
  }

  /** `col IN (?, ?, …)`; an empty or missing list adds nothing. */
  in(col: string, values: readonly unknown[] | undefined): this {
    if (values && values.length > 0) this.add(`${col} IN (${values.map(() => '?').join(',')})`, ...values)
    return this
  }

  add(sql: string, ...params: unknown[]): this {
    this.parts.push(sql)
    this.params.push(...params)
    return this
  }

  get sql(): string {
    return this.parts.join(' AND ')
  }
}

/** A user's text as a LIKE pattern matching it anywhere, with % and _ taken literally (ESCAPE '\'). */
export function likeAnywhere(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}
