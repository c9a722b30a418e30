-- 0001: settings, villages, industries, enterprise ledger with history and full-text search.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE villages (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE industries (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  sort_order INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE enterprises (
  id                          INTEGER PRIMARY KEY,
  name                        TEXT NOT NULL,
  credit_code                 TEXT,
  legal_representative        TEXT,
  principal                   TEXT,
  principal_phone             TEXT,
  safety_officer              TEXT,
  safety_officer_phone        TEXT,
  contact_phone               TEXT,
  village_id                  INTEGER NOT NULL REFERENCES villages(id),
  address                     TEXT,
  industry_id                 INTEGER REFERENCES industries(id),
  scale                       TEXT CHECK (scale IN ('above-size', 'above-quota', 'small-micro')),
  employees                   INTEGER CHECK (employees >= 0),
  flag_hazchem                INTEGER NOT NULL DEFAULT 0 CHECK (flag_hazchem IN (0, 1)),
  flag_dust                   INTEGER NOT NULL DEFAULT 0 CHECK (flag_dust IN (0, 1)),
  flag_ammonia                INTEGER NOT NULL DEFAULT 0 CHECK (flag_ammonia IN (0, 1)),
  flag_confined_space         INTEGER NOT NULL DEFAULT 0 CHECK (flag_confined_space IN (0, 1)),
  flag_metallurgy             INTEGER NOT NULL DEFAULT 0 CHECK (flag_metallurgy IN (0, 1)),
  flag_gas                    INTEGER NOT NULL DEFAULT 0 CHECK (flag_gas IN (0, 1)),
  flag_fireworks              INTEGER NOT NULL DEFAULT 0 CHECK (flag_fireworks IN (0, 1)),
  flag_crowded                INTEGER NOT NULL DEFAULT 0 CHECK (flag_crowded IN (0, 1)),
  standardization             TEXT CHECK (standardization IN ('level1', 'level2', 'level3', 'micro', 'none')),
  risk_level                  TEXT CHECK (risk_level IN ('major', 'high', 'medium', 'low')),
  responsibility_letter_year  INTEGER,
  status                      TEXT NOT NULL DEFAULT 'operating' CHECK (status IN ('operating', 'suspended', 'closed')),
  notes                       TEXT,
  version                     INTEGER NOT NULL DEFAULT 1,
  created_at                  TEXT NOT NULL,
  updated_at                  TEXT NOT NULL,
  deleted_at                  TEXT
) STRICT;

-- A credit code identifies one enterprise, also across the 回收站 (restoring must not clash).
CREATE UNIQUE INDEX enterprises_credit_code ON enterprises(credit_code) WHERE credit_code IS NOT NULL;
CREATE INDEX enterprises_village ON enterprises(village_id, deleted_at);
CREATE INDEX enterprises_industry ON enterprises(industry_id);
CREATE INDEX enterprises_name ON enterprises(name);
CREATE INDEX enterprises_updated ON enterprises(updated_at);

CREATE TABLE enterprise_history (
  id            INTEGER PRIMARY KEY,
  enterprise_id INTEGER NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
  at            TEXT NOT NULL,
  action        TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'import')),
  changes       TEXT NOT NULL DEFAULT '[]'  -- JSON [{ field, before, after }]
) STRICT;
CREATE INDEX enterprise_history_enterprise ON enterprise_history(enterprise_id, id);

-- Search over name, code, people, phones and address. Trigram matches any 3+ character
-- substring; 1-2 character queries fall back to LIKE in the repository.
CREATE VIRTUAL TABLE enterprise_fts USING fts5(
  name, credit_code, people, phones, address,
  tokenize = 'trigram'
);

CREATE TRIGGER enterprises_fts_insert AFTER INSERT ON enterprises BEGIN
  INSERT INTO enterprise_fts(rowid, name, credit_code, people, phones, address)
  VALUES (new.id, new.name, coalesce(new.credit_code, ''),
          concat_ws(' ', new.legal_representative, new.principal, new.safety_officer),
          concat_ws(' ', new.principal_phone, new.safety_officer_phone, new.contact_phone),
          coalesce(new.address, ''));
END;

CREATE TRIGGER enterprises_fts_update AFTER UPDATE OF name, credit_code, legal_representative, principal,
  safety_officer, principal_phone, safety_officer_phone, contact_phone, address ON enterprises BEGIN
  DELETE FROM enterprise_fts WHERE rowid = old.id;
  INSERT INTO enterprise_fts(rowid, name, credit_code, people, phones, address)
  VALUES (new.id, new.name, coalesce(new.credit_code, ''),
          concat_ws(' ', new.legal_representative, new.principal, new.safety_officer),
          concat_ws(' ', new.principal_phone, new.safety_officer_phone, new.contact_phone),
          coalesce(new.address, ''));
END;

CREATE TRIGGER enterprises_fts_delete AFTER DELETE ON enterprises BEGIN
  DELETE FROM enterprise_fts WHERE rowid = old.id;
END;
