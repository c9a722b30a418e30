import { z } from 'zod'

// A ledger described once, as plain data. Everything else — schemas, repository, handlers, the
// importer's columns, the export layout, the list and form screens — is derived from this object.
// It is JSON-serialisable on purpose: an office-defined ledger can be stored as a row and checked
// by the same meta-schema (`ledgerSpecSchema`) before it is used.

export const KIND_NAMES = [
  'text',
  'longText',
  'phones',
  'creditCode',
  'enum',
  'flags',
  'int',
  'decimal',
  'date',
  'year',
  'yesNo',
  'ref',
  'people',
  'cas',
] as const
export type KindName = (typeof KIND_NAMES)[number]

/** What a `ref` may point at: lookup lists, and ledgers (soft-deleted, sorted by their pinyin key). */
export const REF_TABLES = [
  'villages',
  'industries',
  'enterprises',
  'fireworks_outlets',
  'chem_units',
  'staff',
] as const
export type RefTable = (typeof REF_TABLES)[number]
/** Ref targets that are ledgers: records in the 回收站 are not offered, names sort by `name_py`. */
export const LEDGER_REF_TABLES: readonly RefTable[] = ['enterprises', 'fireworks_outlets', 'chem_units']

const key = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'field keys are camelCase')
const column = z.string().regex(/^[a-z][a-z0-9_]*$/, 'columns are snake_case')
const label = z.string().min(1).max(40)

export const optionSchema = z.object({
  value: z.string().regex(/^[a-z][A-Za-z0-9_-]*$/),
  label,
  /** The words offices write for this option in their sheets (exact, after removing spaces). */
  words: z.array(z.string().min(1)).default([]),
  /** Flags: the column holding this option (0/1). */
  column: column.optional(),
  /** Still valid when stored, but no longer offered in the form (kept until the clerk changes it). */
  legacy: z.boolean().optional(),
})
export type OptionSpec = z.input<typeof optionSchema>

/**
 * A sheet that is not one row per record. `matrix`: one row per person (named under one of
 * `rowWords`), one column per date, and in each cell a mark — one of `marks`, by its label or
 * one of the words offices write (休 is a mark that means nothing is stored). Read by
 * electron/core/excel/matrix.ts and read/written for a ledger by electron/core/kit/matrix.ts:
 * a cell is one record whose `rowField` is the row's name, `colField` the column's date, and
 * whose other fields are the mark's `values` (a mark without `values` stores nothing).
 */
export const layoutSchema = z.object({
  key: z.string(),
  label,
  kind: z.enum(['rows', 'matrix']),
  rowField: key.optional(),
  colField: key.optional(),
  valueField: key.optional(),
  rowWords: z.array(z.string().min(1)).default([]),
  marks: z.array(optionSchema.extend({ values: z.record(key, z.string()).optional() })).optional(),
  /** `rows`: the fields in the sheet's columns, in order (default: all exported fields). */
  columns: z.array(key).optional(),
  /** `rows`: a 星期 column after each date (written for the reader on paper, ignored on import). */
  weekday: z.boolean().optional(),
  /**
   * `rows`: columns written after the fields for the reader on paper and never read back — a
   * linked person's 电话 the caller supplies on each record under `key`, an empty 签字 column.
   */
  also: z.array(z.object({ key, label, width: z.number().positive().optional() })).optional(),
})
export type LayoutSpec = z.input<typeof layoutSchema>

export const fieldSpecSchema = z.object({
  key,
  label,
  kind: z.enum(KIND_NAMES),
  /** Database column; flags store one column per option instead. */
  column: column.optional(),
  /** The form requires a value (a record can exist without it when not `identifying`). */
  required: z.boolean().optional(),
  /** A record needs this to exist at all (import rows without it are refused). */
  identifying: z.boolean().optional(),
  max: z.number().int().positive().optional(),
  min: z.number().optional(),
  maxValue: z.number().optional(),
  unit: z.string().max(10).optional(),
  options: z.array(optionSchema).optional(),
  default: z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]).optional(),
  /** ref: which lookup table, and the output key carrying the referenced record's name. */
  ref: z
    .object({
      table: z.enum(REF_TABLES),
      as: key,
      /** Import: create a missing entry by name (villages, industries). */
      createMissing: z.boolean().optional(),
    })
    .optional(),
  /** Import: other header texts for this column. */
  synonyms: z.array(z.string().min(1)).default([]),
  /** Import: a header containing one of these is never this field (隐患编码 is not 隐患). */
  excludeWords: z.array(z.string().min(1)).default([]),
  /** Import: under a parent header naming this field, the sub-column to prefer (施工 under 整改责任单位). */
  preferSub: z.array(z.string().min(1)).optional(),
  /** Import: fields whose values this column must not repeat (the audited unit is not the inspecting body). */
  distinctFrom: z.array(key).optional(),
  /**
   * Import: without a column, the value for all rows may be read from the title above the header
   * (a regular expression whose first group is the value: "青禾恒达机械有限公司隐患排查治理台账").
   */
  fromTitle: z.string().optional(),
  sensitive: z.boolean().optional(),
  /**
   * Kept by domain code (e.g. a hazard's status, changed only through its lifecycle steps): stored,
   * listed and exported, but never written by a form, a patch or an import. One without a list
   * column is an internal link (a hazard's checklist item) and stays out of the history.
   */
  system: z.boolean().optional(),
  /**
   * A date field that ends something (a licence's 有效期至): 工作台 shows one card per ledger with
   * how many have ended and how many end within `warnDays` (today in China), each count opening
   * the list filtered to exactly those records (`filters.<field>.expiry`).
   */
  expires: z
    .object({
      /** The card's title: 危险化学品经营许可证. */
      label,
      warnDays: z.number().int().positive().max(366),
      /** Only the latest record per this link counts (a renewed licence no longer reminds). */
      latestPer: key.optional(),
      /** The screen listing these records; it reads the filter from the route (`f.<field>.expiry`). */
      route: z.object({ name: z.string().min(1), query: z.record(z.string(), z.string()).optional() }),
    })
    .optional(),
  searchable: z.boolean().optional(),
  /** Names sort in pinyin order (kept in <column>_py). */
  pinyin: z.boolean().optional(),
  list: z
    .object({
      /** A shorter header for the list, where the full label would take too much width. */
      label: z.string().min(1).max(20).optional(),
      width: z.number().int().positive().optional(),
      minWidth: z.number().int().positive().optional(),
      /** Long text (a hazard's description, a long name) wraps onto two lines instead of being cut. */
      wrap: z.boolean().optional(),
      show: z.boolean().default(true),
      sortable: z.boolean().default(true),
    })
    .optional(),
  form: z
    .object({
      group: z.string().min(1),
      order: z.number().optional(),
      span: z.union([z.literal(1), z.literal(2)]).default(1),
      hidden: z.boolean().optional(),
    })
    .optional(),
  filter: z.boolean().optional(),
  /**
   * yesNo: set while the named link was guessed on import (所属村 read from the address) and no
   * clerk has confirmed it; any write that sets that link (form, 批量修改, a file naming it) clears it.
   */
  guessOf: key.optional(),
  /**
   * phones: the person field these numbers belong to. A cell that holds both ("王建国 13608865162",
   * a 负责人及联系电话 column) gives the name to that field when the sheet has no column of its own for it.
   */
  personOf: key.optional(),
  export: z
    .object({
      width: z.number().positive().optional(),
      format: z.string().optional(),
      hidden: z.boolean().optional(),
    })
    .optional(),
  help: z.string().max(200).optional(),
  placeholder: z.string().max(60).optional(),
})
export type FieldSpec = z.input<typeof fieldSpecSchema>

/**
 * A date relative to today in China: `{ today: -1 }` is yesterday. `setting` moves it by a number
 * of days the office keeps in settings (e.g. the 复查 period, `deadline.reinspectionDays`), taking
 * `default` while the setting is unset.
 */
export const relativeDateSchema = z.strictObject({
  today: z.number().int().min(-3660).max(3660),
  setting: z
    .strictObject({
      key: z.string().regex(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)*$/),
      sign: z.union([z.literal(1), z.literal(-1)]),
      default: z.number().int().min(0).max(3660),
    })
    .optional(),
})
export type RelativeDate = z.infer<typeof relativeDateSchema>

const scalar = z.union([z.string().max(200), z.number(), z.boolean()])
/** One condition on a stored field; the repository turns it into SQL with bound parameters. */
export const conditionSchema = z.strictObject({
  field: key,
  op: z.enum(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in', 'notIn', 'empty', 'filled']),
  value: z.union([scalar, z.array(scalar).min(1).max(50), relativeDateSchema]).optional(),
})
export type ConditionSpec = z.infer<typeof conditionSchema>

/**
 * A named filter (a computed status such as 逾期未改): records matching every condition of at least
 * one group. The list offers it as a chip; 工作台 counts open the list with it (route `p=<key>`).
 */
export const presetSchema = z.strictObject({
  key,
  label,
  when: z.array(z.array(conditionSchema).min(1).max(10)).min(1).max(10),
  tone: z.enum(['danger', 'warning', 'primary', 'info']).optional(),
  help: z.string().max(200).optional(),
  /** Offered as a chip on the list's filter bar (false: used only to rank). */
  chip: z.boolean().optional(),
  /**
   * A computed status: matching records show, filter and sort under this option of an enum field
   * instead of their stored value (待整改 past its deadline reads 逾期未改).
   */
  shows: z.strictObject({ field: key, value: z.string() }).optional(),
})
export type PresetSpec = z.infer<typeof presetSchema>

/**
 * A filter on a value of a linked record (a hazard's 所属村 is its enterprise's or outlet's):
 * `key` takes ids of `ref`; `via` names the link fields and the linked table's column.
 */
export const linkedFilterSchema = z.strictObject({
  key,
  label,
  ref: z.enum(REF_TABLES),
  via: z
    .array(z.strictObject({ field: key, column }))
    .min(1)
    .max(4),
  /** A list column showing the linked value's name (output key `as`). */
  list: z
    .strictObject({ as: key, label: z.string().min(1).max(20), width: z.number().int().positive() })
    .optional(),
})
export type LinkedFilterSpec = z.infer<typeof linkedFilterSchema>

export const ledgerSpecSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-zA-Z]*$/),
    /** Singular and plural names used in messages: 企业 / 企业台账. */
    label: label,
    title: label,
    /** Measure word for counts: 家, 处, 户. */
    unit: z.string().min(1).max(2),
    table: column,
    history: z.object({ table: column, fk: column }),
    /** Fields whose values identify one record (de-duplication, import upsert). */
    identity: z.array(key).min(1),
    /** The field naming a record in messages and pickers. */
    nameField: key,
    defaultSort: z.object({ field: key, order: z.enum(['asc', 'desc']) }),
    /** Full-text index (trigram FTS5) over the searchable fields. */
    fts: column.optional(),
    /**
     * Child ledger: the parent ledger and the link field. On import, a blank, merged or 同上 cell
     * of a parent-link column takes the value of the row above (within a block of rows; reported
     * as filled). `fill` names those columns, outermost first, when they are not just `field`
     * (a chemical's sheet names its enterprise, not its unit).
     */
    parent: z.object({ ledger: z.string(), field: key, fill: z.array(key).optional() }).optional(),
    /** Sheets that are not one row per record. */
    layouts: z.array(layoutSchema).optional(),
    groups: z.array(z.string().min(1)).min(1),
    fields: z.array(fieldSpecSchema).min(1),
    /**
     * Records elsewhere that point at this one (一户一档): counted by their link column and opened
     * in their own list, filtered to this record (by id, or by name where that list searches).
     */
    links: z
      .array(
        z.object({
          key,
          label,
          unit: z.string().min(1).max(2),
          table: column,
          fk: column,
          /** A second count: records still open (e.g. hazards not 销号). */
          open: z.object({ label, column, notIn: z.array(z.string()).min(1) }).optional(),
          route: z.object({
            name: z.string(),
            filter: z.string(),
            by: z.enum(['id', 'name']).default('id'),
            /** Fixed query words the list needs besides the filter (the tab of a page of tabs). */
            query: z.record(z.string(), z.string()).optional(),
          }),
        }),
      )
      .default([]),
    /**
     * Columns read on import only and handed to the ledger's import hooks, never stored as such
     * (a hazard list's 整改情况 words, which the lifecycle turns into a status; 检查单位, recognised so
     * that it is never taken for the enterprise). Same shape as fields, without a column.
     */
    importColumns: z.array(fieldSpecSchema).optional(),
    /** Named filters / computed statuses (see presetSchema). */
    presets: z.array(presetSchema).max(30).optional(),
    /**
     * A sort by the first matching preset (urgency: 逾期 first, …), then by a field; its key is a
     * sort field of the list.
     */
    rank: z
      .strictObject({
        key,
        label,
        presets: z.array(key).min(1).max(30),
        then: z.strictObject({ field: key, order: z.enum(['asc', 'desc']) }),
      })
      .optional(),
    /** Filters on values of linked records (see linkedFilterSchema). */
    linkedFilters: z.array(linkedFilterSchema).max(10).optional(),
    /** Records take attached files (a meeting's minutes, photos): kit/attachments.ts, table record_attachments. */
    attachments: z.object({ label }).optional(),
  })
  .superRefine((spec, ctx) => {
    const keys = new Set<string>()
    for (const f of spec.fields) {
      if (keys.has(f.key)) ctx.addIssue({ code: 'custom', message: `duplicate field ${f.key}` })
      keys.add(f.key)
      if ((f.kind === 'enum' || f.kind === 'flags') && !f.options?.length)
        ctx.addIssue({ code: 'custom', message: `${f.key}: ${f.kind} needs options` })
      if (f.kind === 'flags' && f.options?.some((o) => !o.column))
        ctx.addIssue({ code: 'custom', message: `${f.key}: every flag option needs a column` })
      if (f.kind === 'ref' && !f.ref) ctx.addIssue({ code: 'custom', message: `${f.key}: ref needs ref` })
      if (f.kind !== 'flags' && !f.column)
        ctx.addIssue({ code: 'custom', message: `${f.key}: column missing` })
      if (f.personOf && (f.kind !== 'phones' || !spec.fields.some((g) => g.key === f.personOf)))
        ctx.addIssue({ code: 'custom', message: `${f.key}: personOf is a phones field naming a field` })
      if (f.guessOf && (f.kind !== 'yesNo' || spec.fields.find((g) => g.key === f.guessOf)?.kind !== 'ref'))
        ctx.addIssue({ code: 'custom', message: `${f.key}: guessOf is a yesNo field naming a ref field` })
      if (f.expires && f.kind !== 'date')
        ctx.addIssue({ code: 'custom', message: `${f.key}: only a date field expires` })
      if (f.expires?.latestPer && !spec.fields.some((g) => g.key === f.expires?.latestPer))
        ctx.addIssue({ code: 'custom', message: `${f.key}: unknown field ${f.expires.latestPer}` })
      if (f.form && !spec.groups.includes(f.form.group))
        ctx.addIssue({ code: 'custom', message: `${f.key}: unknown form group ${f.form.group}` })
    }
    const byKey = new Map(spec.fields.map((f) => [f.key, f]))
    const presetKeys = new Set((spec.presets ?? []).map((p) => p.key))
    for (const p of spec.presets ?? []) {
      for (const c of p.when.flat()) {
        const f = byKey.get(c.field)
        if (!f?.column) ctx.addIssue({ code: 'custom', message: `preset ${p.key}: unknown field ${c.field}` })
        const list = c.op === 'in' || c.op === 'notIn'
        const none = c.op === 'empty' || c.op === 'filled'
        if (none !== (c.value === undefined) || list !== Array.isArray(c.value))
          ctx.addIssue({ code: 'custom', message: `preset ${p.key}: ${c.field} ${c.op} has the wrong value` })
      }
      const shown = p.shows ? byKey.get(p.shows.field) : undefined
      if (p.shows && (shown?.kind !== 'enum' || !shown.options?.some((o) => o.value === p.shows?.value)))
        ctx.addIssue({ code: 'custom', message: `preset ${p.key}: shows an option of an enum field` })
    }
    if (spec.rank) {
      if (byKey.has(spec.rank.key))
        ctx.addIssue({ code: 'custom', message: `rank ${spec.rank.key} is a field` })
      for (const k of spec.rank.presets)
        if (!presetKeys.has(k)) ctx.addIssue({ code: 'custom', message: `rank: unknown preset ${k}` })
      if (!byKey.has(spec.rank.then.field))
        ctx.addIssue({ code: 'custom', message: `rank: unknown field ${spec.rank.then.field}` })
    }
    for (const l of spec.linkedFilters ?? []) {
      if (byKey.has(l.key)) ctx.addIssue({ code: 'custom', message: `linked filter ${l.key} is a field` })
      for (const v of l.via)
        if (byKey.get(v.field)?.kind !== 'ref')
          ctx.addIssue({ code: 'custom', message: `linked filter ${l.key}: ${v.field} is not a link` })
    }
    for (const k of [
      ...spec.identity,
      spec.nameField,
      ...(spec.defaultSort.field === spec.rank?.key ? [] : [spec.defaultSort.field]),
      ...(spec.parent ? [spec.parent.field, ...(spec.parent.fill ?? [])] : []),
    ])
      if (!keys.has(k)) ctx.addIssue({ code: 'custom', message: `unknown field ${k}` })
  })
export type LedgerSpec = z.input<typeof ledgerSpecSchema>
