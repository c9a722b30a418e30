-- 0023: an import batch names the table its records are in, and people a duty roster's import added
-- to the staff list are recorded with the batch like any other record an import creates on the side.
--  - import_batches.table_name: a record's history finds the batch that created it by its table
--    (the batch's ledger name is not its table: 'fireworks' writes fireworks_outlets, 'duty'
--    duty_shifts), so an outlet created by an import has its 导入批次 line.
--  - import_batch_created may hold 'staff': undo removes exactly the people the batch added (they
--    were found by their creation time, which took a person the clerk added by hand at that time).

ALTER TABLE import_batches ADD COLUMN table_name TEXT NOT NULL DEFAULT '';
UPDATE import_batches SET table_name = CASE ledger
  WHEN 'fireworks' THEN 'fireworks_outlets'
  WHEN 'duty' THEN 'duty_shifts'
  ELSE ledger END;

CREATE TABLE import_batch_created_new (
  batch_id   INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
  table_name TEXT NOT NULL CHECK (table_name IN ('enterprises', 'villages', 'industries', 'chem_units', 'staff')),
  record_id  INTEGER NOT NULL,
  PRIMARY KEY (batch_id, table_name, record_id)
) STRICT, WITHOUT ROWID;
INSERT INTO import_batch_created_new SELECT * FROM import_batch_created;
DROP TABLE import_batch_created;
ALTER TABLE import_batch_created_new RENAME TO import_batch_created;
