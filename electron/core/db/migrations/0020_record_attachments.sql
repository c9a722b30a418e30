-- 0020: files attached to a record of a kit ledger whose spec declares `attachments` (a meeting's
-- minutes, a sign-in sheet, photos of a publicity event). The bytes live in the content-addressed
-- store of the data folder (attachments/<sha256[0:2]>/<sha256>, as hazard photos and archived PDFs);
-- a row names the ledger by its spec key and the record by its id.

CREATE TABLE record_attachments (
  id          INTEGER PRIMARY KEY,
  ledger      TEXT NOT NULL CHECK (ledger GLOB '[a-z]*'),
  record_id   INTEGER NOT NULL,
  sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
  file_name   TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 210),
  mime        TEXT NOT NULL,
  size        INTEGER NOT NULL CHECK (size > 0),
  created_at  TEXT NOT NULL,
  UNIQUE (ledger, record_id, sha256)
) STRICT;
CREATE INDEX record_attachments_sha256 ON record_attachments(sha256);
