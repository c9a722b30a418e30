-- 0011: 危险化学品经营许可证 of enterprises that trade chemicals: number, type (无储存/零售/设储存),
-- issuing authority, scope and validity; the 工作台 reminds of licences close to their end date.

CREATE TABLE chem_licences (
  id             INTEGER PRIMARY KEY,
  enterprise_id  INTEGER NOT NULL REFERENCES enterprises(id),
  licence_no     TEXT NOT NULL,
  type           TEXT NOT NULL DEFAULT 'noStorage' CHECK (type IN ('noStorage', 'retail', 'storage')),
  issuer         TEXT,
  scope          TEXT,
  valid_from     TEXT CHECK (valid_from IS NULL OR valid_from GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  valid_to       TEXT CHECK (valid_to IS NULL OR valid_to GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  notes          TEXT,
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  deleted_at     TEXT
) STRICT;
CREATE INDEX chem_licences_enterprise ON chem_licences(enterprise_id);
CREATE INDEX chem_licences_valid_to ON chem_licences(valid_to);

CREATE TABLE chem_licence_history (
  id          INTEGER PRIMARY KEY,
  licence_id  INTEGER NOT NULL REFERENCES chem_licences(id) ON DELETE CASCADE,
  at          TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'import')),
  changes     TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX chem_licence_history_licence ON chem_licence_history(licence_id, id);
