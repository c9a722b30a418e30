-- 0015: 安全生产责任书 signed with villages and departments (a ledger on the kit: this table and
-- electron/core/shared/specs/responsibility-letter.ts). Letters with enterprises stay on the
-- enterprise record.

CREATE TABLE responsibility_letters (
  id           INTEGER PRIMARY KEY,
  title        TEXT,
  year         INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  signer_type  TEXT NOT NULL DEFAULT 'village' CHECK (signer_type IN ('village', 'department', 'other')),
  signer       TEXT NOT NULL,
  village_id   INTEGER REFERENCES villages(id) ON DELETE SET NULL,
  signed_on    TEXT NOT NULL CHECK (signed_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  counterpart  TEXT,
  town_signer  TEXT,
  scope        TEXT,
  notes        TEXT,
  version      INTEGER NOT NULL DEFAULT 1,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  deleted_at   TEXT
) STRICT;
CREATE INDEX responsibility_letters_year ON responsibility_letters(year, signer_type);
CREATE INDEX responsibility_letters_signed_on ON responsibility_letters(signed_on);

CREATE TABLE responsibility_letter_history (
  id         INTEGER PRIMARY KEY,
  letter_id  INTEGER NOT NULL REFERENCES responsibility_letters(id) ON DELETE CASCADE,
  at         TEXT NOT NULL,
  action     TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'import')),
  changes    TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX responsibility_letter_history_letter ON responsibility_letter_history(letter_id, id);
