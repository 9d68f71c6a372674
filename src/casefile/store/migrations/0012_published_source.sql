-- Where a document's publication date came from: 'given' (at ingest: --published, the
-- form, the API), 'edited:NAME' (set later by an editor), or what the document itself
-- stated ('html:meta article:published_time', 'html:time', 'text:dateline',
-- 'pdf:CreationDate', 'docx:core.created', ...). NULL with a date: stored before this
-- column existed (the date was given at ingest, as it then had to be).
ALTER TABLE documents ADD COLUMN published_source TEXT;
