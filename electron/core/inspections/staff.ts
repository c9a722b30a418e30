import { isoNow, type Ctx, writeTx } from '../context'
import { AppError, notFound } from '../errors'

// Staff registry (执法人员 / 检查人员). Their names and certificate numbers are printed on documents,
// so a person who took part in an inspection is never deleted, only deactivated (停用).

export interface Staff {
  id: number
  name: string
  certificateNo: string | null
  active: boolean
  inspectionCount: number
}

export interface StaffInput {
  name: string
  certificateNo: string | null
  active: boolean
}

const SELECT = `SELECT s.id, s.name, s.certificate_no AS certificateNo, s.active,
  (SELECT count(*) FROM inspection_inspectors ii WHERE ii.staff_id = s.id) AS inspectionCount
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
        'INSERT INTO staff(name, certificate_no, active, sort_order, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(input.name, input.certificateNo, input.active ? 1 : 0, max.m + 1, now, now)
    return getStaff(ctx, Number(r.lastInsertRowid))
  })
}

export function updateStaff(ctx: Ctx, id: number, input: StaffInput): Staff {
  return writeTx(ctx, () => {
    getStaff(ctx, id)
    assertCertificateFree(ctx, input.certificateNo, id)
    ctx.db
      .prepare('UPDATE staff SET name = ?, certificate_no = ?, active = ?, updated_at = ? WHERE id = ?')
      .run(input.name, input.certificateNo, input.active ? 1 : 0, isoNow(ctx), id)
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
    ctx.db.prepare('DELETE FROM staff WHERE id = ?').run(id)
    return { id }
  })
}
