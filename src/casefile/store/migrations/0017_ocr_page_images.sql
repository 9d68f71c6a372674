-- Scanned documents (issue 11): the pages OCR read, kept with the document so that an
-- analyst can check the recognised text against the page. One row per page of the
-- original (a PDF page without a text layer, an image file's frame): its image as PNG,
-- the sha256 of those bytes (part of the document's record digest, and re-hashed by
-- `casefile verify`), how sure the recogniser was (the mean of its words' confidences,
-- 0-100; NULL when it found no word) and where its words are in the document's text.
-- The rows go with the document: deleted with it, hidden with it (they are read only
-- through the document's access checks), copied by every backup of the file.
CREATE TABLE document_pages (
    document_sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    page            INTEGER NOT NULL CHECK (page >= 1),
    image           BLOB NOT NULL,
    image_sha256    TEXT NOT NULL,
    width           INTEGER NOT NULL,
    height          INTEGER NOT NULL,
    confidence      REAL CHECK (confidence BETWEEN 0 AND 100),
    words           INTEGER NOT NULL,
    text_start      INTEGER NOT NULL,
    text_end        INTEGER NOT NULL CHECK (text_end >= text_start),
    engine          TEXT NOT NULL,
    PRIMARY KEY (document_sha256, page)
);
