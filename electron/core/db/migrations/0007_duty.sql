-- 0007: duty rosters (值班表) and the duty log (值班日志).
-- People are the one 本单位人员 list (staff) that inspections use: it gains a phone, a post (职务)
-- and a duty role (带班领导 / 值班人员 / 不参加值班), and the dates a person cannot be on duty.

ALTER TABLE staff ADD COLUMN phone TEXT CHECK (phone IS NULL OR length(phone) BETWEEN 1 AND 60);
ALTER TABLE staff ADD COLUMN position TEXT CHECK (position IS NULL OR length(position) BETWEEN 1 AND 30);
ALTER TABLE staff ADD COLUMN duty_role TEXT NOT NULL DEFAULT 'none' CHECK (duty_role IN ('none', 'leader', 'staff'));

CREATE TABLE staff_unavailable (
  id          INTEGER PRIMARY KEY,
  staff_id    INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  date_from   TEXT NOT NULL CHECK (date_from GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  date_to     TEXT NOT NULL CHECK (date_to GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND date_to >= date_from),
  reason      TEXT,
  created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX staff_unavailable_staff ON staff_unavailable(staff_id, date_from);

-- Holidays and make-up workdays the office enters (years the calendar package does not cover yet,
-- or a correction); they win over the package for their date.
CREATE TABLE calendar_days (
  date        TEXT PRIMARY KEY CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  kind        TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 20),
  created_at  TEXT NOT NULL
) STRICT;

-- The roster: one row per date × shift × person. A leader (带班) holds the whole day ('full').
CREATE TABLE duty_assignments (
  id          INTEGER PRIMARY KEY,
  date        TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  shift       TEXT NOT NULL CHECK (shift IN ('full', 'day', 'night')),
  role        TEXT NOT NULL CHECK (role IN ('leader', 'staff')),
  staff_id    INTEGER NOT NULL REFERENCES staff(id),
  source      TEXT NOT NULL CHECK (source IN ('generated', 'manual', 'swap', 'import')),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (date, shift, staff_id)
) STRICT;
CREATE INDEX duty_assignments_staff ON duty_assignments(staff_id, date);

-- Every change to the roster: generation, manual edits, swaps (调班) and replacements (替班),
-- imports — who asked for it and when.
CREATE TABLE duty_changes (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('generate', 'edit', 'swap', 'replace', 'import', 'clear')),
  operator    TEXT NOT NULL CHECK (length(operator) BETWEEN 1 AND 30),
  date_from   TEXT NOT NULL,
  date_to     TEXT NOT NULL,
  summary     TEXT NOT NULL,
  reason      TEXT
) STRICT;
CREATE INDEX duty_changes_dates ON duty_changes(date_from, date_to);

-- 值班日志: a ledger on the kit (electron/core/shared/specs/duty-log.ts).
CREATE TABLE duty_log (
  id           INTEGER PRIMARY KEY,
  date         TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  time         TEXT,
  channel      TEXT NOT NULL DEFAULT 'phone' CHECK (channel IN ('phone', 'document', 'visit', 'other')),
  caller       TEXT,
  unit         TEXT,
  phone        TEXT,
  subject      TEXT NOT NULL,
  reported_to  TEXT,
  instruction  TEXT,
  handling     TEXT,
  status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  recorder     TEXT,
  version      INTEGER NOT NULL DEFAULT 1,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  deleted_at   TEXT
) STRICT;
CREATE INDEX duty_log_date ON duty_log(date, time);

CREATE TABLE duty_log_history (
  id           INTEGER PRIMARY KEY,
  duty_log_id  INTEGER NOT NULL REFERENCES duty_log(id) ON DELETE CASCADE,
  at           TEXT NOT NULL,
  action       TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'import')),
  changes      TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX duty_log_history_entry ON duty_log_history(duty_log_id, id);

-- 值班日报: one per day, sent up to the county. 零报告 ("无") when nothing happened.
CREATE TABLE duty_reports (
  date         TEXT PRIMARY KEY CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  zero         INTEGER NOT NULL DEFAULT 0 CHECK (zero IN (0, 1)),
  summary      TEXT,
  reporter     TEXT,
  reported_at  TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;
