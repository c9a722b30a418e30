-- 0016: the hazard ledger (隐患) on the ledger kit (electron/core/shared/specs/hazard.ts). The kit
-- keeps a per-record history of changed fields; the lifecycle (登记, 整改, 延期, 复查, 销号, 上报/移送)
-- stays in hazard_events. Edits made in the app, recorded as 'edit' events with their changes until
-- now, move to the history so a hazard's field changes are in one place (an import's 'edit' events
-- stay: they carry the file and row a status came from).

ALTER TABLE hazards ADD COLUMN deleted_at TEXT;

CREATE TABLE hazard_history (
  id         INTEGER PRIMARY KEY,
  hazard_id  INTEGER NOT NULL REFERENCES hazards(id) ON DELETE CASCADE,
  at         TEXT NOT NULL,
  action     TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'import')),
  changes    TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX hazard_history_hazard ON hazard_history(hazard_id, id);

INSERT INTO hazard_history(hazard_id, at, action, changes)
  SELECT hazard_id, at, 'update', coalesce(json_extract(data, '$.changes'), '[]')
  FROM hazard_events WHERE action = 'edit' AND json_extract(data, '$.changes') IS NOT NULL ORDER BY id;
DELETE FROM hazard_events WHERE action = 'edit' AND json_extract(data, '$.changes') IS NOT NULL;
