-- 0006: activity records (专题会议, 宣传活动, 教育培训, 应急演练) — the things a township's summaries
-- count besides inspections. A ledger on the kit: this table and the spec in
-- electron/core/shared/specs/activity.ts are all it takes.

CREATE TABLE activities (
  id            INTEGER PRIMARY KEY,
  type          TEXT NOT NULL DEFAULT 'meeting' CHECK (type IN ('meeting', 'publicity', 'training', 'drill', 'other')),
  date          TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  title         TEXT NOT NULL,
  village_id    INTEGER REFERENCES villages(id) ON DELETE SET NULL,
  place         TEXT,
  organizer     TEXT,
  participants  INTEGER CHECK (participants IS NULL OR participants >= 0),
  reached       INTEGER CHECK (reached IS NULL OR reached >= 0),
  banners       INTEGER CHECK (banners IS NULL OR banners >= 0),
  leaflets      INTEGER CHECK (leaflets IS NULL OR leaflets >= 0),
  content       TEXT,
  notes         TEXT,
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  deleted_at    TEXT
) STRICT;
CREATE INDEX activities_date ON activities(date, type);

CREATE TABLE activity_history (
  id           INTEGER PRIMARY KEY,
  activity_id  INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
  at           TEXT NOT NULL,
  action       TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'import')),
  changes      TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX activity_history_activity ON activity_history(activity_id, id);
