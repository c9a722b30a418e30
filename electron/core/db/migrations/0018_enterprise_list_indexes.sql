-- 0018: indexes for the enterprise list's sorts (bench:list — 100,000 enterprises, any sort,
-- page 1 or page 500). The list reads a page straight from an index: for each sortable column,
-- the records in the 回收站 left out, ordered by the column and then by the first two characters of
-- the name's pinyin sort key (electron/core/kit/repo.ts, segments()), so neither page 1 nor page
-- 500 sorts the whole table. The name's own index and the one on 更新时间 (used only by the list)
-- leave out the 回收站 too.

DROP INDEX enterprises_name_py;
CREATE INDEX enterprises_name_py ON enterprises(name_py) WHERE deleted_at IS NULL;
DROP INDEX enterprises_updated;
CREATE INDEX enterprises_list_updated_at ON enterprises(updated_at, substr(name_py, 1, 8)) WHERE deleted_at IS NULL;

CREATE INDEX enterprises_list_credit_code ON enterprises(credit_code, substr(name_py, 1, 8)) WHERE deleted_at IS NULL;
CREATE INDEX enterprises_list_village_id ON enterprises(village_id, substr(name_py, 1, 8)) WHERE deleted_at IS NULL;
CREATE INDEX enterprises_list_industry_id ON enterprises(industry_id, substr(name_py, 1, 8)) WHERE deleted_at IS NULL;
CREATE INDEX enterprises_list_established_date ON enterprises(established_date, substr(name_py, 1, 8)) WHERE deleted_at IS NULL;
CREATE INDEX enterprises_list_status ON enterprises(status, substr(name_py, 1, 8)) WHERE deleted_at IS NULL;
CREATE INDEX enterprises_list_legal_representative ON enterprises(legal_representative, substr(name_py, 1, 8)) WHERE deleted_at IS NULL;
CREATE INDEX enterprises_list_principal ON enterprises(principal, substr(name_py, 1, 8)) WHERE deleted_at IS NULL;
CREATE INDEX enterprises_list_safety_officer ON enterprises(safety_officer, substr(name_py, 1, 8)) WHERE deleted_at IS NULL;
CREATE INDEX enterprises_list_scale ON enterprises(scale, substr(name_py, 1, 8)) WHERE deleted_at IS NULL;
CREATE INDEX enterprises_list_above_threshold ON enterprises(above_threshold, substr(name_py, 1, 8)) WHERE deleted_at IS NULL;
CREATE INDEX enterprises_list_employees ON enterprises(employees, substr(name_py, 1, 8)) WHERE deleted_at IS NULL;
CREATE INDEX enterprises_list_standardization ON enterprises(standardization, substr(name_py, 1, 8)) WHERE deleted_at IS NULL;
CREATE INDEX enterprises_list_risk_level ON enterprises(risk_level, substr(name_py, 1, 8)) WHERE deleted_at IS NULL;
CREATE INDEX enterprises_list_responsibility_letter_date ON enterprises(responsibility_letter_date, substr(name_py, 1, 8)) WHERE deleted_at IS NULL;
CREATE INDEX enterprises_list_responsibility_letter_year ON enterprises(responsibility_letter_year, substr(name_py, 1, 8)) WHERE deleted_at IS NULL;
