-- 0009: 烟花爆竹零售经营户 — retail outlets and their licences (child records: a renewal is a new
-- licence of the same outlet). Ledgers on the kit: electron/core/shared/specs/fireworks.ts.

CREATE TABLE fireworks_outlets (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL,
  name_py        TEXT,
  principal      TEXT,
  phones         TEXT,
  village_id     INTEGER REFERENCES villages(id) ON DELETE SET NULL,
  address        TEXT,
  enterprise_id  INTEGER REFERENCES enterprises(id) ON DELETE SET NULL,
  sales_mode     TEXT CHECK (sales_mode IS NULL OR sales_mode IN ('store', 'counter')),
  area           REAL CHECK (area IS NULL OR area >= 0),
  season         TEXT NOT NULL DEFAULT 'spring' CHECK (season IN ('spring', 'year-round')),
  status         TEXT NOT NULL DEFAULT 'operating' CHECK (status IN ('operating', 'suspended', 'closed')),
  notes          TEXT,
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  deleted_at     TEXT
) STRICT;
CREATE INDEX fireworks_outlets_village ON fireworks_outlets(village_id);
CREATE INDEX fireworks_outlets_name_py ON fireworks_outlets(name_py);
CREATE INDEX fireworks_outlets_enterprise ON fireworks_outlets(enterprise_id) WHERE enterprise_id IS NOT NULL;

CREATE TABLE fireworks_outlet_history (
  id         INTEGER PRIMARY KEY,
  outlet_id  INTEGER NOT NULL REFERENCES fireworks_outlets(id) ON DELETE CASCADE,
  at         TEXT NOT NULL,
  action     TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'import')),
  changes    TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX fireworks_outlet_history_outlet ON fireworks_outlet_history(outlet_id, id);

CREATE TABLE fireworks_licences (
  id             INTEGER PRIMARY KEY,
  outlet_id      INTEGER NOT NULL REFERENCES fireworks_outlets(id),
  licence_no     TEXT NOT NULL,
  valid_from     TEXT CHECK (valid_from IS NULL OR valid_from GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  valid_to       TEXT CHECK (valid_to IS NULL OR valid_to GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  scope          TEXT,
  storage_limit  REAL CHECK (storage_limit IS NULL OR storage_limit >= 0),
  issuer         TEXT,
  notes          TEXT,
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  deleted_at     TEXT,
  CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_to >= valid_from)
) STRICT;
-- One licence number is one licence (also in the 回收站: restoring must not create a twin).
CREATE UNIQUE INDEX fireworks_licences_no ON fireworks_licences(licence_no);
CREATE INDEX fireworks_licences_outlet ON fireworks_licences(outlet_id, valid_from);
CREATE INDEX fireworks_licences_valid_to ON fireworks_licences(valid_to) WHERE deleted_at IS NULL;

CREATE TABLE fireworks_licence_history (
  id          INTEGER PRIMARY KEY,
  licence_id  INTEGER NOT NULL REFERENCES fireworks_licences(id) ON DELETE CASCADE,
  at          TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'import')),
  changes     TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX fireworks_licence_history_licence ON fireworks_licence_history(licence_id, id);
