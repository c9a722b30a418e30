-- 0010: hazardous chemicals (危险化学品) and GB 18218-2018 major-hazard identification.
--  * chem_catalog: the 危险化学品目录（2015版） loaded by the program from resources/ at start
--    (seq = row in the shipped file; local entries the office adds have no seq and local = 1).
--    易制爆 and 重点监管 are editable per entry until the official lists are shipped.
--  * chem_units: 储存单元/生产单元 per enterprise (GB 18218 sums per unit); population = 厂区边界
--    外500米范围内常住人口 (表5 α). provisional = 「待划分单元」 made by an import without units.
--  * chemicals: what each unit holds, with quantities as entered (t, kg, L or m³ with a density).
--  * chem_unit_results: S, R and the grade of each unit, recomputed by the program whenever its
--    inventory or the unit changes; an enterprise's grade is the highest among its units.

CREATE TABLE chem_catalog (
  id                  INTEGER PRIMARY KEY,
  seq                 INTEGER UNIQUE,
  name                TEXT NOT NULL,
  aliases             TEXT NOT NULL DEFAULT '',
  cas                 TEXT NOT NULL DEFAULT '',
  highly_toxic        INTEGER NOT NULL DEFAULT 0 CHECK (highly_toxic IN (0, 1)),
  explosive_precursor INTEGER NOT NULL DEFAULT 0 CHECK (explosive_precursor IN (0, 1)),
  key_supervised      INTEGER NOT NULL DEFAULT 0 CHECK (key_supervised IN (0, 1)),
  note                TEXT NOT NULL DEFAULT '',
  initials            TEXT NOT NULL DEFAULT '',
  local               INTEGER NOT NULL DEFAULT 0 CHECK (local IN (0, 1)),
  created_at          TEXT NOT NULL,
  CHECK ((local = 1) = (seq IS NULL))
) STRICT;
CREATE INDEX chem_catalog_name ON chem_catalog(name);

CREATE TABLE chem_units (
  id             INTEGER PRIMARY KEY,
  enterprise_id  INTEGER NOT NULL REFERENCES enterprises(id),
  name           TEXT NOT NULL,
  name_py        TEXT,
  kind           TEXT NOT NULL DEFAULT 'storage' CHECK (kind IN ('storage', 'production')),
  population     INTEGER CHECK (population IS NULL OR population >= 0),
  provisional    INTEGER NOT NULL DEFAULT 0 CHECK (provisional IN (0, 1)),
  notes          TEXT,
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  deleted_at     TEXT
) STRICT;
CREATE INDEX chem_units_enterprise ON chem_units(enterprise_id, name);

CREATE TABLE chem_unit_history (
  id       INTEGER PRIMARY KEY,
  unit_id  INTEGER NOT NULL REFERENCES chem_units(id) ON DELETE CASCADE,
  at       TEXT NOT NULL,
  action   TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'import')),
  changes  TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX chem_unit_history_unit ON chem_unit_history(unit_id, id);

CREATE TABLE chemicals (
  id                  INTEGER PRIMARY KEY,
  enterprise_id       INTEGER NOT NULL REFERENCES enterprises(id),
  unit_id             INTEGER NOT NULL REFERENCES chem_units(id),
  catalog_id          INTEGER REFERENCES chem_catalog(id) ON DELETE SET NULL,
  name                TEXT NOT NULL,
  cas                 TEXT,
  state               TEXT CHECK (state IS NULL OR state IN ('gas', 'liquid', 'solid')),
  categories          TEXT,
  hazard_class        TEXT,
  max_quantity        REAL CHECK (max_quantity IS NULL OR max_quantity >= 0),
  usual_quantity      REAL CHECK (usual_quantity IS NULL OR usual_quantity >= 0),
  annual_use          REAL CHECK (annual_use IS NULL OR annual_use >= 0),
  quantity_unit       TEXT NOT NULL DEFAULT 't' CHECK (quantity_unit IN ('t', 'kg', 'l', 'm3')),
  density             REAL CHECK (density IS NULL OR density > 0),
  highly_toxic        INTEGER NOT NULL DEFAULT 0 CHECK (highly_toxic IN (0, 1)),
  explosive_precursor INTEGER NOT NULL DEFAULT 0 CHECK (explosive_precursor IN (0, 1)),
  key_supervised      INTEGER NOT NULL DEFAULT 0 CHECK (key_supervised IN (0, 1)),
  notes               TEXT,
  version             INTEGER NOT NULL DEFAULT 1,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  deleted_at          TEXT
) STRICT;
CREATE INDEX chemicals_unit ON chemicals(unit_id);
CREATE INDEX chemicals_enterprise ON chemicals(enterprise_id, name);

CREATE TABLE chemical_history (
  id           INTEGER PRIMARY KEY,
  chemical_id  INTEGER NOT NULL REFERENCES chemicals(id) ON DELETE CASCADE,
  at           TEXT NOT NULL,
  action       TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'import')),
  changes      TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX chemical_history_chemical ON chemical_history(chemical_id, id);

CREATE TABLE chem_unit_results (
  unit_id        INTEGER PRIMARY KEY REFERENCES chem_units(id) ON DELETE CASCADE,
  enterprise_id  INTEGER NOT NULL REFERENCES enterprises(id),
  s              REAL NOT NULL,
  major          INTEGER NOT NULL CHECK (major IN (0, 1)),
  r              REAL,
  grade          INTEGER CHECK (grade IS NULL OR grade BETWEEN 1 AND 4),
  pending        TEXT NOT NULL DEFAULT '',
  computed_at    TEXT NOT NULL
) STRICT;
CREATE INDEX chem_unit_results_enterprise ON chem_unit_results(enterprise_id, grade);

-- A chemical ledger's import may create units (and enterprises) on the side: undo removes them.
CREATE TABLE import_batch_created_new (
  batch_id   INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
  table_name TEXT NOT NULL CHECK (table_name IN ('enterprises', 'villages', 'industries', 'chem_units')),
  record_id  INTEGER NOT NULL,
  PRIMARY KEY (batch_id, table_name, record_id)
) STRICT, WITHOUT ROWID;
INSERT INTO import_batch_created_new SELECT * FROM import_batch_created;
DROP TABLE import_batch_created;
ALTER TABLE import_batch_created_new RENAME TO import_batch_created;
