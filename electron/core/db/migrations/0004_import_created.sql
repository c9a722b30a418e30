-- 0004: records an import created on the side (e.g. enterprises a hazard ledger named that were
-- not in the roster yet), so undoing the batch removes them too when nothing else uses them.

CREATE TABLE import_batch_created (
  batch_id   INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
  table_name TEXT NOT NULL CHECK (table_name IN ('enterprises', 'villages', 'industries')),
  record_id  INTEGER NOT NULL,
  PRIMARY KEY (batch_id, table_name, record_id)
) STRICT, WITHOUT ROWID;
