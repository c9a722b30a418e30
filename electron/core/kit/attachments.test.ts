import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../index'
import { FIXED_NOW, fail, memoryCore, ok, tempDir } from '../test/helpers'
import type { RecordAttachment } from './attachments'
import { sniffFile } from './attachments'

// A meeting's minutes attached to its 活动记录: copied into the data folder under its sha256, the
// type decided by the content, size-capped, read back intact, deleted with its last reference, and
// kept with the backups so restoring a backup brings back a file deleted since.

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n')
const DOCX = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]),
  Buffer.alloc(22),
  Buffer.from('[Content_Types].xml...word/document.xml...'),
])
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-minutes-photo')])
const DOC = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(32)])
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex')

let dir: string
let core: Core
let meeting: number
beforeEach(async () => {
  dir = tempDir()
  core = await createCore({ dataDir: dir, now: () => FIXED_NOW })
  meeting = (
    await ok<{ record: { id: number } }>(core, 'activity.create', {
      data: {
        type: 'meeting',
        date: '2026-03-05',
        title: '2026年第一季度安全生产工作会议',
        participants: 36,
      },
    })
  ).record.id
})
afterEach(() => core.close())

const add = (fileName: string, bytes: Buffer, recordId = meeting) =>
  ok<{ attachment: RecordAttachment; duplicate: boolean }>(core, 'attachment.add', {
    ledger: 'activity',
    recordId,
    fileName,
    base64: bytes.toString('base64'),
  })
const stored = (b: Buffer) => path.join(dir, 'attachments', sha(b).slice(0, 2), sha(b))

describe('record attachments', () => {
  it('stores the minutes in the data folder by their hash and gives the same bytes back', async () => {
    const { attachment, duplicate } = await add('会议纪要.pdf', PDF)
    expect(duplicate).toBe(false)
    expect(attachment).toMatchObject({
      ledger: 'activity',
      recordId: meeting,
      fileName: '会议纪要.pdf',
      mime: 'application/pdf',
      size: PDF.length,
    })
    // no path and no hash leave the core
    expect(Object.keys(attachment)).not.toContain('sha256')
    expect(fs.readFileSync(stored(PDF)).equals(PDF)).toBe(true)
    const back = await ok<{ base64: string; fileName: string }>(core, 'attachment.read', {
      id: attachment.id,
    })
    expect(Buffer.from(back.base64, 'base64').equals(PDF)).toBe(true)
    // the same file twice is one attachment
    expect((await add('会议纪要(1).pdf', PDF)).duplicate).toBe(true)
    await add('签到表.docx', DOCX)
    const list = await ok<RecordAttachment[]>(core, 'attachment.list', {
      ledger: 'activity',
      recordId: meeting,
    })
    expect(list.map((a) => a.fileName)).toEqual(['会议纪要.pdf', '签到表.docx'])
    expect(await ok(core, 'attachment.counts', { ledger: 'activity', ids: [meeting, meeting + 1] })).toEqual({
      [meeting]: 2,
    })
    // the audit trail says who attached what to which meeting
    const audit = core.ctx.db
      .prepare("SELECT note FROM audit_log WHERE ledger = 'activity' AND record_id = ? ORDER BY id")
      .pluck()
      .all(meeting) as string[]
    expect(audit.some((n) => n?.startsWith('添加附件“会议纪要.pdf”（PDF'))).toBe(true)
  })

  it('decides the type by the content: a photo named .pdf is a JPG, a text file is refused', async () => {
    const { attachment } = await add('会议纪要.pdf', JPEG)
    expect(attachment).toMatchObject({ mime: 'image/jpeg', fileName: '会议纪要.jpg' })
    const e = await fail(core, 'attachment.add', {
      ledger: 'activity',
      recordId: meeting,
      fileName: '纪要.pdf',
      base64: Buffer.from('这不是PDF').toString('base64'),
    })
    expect(e.message).toContain('不是 PDF、Word、Excel 或 JPG/PNG 图片')
    expect(sniffFile(DOC, '纪要.doc')?.mime).toBe('application/msword')
    expect(sniffFile(DOC, '签到.xls')?.mime).toBe('application/vnd.ms-excel')
    // a name cannot steer where the file goes
    const odd = await add('../../etc/passwd.docx', DOCX)
    expect(odd.attachment.fileName).toBe('.._.._etc_passwd.docx')
    expect(fs.existsSync(stored(DOCX))).toBe(true)
  })

  it('refuses a file over 20 MB, a ledger without attachments and a record that does not exist', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024)])
    const e = await fail(core, 'attachment.add', {
      ledger: 'activity',
      recordId: meeting,
      fileName: '扫描件.pdf',
      base64: big.toString('base64'),
    })
    expect(e.message).toMatch(/超过 20 MB/)
    const other = await fail(core, 'attachment.add', {
      ledger: 'enterprise',
      recordId: 1,
      fileName: 'a.pdf',
      base64: PDF.toString('base64'),
    })
    expect(other.message).toContain('不能添加附件')
    const missing = await fail(core, 'attachment.add', {
      ledger: 'activity',
      recordId: 9999,
      fileName: 'a.pdf',
      base64: PDF.toString('base64'),
    })
    expect(missing.code).toBe('NOT_FOUND')
    expect(fs.existsSync(path.join(dir, 'attachments'))).toBe(false)
  })

  it('deletes the file with its last reference only', async () => {
    const second = (
      await ok<{ record: { id: number } }>(core, 'activity.create', {
        data: { type: 'training', date: '2026-04-01', title: '企业主要负责人安全培训' },
      })
    ).record.id
    const a = await add('纪要.pdf', PDF)
    await add('纪要.pdf', PDF, second)
    expect(
      (await ok<{ fileDeleted: boolean }>(core, 'attachment.remove', { id: a.attachment.id })).fileDeleted,
    ).toBe(false)
    expect(fs.existsSync(stored(PDF))).toBe(true)
    const [b] = await ok<RecordAttachment[]>(core, 'attachment.list', {
      ledger: 'activity',
      recordId: second,
    })
    expect((await ok<{ fileDeleted: boolean }>(core, 'attachment.remove', { id: b!.id })).fileDeleted).toBe(
      true,
    )
    expect(fs.existsSync(stored(PDF))).toBe(false)
  })

  it('is kept with the backups: restoring a backup brings back minutes deleted since', async () => {
    const { attachment } = await add('会议纪要.pdf', PDF)
    const b = await ok<{ name: string }>(core, 'backup.create')
    expect(fs.existsSync(path.join(dir, 'backups', 'attachments', sha(PDF).slice(0, 2), sha(PDF)))).toBe(true)
    await ok(core, 'attachment.remove', { id: attachment.id })
    expect(fs.existsSync(stored(PDF))).toBe(false)
    await ok(core, 'backup.restore', { name: b.name })
    const back = await ok<{ base64: string }>(core, 'attachment.read', { id: attachment.id })
    expect(Buffer.from(back.base64, 'base64').equals(PDF)).toBe(true)
  })

  it('says clearly when there is no data folder to keep files in', async () => {
    const mem = await memoryCore()
    try {
      const id = (
        await ok<{ record: { id: number } }>(mem, 'activity.create', {
          data: { type: 'meeting', date: '2026-03-05', title: '安全生产工作会议' },
        })
      ).record.id
      const e = await fail(mem, 'attachment.add', {
        ledger: 'activity',
        recordId: id,
        fileName: 'a.pdf',
        base64: PDF.toString('base64'),
      })
      expect(e.message).toContain('没有数据目录，无法保存附件')
    } finally {
      mem.close()
    }
  })
})
