-- 0012: 送达回执 (REFERENCE.md §1.7). How a decision-type document reached the enterprise: one record per
-- document, printed as the receipt the recipient signs. 留置送达 (refusal) needs the reason and witnesses.
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
