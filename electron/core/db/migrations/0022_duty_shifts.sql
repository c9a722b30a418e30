-- 0022: the duty roster (值班表) becomes a ledger on the kit (electron/core/shared/specs/duty-roster.ts):
-- duty_assignments moves to duty_shifts (same rows, same ids) with a version, soft delete (回收站)
-- and a per-shift history of changed fields. One person holds one shift of a slot once — among
-- the shifts not in the 回收站.
-- duty_changes stays: it is the roster's log of whole-period changes (编排, 导入, 清空) and of
-- who asked for each swap or stand-in. Its swaps, stand-ins and edits are also copied into the
-- history of every shift on their dates, so each shift's history starts with what happened to it.

CREATE TABLE duty_shifts (
  id          INTEGER PRIMARY KEY,
  date        TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  shift       TEXT NOT NULL DEFAULT 'full' CHECK (shift IN ('full', 'day', 'night')),
  role        TEXT NOT NULL DEFAULT 'staff' CHECK (role IN ('leader', 'staff')),
  staff_id    INTEGER NOT NULL REFERENCES staff(id),
  source      TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('generated', 'manual', 'swap', 'import')),
  version     INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  deleted_at  TEXT
) STRICT;

INSERT INTO duty_shifts(id, date, shift, role, staff_id, source, version, created_at, updated_at)
  SELECT id, date, shift, role, staff_id, source, 1, created_at, updated_at FROM duty_assignments ORDER BY id;
DROP TABLE duty_assignments;

CREATE UNIQUE INDEX duty_shifts_slot ON duty_shifts(date, shift, staff_id) WHERE deleted_at IS NULL;
CREATE INDEX duty_shifts_staff ON duty_shifts(staff_id, date);
CREATE INDEX duty_shifts_date ON duty_shifts(date, shift);

CREATE TABLE duty_shift_history (
  id             INTEGER PRIMARY KEY,
  duty_shift_id  INTEGER NOT NULL REFERENCES duty_shifts(id) ON DELETE CASCADE,
  at             TEXT NOT NULL,
  action         TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'import')),
  changes        TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX duty_shift_history_shift ON duty_shift_history(duty_shift_id, id);

INSERT INTO duty_shift_history(duty_shift_id, at, action, changes)
  SELECT s.id, c.at, 'update',
         json_array(json_object('field', '_change', 'label', '值班变更', 'before', NULL,
           'after', c.summary || coalesce('（原因：' || c.reason || '）', '') || '；经办人：' || c.operator))
  FROM duty_changes c JOIN duty_shifts s ON s.date IN (c.date_from, c.date_to)
  WHERE c.action IN ('swap', 'replace', 'edit')
  ORDER BY c.id, s.id;
