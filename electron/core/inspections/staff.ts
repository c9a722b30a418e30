import { isoNow, type Ctx, writeTx } from '../context'
import { AppError, notFound } from '../errors'

// Staff registry (本单位人员): 执法人员 / 检查人员 for inspections, and 带班领导 / 值班人员 for the duty
// roster. Their names and certificate numbers are printed on documents, so a person who took part
// in an inspection or stood duty is never deleted, only deactivated (停用).

export type DutyRoleSetting = 'none' | 'leader' | 'staff'

export interface Staff {
  id: number
  name: string
  certificateNo: string | null
  active: boolean
  phone: string | null
  /** 职务, e.g. 副镇长 */
  position: string | null
  dutyRole: DutyRoleSetting
  inspectionCount: number
  dutyCount: number
}

export interface StaffInput {
  name: string
  certificateNo: string | null
  active: boolean
  /** Left as stored when not given (the inspection setup screen does not edit them). */
  phone?: string | null
  position?: string | null
  dutyRole?: DutyRoleSetting
}

const SELECT = `SELECT s.id, s.name, s.certificate_no AS certificateNo, s.active, s.phone, s.position,
  s.duty_role AS dutyRole,
  (SELECT count(*) FROM inspection_inspectors ii WHERE ii.staff_id = s.id) AS inspectionCount,
  (SELECT count(*) FROM duty_shifts da WHERE da.staff_id = s.id AND da.deleted_at IS NULL) AS dutyCount
  FROM staff s`

type Row = Omit<Staff, 'active'> & { active: number }
const toStaff = (r: Row): Staff => ({ ...r, active: r.active === 1 })

export function listStaff(ctx: Ctx, includeInactive: boolean): Staff[] {
  const rows = ctx.db
    .prepare(
      `${SELECT} ${includeInactive ? '' : 'WHERE s.active = 1'} ORDER BY s.active DESC, s.sort_order, s.id`,
    )
    .all() as Row[]
  return rows.map(toStaff)
}

export function getStaff(ctx: Ctx, id: number): Staff {
  const row = ctx.db.prepare(`${SELECT} WHERE s.id = ?`).get(id) as Row | undefined
  if (!row) throw notFound('该人员')
  return toStaff(row)
}

function assertCertificateFree(ctx: Ctx, cert: string | null, exceptId: number | null): void {
  if (cert === null) return
  const row = ctx.db.prepare('SELECT id, name FROM staff WHERE certificate_no = ?').get(cert) as
    { id: number; name: string } | undefined
  if (row && row.id !== exceptId) {
    const message = `证件号 ${cert} 已登记在“${row.name}”名下，同一证件号不能登记两次`
    throw new AppError('CONFLICT', message, { issues: [{ field: 'certificateNo', message }] })
  }
}

export function createStaff(ctx: Ctx, input: StaffInput): Staff {
  return writeTx(ctx, () => {
    assertCertificateFree(ctx, input.certificateNo, null)
    const now = isoNow(ctx)
    const max = ctx.db.prepare('SELECT coalesce(max(sort_order), 0) AS m FROM staff').get() as { m: number }
    const r = ctx.db
      .prepare(
        `INSERT INTO staff(name, certificate_no, active, phone, position, duty_role, sort_order, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.name,
        input.certificateNo,
        input.active ? 1 : 0,
        input.phone ?? null,
        input.position ?? null,
        input.dutyRole ?? 'none',
        max.m + 1,
        now,
        now,
      )
    return getStaff(ctx, Number(r.lastInsertRowid))
  })
}

export function updateStaff(ctx: Ctx, id: number, input: StaffInput): Staff {
  return writeTx(ctx, () => {
    const before = getStaff(ctx, id)
    assertCertificateFree(ctx, input.certificateNo, id)
    ctx.db
      .prepare(
        `UPDATE staff SET name = ?, certificate_no = ?, active = ?, phone = ?, position = ?, duty_role = ?,
         updated_at = ? WHERE id = ?`,
      )
      .run(
        input.name,
        input.certificateNo,
        input.active ? 1 : 0,
        input.phone === undefined ? before.phone : input.phone,
        input.position === undefined ? before.position : input.position,
        input.dutyRole ?? before.dutyRole,
        isoNow(ctx),
        id,
      )
    return getStaff(ctx, id)
  })
}

export function removeStaff(ctx: Ctx, id: number): { id: number } {
  return writeTx(ctx, () => {
    const s = getStaff(ctx, id)
    if (s.inspectionCount > 0)
      throw new AppError(
        'CONFLICT',
        `${s.name}已参加 ${s.inspectionCount} 次检查，检查记录和文书上要保留其姓名和证号，不能删除。如已调离，请改为“停用”。`,
      )
    // (shifts in the 回收站 keep the name too: they can be restored)
    const binned = ctx.db
      .prepare('SELECT count(*) FROM duty_shifts WHERE staff_id = ? AND deleted_at IS NOT NULL')
      .pluck()
      .get(id) as number
    if (s.dutyCount + binned > 0)
      throw new AppError(
        'CONFLICT',
        `${s.name}在值班表上有 ${s.dutyCount + binned} 个班次${binned ? `（其中 ${binned} 个在回收站）` : ''}，值班表要保留其姓名，不能删除。如已调离，请改为“停用”。`,
      )
    ctx.db.prepare('DELETE FROM staff WHERE id = ?').run(id)
    return { id }
  })
}
