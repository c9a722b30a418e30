-- 0013: the annual inspection plan (年度执法检查计划) and its 双随机 draws. A plan item is one
-- enterprise to inspect in one month of one year, by named staff; a draw records its seed, the
-- candidate lists and the result, so "重现抽取" can recompute it and show it is the same.

CREATE TABLE inspection_draws (
  id               INTEGER PRIMARY KEY,
  year             INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  title            TEXT NOT NULL,
  seed             INTEGER NOT NULL CHECK (seed BETWEEN 0 AND 4294967295),
  enterprise_count INTEGER NOT NULL CHECK (enterprise_count >= 1),
  inspector_count  INTEGER NOT NULL CHECK (inspector_count >= 0),
  -- the filter the candidate list was taken with, in words (村, 行业, 重点行业领域 …)
  criteria         TEXT NOT NULL DEFAULT '',
  -- JSON [{id, name}] in the order the draw used (by id)
  candidates       TEXT NOT NULL,
  staff_candidates TEXT NOT NULL,
  -- JSON [id] in the order drawn
  enterprises      TEXT NOT NULL,
  inspectors       TEXT NOT NULL,
  operator         TEXT,
  created_at       TEXT NOT NULL
) STRICT;

CREATE TABLE inspection_plan_items (
  id            INTEGER PRIMARY KEY,
  year          INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  month         INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
  planned_date  TEXT CHECK (planned_date IS NULL OR planned_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  enterprise_id INTEGER NOT NULL REFERENCES enterprises(id),
  -- JSON [staff id]
  inspector_ids TEXT NOT NULL DEFAULT '[]',
  kind          TEXT NOT NULL DEFAULT 'routine' CHECK (kind IN ('routine', 'random', 'special')),
  draw_id       INTEGER REFERENCES inspection_draws(id),
  notes         TEXT,
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (year, month, enterprise_id)
) STRICT;
CREATE INDEX inspection_plan_items_enterprise ON inspection_plan_items(enterprise_id, year, month);
