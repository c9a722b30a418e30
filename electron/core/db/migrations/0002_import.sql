-- 0002: 成立日期 on enterprises; import batches (undo) and remembered column mappings.

ALTER TABLE enterprises ADD COLUMN established_date TEXT CHECK (established_date IS NULL OR established_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');

CREATE TABLE import_batches (
  id          INTEGER PRIMARY KEY,
  ledger      TEXT NOT NULL,
  file_name   TEXT NOT NULL,
  sheet       TEXT NOT NULL,
  at          TEXT NOT NULL,
  inserted    INTEGER NOT NULL DEFAULT 0,
  updated     INTEGER NOT NULL DEFAULT 0,
  skipped     INTEGER NOT NULL DEFAULT 0,
  errors      INTEGER NOT NULL DEFAULT 0,
  undone_at   TEXT
) STRICT;

-- One row per record the batch touched, with the record as it was before (NULL when inserted),
-- and the version it had right after the import (to detect later edits before an undo).
CREATE TABLE import_batch_items (
  batch_id      INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
  record_id     INTEGER NOT NULL,
  action        TEXT NOT NULL CHECK (action IN ('insert', 'update')),
  before        TEXT,
  after_version INTEGER NOT NULL,
  PRIMARY KEY (batch_id, record_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE import_mappings (
  ledger      TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  mapping     TEXT NOT NULL,  -- JSON { "<column number>": "<field key>" }
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (ledger, fingerprint)
) STRICT;
