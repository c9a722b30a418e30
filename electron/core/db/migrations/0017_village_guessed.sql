-- 0017: an enterprise's 所属村 guessed on import from its address stays marked (推测) until a clerk
-- confirms it. Existing records were entered or imported with their village: not guessed.

ALTER TABLE enterprises ADD COLUMN village_guessed INTEGER NOT NULL DEFAULT 0 CHECK (village_guessed IN (0, 1));
