-- 0008: the audit trail (操作日志) — who did what to which record, and when, for every ledger, import,
-- document and restore. Append-only: the triggers refuse any change or removal of an entry, so the
-- trail can be trusted as a record. `uid` identifies an entry across copies of the database, so the
-- entries written after a backup are carried into it when that backup is restored.

CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY,
  uid          TEXT NOT NULL UNIQUE,
  at           TEXT NOT NULL,
  operator     TEXT NOT NULL,
  action       TEXT NOT NULL,
  ledger       TEXT NOT NULL,
  record_id    INTEGER,
  record_name  TEXT,
  changes      TEXT NOT NULL DEFAULT '[]',
  note         TEXT
) STRICT;
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_record ON audit_log(ledger, record_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
