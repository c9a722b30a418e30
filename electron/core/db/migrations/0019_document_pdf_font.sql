-- 0019: the body font an archived PDF was set in. Where 仿宋 is not installed the substitute is
-- named, and the archive says so next to the file that becomes the permanent copy.
ALTER TABLE documents ADD COLUMN pdf_font TEXT;
