-- 0014: an inspection (and its hazards and documents) may be of a 烟花爆竹零售点 instead of an
-- enterprise: an outlet that is not an enterprise is inspected as an outlet, so no enterprise record
-- is invented for it and the roster's counts stay enterprises only. Exactly one of enterprise_id and
-- outlet_id is set. SQLite cannot drop NOT NULL in place, so the eight tables of 0003 (and 0012's
-- document_services, which points at documents) are rebuilt
-- with the same rows and ids: copied aside, dropped children first (nothing cascades), created
-- again and filled parents first. Everything else in them is as 0003 made them.

CREATE TEMP TABLE keep_inspections AS SELECT * FROM inspections;
CREATE TEMP TABLE keep_inspection_inspectors AS SELECT * FROM inspection_inspectors;
CREATE TEMP TABLE keep_inspection_results AS SELECT * FROM inspection_results;
CREATE TEMP TABLE keep_hazards AS SELECT * FROM hazards;
CREATE TEMP TABLE keep_hazard_events AS SELECT * FROM hazard_events;
CREATE TEMP TABLE keep_hazard_photos AS SELECT * FROM hazard_photos;
CREATE TEMP TABLE keep_documents AS SELECT * FROM documents;
CREATE TEMP TABLE keep_document_hazards AS SELECT * FROM document_hazards;
CREATE TEMP TABLE keep_document_services AS SELECT * FROM document_services;

DROP TABLE document_services;
DROP TABLE document_hazards;
DROP TABLE documents;
DROP TABLE hazard_photos;
DROP TABLE hazard_events;
DROP TABLE hazards;
DROP TABLE inspection_results;
DROP TABLE inspection_inspectors;
DROP TABLE inspections;

CREATE TABLE inspections (
  id             INTEGER PRIMARY KEY,
  enterprise_id  INTEGER REFERENCES enterprises(id),
  outlet_id      INTEGER REFERENCES fireworks_outlets(id),
  place          TEXT,
  started_at     TEXT NOT NULL CHECK (started_at GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]'),
  ended_at       TEXT CHECK (ended_at IS NULL OR (ended_at GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]' AND ended_at >= started_at)),
  type           TEXT NOT NULL CHECK (type IN ('daily', 'special', 'holiday', 'reinspection', 'joint')),
  mode           TEXT NOT NULL CHECK (mode IN ('planned', 'random')),
  findings       TEXT NOT NULL DEFAULT '',
  template_id    INTEGER REFERENCES checklist_templates(id) ON DELETE SET NULL,
  template_name  TEXT,                     -- kept when the template is later renamed or deleted
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  CHECK ((enterprise_id IS NULL) <> (outlet_id IS NULL))
) STRICT;
CREATE INDEX inspections_outlet ON inspections(outlet_id, started_at) WHERE outlet_id IS NOT NULL;
CREATE INDEX inspections_enterprise ON inspections(enterprise_id, started_at);
CREATE INDEX inspections_started ON inspections(started_at);

CREATE TABLE inspection_inspectors (
  inspection_id  INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  staff_id       INTEGER NOT NULL REFERENCES staff(id),
  position       INTEGER NOT NULL,
  PRIMARY KEY (inspection_id, staff_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX inspection_inspectors_staff ON inspection_inspectors(staff_id);

-- The checklist of one inspection: a copy of the template's items taken when the inspection was
-- created, so editing a template never changes what an earlier record says.
CREATE TABLE inspection_results (
  id                 INTEGER PRIMARY KEY,
  inspection_id      INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  checklist_item_id  INTEGER REFERENCES checklist_items(id) ON DELETE SET NULL,
  position           INTEGER NOT NULL,
  category           TEXT NOT NULL DEFAULT '',
  text               TEXT NOT NULL,
  basis              TEXT NOT NULL DEFAULT '',
  major_hazard_if    INTEGER NOT NULL DEFAULT 0 CHECK (major_hazard_if IN (0, 1)),
  result             TEXT CHECK (result IS NULL OR result IN ('pass', 'fail', 'na')),
  note               TEXT
) STRICT;
CREATE INDEX inspection_results_inspection ON inspection_results(inspection_id, position);

CREATE TABLE hazards (
  id                            INTEGER PRIMARY KEY,
  enterprise_id                 INTEGER REFERENCES enterprises(id),
  outlet_id                     INTEGER REFERENCES fireworks_outlets(id),
  inspection_id                 INTEGER REFERENCES inspections(id),
  result_id                     INTEGER UNIQUE REFERENCES inspection_results(id) ON DELETE SET NULL,
  checklist_item_id             INTEGER REFERENCES checklist_items(id) ON DELETE SET NULL,
  description                   TEXT NOT NULL CHECK (length(description) >= 1),
  place                         TEXT,
  category                      TEXT,
  grade                         TEXT NOT NULL CHECK (grade IN ('general', 'major')),
  basis                         TEXT,
  found_on                      TEXT NOT NULL CHECK (found_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  deadline                      TEXT CHECK (deadline IS NULL OR (deadline GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]' AND deadline >= found_on)),
  responsible_person            TEXT,
  measures                      TEXT,
  status                        TEXT NOT NULL DEFAULT 'pending'
                                CHECK (status IN ('pending', 'rectifying', 'awaiting_review', 'closed', 'overdue', 'referred')),
  supervision_level             TEXT CHECK (supervision_level IS NULL OR (supervision_level IN ('city', 'county', 'township') AND grade = 'major')),
  extension_requested_on        TEXT,
  extension_requested_deadline  TEXT,
  extension_answer              TEXT CHECK (extension_answer IS NULL OR extension_answer IN ('approved', 'rejected')),
  extension_answered_on         TEXT,
  review_requested_on           TEXT,      -- the enterprise reported it rectified / asked for 复查
  reviewed_on                   TEXT,      -- last 复查
  closed_on                     TEXT,      -- 销号
  referred_on                   TEXT,
  referred_to                   TEXT,
  version                       INTEGER NOT NULL DEFAULT 1,
  created_at                    TEXT NOT NULL,
  updated_at                    TEXT NOT NULL,
  CHECK ((status = 'closed') = (closed_on IS NOT NULL)),
  CHECK (extension_answer IS NULL OR extension_requested_on IS NOT NULL),
  CHECK ((enterprise_id IS NULL) <> (outlet_id IS NULL))
) STRICT;
CREATE INDEX hazards_outlet ON hazards(outlet_id) WHERE outlet_id IS NOT NULL;
CREATE INDEX hazards_enterprise ON hazards(enterprise_id);
CREATE INDEX hazards_inspection ON hazards(inspection_id);
CREATE INDEX hazards_status_deadline ON hazards(status, deadline);
CREATE INDEX hazards_found ON hazards(found_on);

-- Every change of a hazard: creation, edits and each lifecycle step, with the business date.
CREATE TABLE hazard_events (
  id           INTEGER PRIMARY KEY,
  hazard_id    INTEGER NOT NULL REFERENCES hazards(id) ON DELETE CASCADE,
  at           TEXT NOT NULL,
  on_date      TEXT NOT NULL,
  action       TEXT NOT NULL,
  from_status  TEXT,
  to_status    TEXT,
  note         TEXT,
  data         TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX hazard_events_hazard ON hazard_events(hazard_id, id);

-- Photos live in <dataDir>/attachments/<sha256[0:2]>/<sha256>; the row names them.
CREATE TABLE hazard_photos (
  id          INTEGER PRIMARY KEY,
  hazard_id   INTEGER NOT NULL REFERENCES hazards(id) ON DELETE CASCADE,
  sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
  file_name   TEXT NOT NULL,
  mime        TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
  size        INTEGER NOT NULL CHECK (size > 0),
  created_at  TEXT NOT NULL,
  UNIQUE (hazard_id, sha256)
) STRICT;
CREATE INDEX hazard_photos_sha ON hazard_photos(sha256);

-- 文书: the number is assigned in the transaction that inserts the row (document_counters),
-- so numbers have no gaps, no duplicates and are never reused. A document is never deleted:
-- voiding keeps the number with 作废. The payload is what was printed.
CREATE TABLE documents (
  id                 INTEGER PRIMARY KEY,
  type               TEXT NOT NULL CHECK (type IN ('check_record', 'rectification_order', 'rectification_opinion', 'reinspection_opinion')),
  year               INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2999),
  seq                INTEGER NOT NULL CHECK (seq >= 1),
  number             TEXT NOT NULL UNIQUE,
  inspection_id      INTEGER NOT NULL REFERENCES inspections(id),
  enterprise_id      INTEGER REFERENCES enterprises(id),
  outlet_id          INTEGER REFERENCES fireworks_outlets(id),
  cites_document_id  INTEGER REFERENCES documents(id),
  issued_on          TEXT NOT NULL CHECK (issued_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  issued_at          TEXT NOT NULL,
  voided_at          TEXT,
  void_reason        TEXT,
  payload            TEXT NOT NULL,
  pdf_sha256         TEXT CHECK (pdf_sha256 IS NULL OR length(pdf_sha256) = 64),
  pdf_attached_at    TEXT,
  UNIQUE (type, year, seq),
  CHECK ((voided_at IS NULL) = (void_reason IS NULL)),
  CHECK ((type = 'reinspection_opinion') = (cites_document_id IS NOT NULL)),
  CHECK (CAST(substr(issued_on, 1, 4) AS INTEGER) = year),
  CHECK ((enterprise_id IS NULL) <> (outlet_id IS NULL))
) STRICT;
CREATE INDEX documents_outlet ON documents(outlet_id) WHERE outlet_id IS NOT NULL;
CREATE INDEX documents_inspection ON documents(inspection_id);
CREATE INDEX documents_enterprise ON documents(enterprise_id);
CREATE INDEX documents_issued ON documents(issued_on);

-- Which hazards a document lists, in printed order (第1项, 第2项 …).
CREATE TABLE document_hazards (
  document_id  INTEGER NOT NULL REFERENCES documents(id),
  hazard_id    INTEGER NOT NULL REFERENCES hazards(id),
  no           INTEGER NOT NULL,
  PRIMARY KEY (document_id, hazard_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX document_hazards_hazard ON document_hazards(hazard_id);

-- As 0012 made it.
CREATE TABLE document_services (
  id              INTEGER PRIMARY KEY,
  document_id     INTEGER NOT NULL UNIQUE REFERENCES documents(id),
  served_at       TEXT NOT NULL CHECK (served_at GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]'),
  place           TEXT NOT NULL CHECK (length(place) >= 1),
  method          TEXT NOT NULL CHECK (method IN ('direct', 'left', 'mail', 'entrusted')),
  recipient       TEXT,             -- 收件人 (or the person who refused, 留置送达)
  recipient_role  TEXT,             -- 法定代表人 / 主要负责人 / 负责收件的人 / 代收人
  servers         TEXT NOT NULL,    -- JSON array of names (送达人)
  refusal_reason  TEXT,             -- 拒收事由, only on 留置送达
  witnesses       TEXT NOT NULL DEFAULT '[]', -- JSON array of {name, unit} (见证人)
  note            TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  CHECK ((method = 'left') = (refusal_reason IS NOT NULL))
) STRICT;

CREATE TRIGGER documents_never_deleted BEFORE DELETE ON documents BEGIN
  SELECT RAISE(ABORT, '已出具的文书不能删除，只能作废（编号保留）');
END;

CREATE TRIGGER documents_number_fixed BEFORE UPDATE OF type, year, seq, number, inspection_id, enterprise_id,
  outlet_id, cites_document_id, issued_on, payload ON documents BEGIN
  SELECT RAISE(ABORT, '已出具的文书内容和编号不能修改；如有错误，请作废后重新出具');
END;

INSERT INTO inspections(id, enterprise_id, place, started_at, ended_at, type, mode, findings, template_id, template_name, version, created_at, updated_at)
  SELECT id, enterprise_id, place, started_at, ended_at, type, mode, findings, template_id, template_name, version, created_at, updated_at FROM temp.keep_inspections ORDER BY rowid;
INSERT INTO inspection_inspectors(inspection_id, staff_id, position)
  SELECT inspection_id, staff_id, position FROM temp.keep_inspection_inspectors ORDER BY rowid;
INSERT INTO inspection_results(id, inspection_id, checklist_item_id, position, category, text, basis, major_hazard_if, result, note)
  SELECT id, inspection_id, checklist_item_id, position, category, text, basis, major_hazard_if, result, note FROM temp.keep_inspection_results ORDER BY rowid;
INSERT INTO hazards(id, enterprise_id, inspection_id, result_id, checklist_item_id, description, place, category, grade, basis, found_on, deadline, responsible_person, measures, status, supervision_level, extension_requested_on, extension_requested_deadline, extension_answer, extension_answered_on, review_requested_on, reviewed_on, closed_on, referred_on, referred_to, version, created_at, updated_at)
  SELECT id, enterprise_id, inspection_id, result_id, checklist_item_id, description, place, category, grade, basis, found_on, deadline, responsible_person, measures, status, supervision_level, extension_requested_on, extension_requested_deadline, extension_answer, extension_answered_on, review_requested_on, reviewed_on, closed_on, referred_on, referred_to, version, created_at, updated_at FROM temp.keep_hazards ORDER BY rowid;
INSERT INTO hazard_events(id, hazard_id, at, on_date, action, from_status, to_status, note, data)
  SELECT id, hazard_id, at, on_date, action, from_status, to_status, note, data FROM temp.keep_hazard_events ORDER BY rowid;
INSERT INTO hazard_photos(id, hazard_id, sha256, file_name, mime, size, created_at)
  SELECT id, hazard_id, sha256, file_name, mime, size, created_at FROM temp.keep_hazard_photos ORDER BY rowid;
INSERT INTO documents(id, type, year, seq, number, inspection_id, enterprise_id, cites_document_id, issued_on, issued_at, voided_at, void_reason, payload, pdf_sha256, pdf_attached_at)
  SELECT id, type, year, seq, number, inspection_id, enterprise_id, cites_document_id, issued_on, issued_at, voided_at, void_reason, payload, pdf_sha256, pdf_attached_at FROM temp.keep_documents ORDER BY rowid;
INSERT INTO document_hazards(document_id, hazard_id, no)
  SELECT document_id, hazard_id, no FROM temp.keep_document_hazards ORDER BY rowid;

INSERT INTO document_services(id, document_id, served_at, place, method, recipient, recipient_role, servers, refusal_reason, witnesses, note, created_at, updated_at)
  SELECT id, document_id, served_at, place, method, recipient, recipient_role, servers, refusal_reason, witnesses, note, created_at, updated_at FROM temp.keep_document_services ORDER BY rowid;

DROP TABLE temp.keep_inspections;
DROP TABLE temp.keep_inspection_inspectors;
DROP TABLE temp.keep_inspection_results;
DROP TABLE temp.keep_hazards;
DROP TABLE temp.keep_hazard_events;
DROP TABLE temp.keep_hazard_photos;
DROP TABLE temp.keep_documents;
DROP TABLE temp.keep_document_hazards;
DROP TABLE temp.keep_document_services;
