-- 0005: the enterprise ledger on the ledger kit.
--  * 责任书签订日期 (the year stays for ledgers that record only a year; a date sets it).
--  * 企业规模 becomes 大型/中型/小型/微型 (国统字〔2017〕213号) with a separate 规上/限上 flag.
--    Existing values move without loss: 规模以上/限额以上 → the flag; 小微 stays valid until the
--    clerk picks 小型 or 微型.
--  * name_py: the name's sort key in the order of Intl.Collator('zh-CN'), then its full pinyin and
--    initials (filled by the program, see shared/kit/pinyin.ts); the search index holds the
--    pinyin part, so "lmsl" and "limin" find 利民塑料.

ALTER TABLE enterprises ADD COLUMN responsibility_letter_date TEXT
  CHECK (responsibility_letter_date IS NULL OR responsibility_letter_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');
ALTER TABLE enterprises ADD COLUMN above_threshold INTEGER NOT NULL DEFAULT 0 CHECK (above_threshold IN (0, 1));
ALTER TABLE enterprises ADD COLUMN name_py TEXT;

ALTER TABLE enterprises RENAME COLUMN scale TO scale_before_0005;
ALTER TABLE enterprises ADD COLUMN scale TEXT CHECK (scale IN ('large', 'medium', 'small', 'micro', 'small-micro'));
UPDATE enterprises SET above_threshold = 1 WHERE scale_before_0005 IN ('above-size', 'above-quota');
UPDATE enterprises SET scale = 'small-micro' WHERE scale_before_0005 = 'small-micro';
ALTER TABLE enterprises DROP COLUMN scale_before_0005;

CREATE INDEX enterprises_name_py ON enterprises(name_py);

-- The search index gains the pinyin column: rebuilt from the table.
DROP TRIGGER enterprises_fts_insert;
DROP TRIGGER enterprises_fts_update;
DROP TRIGGER enterprises_fts_delete;
DROP TABLE enterprise_fts;

CREATE VIRTUAL TABLE enterprise_fts USING fts5(
  name, credit_code, people, phones, address, py,
  tokenize = 'trigram'
);

INSERT INTO enterprise_fts(rowid, name, credit_code, people, phones, address, py)
SELECT id, name, coalesce(credit_code, ''),
       concat_ws(' ', legal_representative, principal, safety_officer),
       concat_ws(' ', principal_phone, safety_officer_phone, contact_phone),
       coalesce(address, ''), substr(coalesce(name_py, ''), instr(coalesce(name_py, ''), ' ') + 1)
FROM enterprises;

CREATE TRIGGER enterprises_fts_insert AFTER INSERT ON enterprises BEGIN
  INSERT INTO enterprise_fts(rowid, name, credit_code, people, phones, address, py)
  VALUES (new.id, new.name, coalesce(new.credit_code, ''),
          concat_ws(' ', new.legal_representative, new.principal, new.safety_officer),
          concat_ws(' ', new.principal_phone, new.safety_officer_phone, new.contact_phone),
          coalesce(new.address, ''), substr(coalesce(new.name_py, ''), instr(coalesce(new.name_py, ''), ' ') + 1));
END;

CREATE TRIGGER enterprises_fts_update AFTER UPDATE OF name, name_py, credit_code, legal_representative, principal,
  safety_officer, principal_phone, safety_officer_phone, contact_phone, address ON enterprises BEGIN
  DELETE FROM enterprise_fts WHERE rowid = old.id;
  INSERT INTO enterprise_fts(rowid, name, credit_code, people, phones, address, py)
  VALUES (new.id, new.name, coalesce(new.credit_code, ''),
          concat_ws(' ', new.legal_representative, new.principal, new.safety_officer),
          concat_ws(' ', new.principal_phone, new.safety_officer_phone, new.contact_phone),
          coalesce(new.address, ''), substr(coalesce(new.name_py, ''), instr(coalesce(new.name_py, ''), ' ') + 1));
END;

CREATE TRIGGER enterprises_fts_delete AFTER DELETE ON enterprises BEGIN
  DELETE FROM enterprise_fts WHERE rowid = old.id;
END;
