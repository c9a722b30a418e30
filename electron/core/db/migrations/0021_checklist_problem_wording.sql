-- 0021: a checklist item states what is required (持有效期内的许可证经营); an order must state what
-- was found (未持有效期内的许可证经营). `problem` is the office's wording of the finding for an item
-- (empty: the app writes 未做到：<requirement>), copied with the item into each inspection's own
-- checklist so later edits to the template never change an earlier record.
ALTER TABLE checklist_items ADD COLUMN problem TEXT NOT NULL DEFAULT '';
ALTER TABLE inspection_results ADD COLUMN problem TEXT NOT NULL DEFAULT '';
