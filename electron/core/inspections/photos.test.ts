import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../index'
import { FIXED_NOW, fail, memoryCore, ok, tempDir } from '../test/helpers'
import type { Hazard } from './hazards'
import type { HazardPhoto } from './photos'
import { hazard, seedWorld, type World } from './test-helpers'

// Smallest valid-looking files of each accepted type (only the magic bytes are checked).
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('IHDR-demo-png'),
])
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-demo-jpeg')])
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x20, 0, 0, 0]), Buffer.from('WEBPVP8 demo')])
const sha = (b: Buffer): string => crypto.createHash('sha256').update(b).digest('hex')

let dir: string
let core: Core
let w: World
beforeEach(async () => {
  dir = tempDir()
  core = await createCore({ dataDir: dir, now: () => FIXED_NOW })
  w = await seedWorld(core)
})
afterEach(() => core.close())

const add = (hazardId: number, fileName: string, bytes: Buffer) =>
  ok<{ photo: HazardPhoto; duplicate: boolean }>(core, 'hazard.addPhoto', {
    hazardId,
    fileName,
    base64: bytes.toString('base64'),
  })

describe('hazard photos', () => {
  it('stores a photo under its sha256 in the data directory and returns it intact', async () => {
    const h = await hazard(core, w)
    const { photo, duplicate } = await add(h.id, '配电箱.png', PNG)
    expect(duplicate).toBe(false)
    expect(photo).toMatchObject({
      hazardId: h.id,
      fileName: '配电箱.png',
      mime: 'image/png',
      size: PNG.length,
      sha256: sha(PNG),
    })
    const file = path.join(dir, 'attachments', sha(PNG).slice(0, 2), sha(PNG))
    expect(fs.readFileSync(file).equals(PNG)).toBe(true)
    const back = await ok<{ base64: string; mime: string }>(core, 'hazard.photo', { id: photo.id })
    expect(Buffer.from(back.base64, 'base64').equals(PNG)).toBe(true)
    expect(back.mime).toBe('image/png')
    expect((await ok<Hazard>(core, 'hazard.get', { id: h.id })).photoCount).toBe(1)
  })

  it('detects the type by content, not by the file name; accepts JPEG and WebP and a data: URL', async () => {
    const h = await hazard(core, w)
    expect((await add(h.id, 'IMG_0001.png', JPEG)).photo.mime).toBe('image/jpeg')
    const r = await ok<{ photo: HazardPhoto }>(core, 'hazard.addPhoto', {
      hazardId: h.id,
      fileName: 'x.webp',
      base64: `data:image/webp;base64,${WEBP.toString('base64')}`,
    })
    expect(r.photo.mime).toBe('image/webp')
  })

  it('stores the same picture once, however many hazards use it', async () => {
    const a = await hazard(core, w)
    const b = await hazard(core, w)
    await add(a.id, '1.jpg', JPEG)
    expect((await add(a.id, '1-副本.jpg', JPEG)).duplicate).toBe(true)
    await add(b.id, '同一张.jpg', JPEG)
    const files = fs.readdirSync(path.join(dir, 'attachments', sha(JPEG).slice(0, 2)))
    expect(files).toEqual([sha(JPEG)])
    expect((await ok<Hazard>(core, 'hazard.get', { id: a.id })).photoCount).toBe(1)
  })

  it('deletes the file only when no hazard uses it any more', async () => {
    const a = await hazard(core, w)
    const b = await hazard(core, w)
    const pa = (await add(a.id, '1.jpg', JPEG)).photo
    const pb = (await add(b.id, '2.jpg', JPEG)).photo
    const file = path.join(dir, 'attachments', sha(JPEG).slice(0, 2), sha(JPEG))
    expect(await ok(core, 'hazard.removePhoto', { id: pa.id })).toEqual({ id: pa.id, fileDeleted: false })
    expect(fs.existsSync(file)).toBe(true)
    expect(await ok(core, 'hazard.removePhoto', { id: pb.id })).toEqual({ id: pb.id, fileDeleted: true })
    expect(fs.existsSync(file)).toBe(false)
  })

  it('rejects a file that is not an image, whatever its name says', async () => {
    const h = await hazard(core, w)
    const err = await fail(core, 'hazard.addPhoto', {
      hazardId: h.id,
      fileName: '现场.jpg',
      base64: Buffer.from('%PDF-1.7 not a photo').toString('base64'),
    })
    expect(err.code).toBe('VALIDATION')
    expect(err.message).toBe(
      '“现场.jpg”不是 JPG、PNG 或 WebP 格式的图片，不能作为隐患照片。请用手机或相机拍摄的照片。',
    )
    expect(fs.existsSync(path.join(dir, 'attachments'))).toBe(false)
  })

  it('rejects a photo over 10 MB and stores nothing', async () => {
    const h = await hazard(core, w)
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x41)
    JPEG.copy(big)
    const err = await fail(core, 'hazard.addPhoto', {
      hazardId: h.id,
      fileName: '大图.jpg',
      base64: big.toString('base64'),
    })
    expect(err.message).toBe('照片“大图.jpg”有 10.1 MB，超过 10 MB 的上限，请压缩后再上传')
    const exact = Buffer.alloc(10 * 1024 * 1024, 0x41)
    JPEG.copy(exact)
    expect((await add(h.id, '正好10MB.jpg', exact)).photo.size).toBe(10 * 1024 * 1024)
  })

  it('notices a photo file that was damaged on disk', async () => {
    const h = await hazard(core, w)
    const { photo } = await add(h.id, 'a.png', PNG)
    fs.writeFileSync(
      path.join(dir, 'attachments', photo.sha256.slice(0, 2), photo.sha256),
      Buffer.from('garbage'),
    )
    const err = await fail(core, 'hazard.photo', { id: photo.id })
    expect(err.code).toBe('DB_CORRUPT')
    expect(err.message).toContain('照片“a.png”的文件已损坏或被改动')
  })

  it('a hazard in the 回收站 keeps its photos, and has them again when restored', async () => {
    const h = await hazard(core, w)
    await add(h.id, 'a.png', PNG)
    await ok(core, 'hazard.remove', { ids: [h.id] })
    expect(fs.existsSync(path.join(dir, 'attachments', sha(PNG).slice(0, 2), sha(PNG)))).toBe(true)
    await ok(core, 'hazard.restore', { ids: [h.id] })
    expect((await ok<Hazard>(core, 'hazard.get', { id: h.id })).photoCount).toBe(1)
  })

  it('explains that a temporary database cannot keep photos', async () => {
    const mem = await memoryCore()
    try {
      const mw = await seedWorld(mem)
      const h = await hazard(mem, mw)
      const err = await fail(mem, 'hazard.addPhoto', {
        hazardId: h.id,
        fileName: 'a.png',
        base64: PNG.toString('base64'),
      })
      expect(err.message).toContain('当前为临时数据库，没有数据目录')
    } finally {
      mem.close()
    }
  })
})
