#include "store/migrations.h"

#include <stddef.h>

/*
 * Version 1: the agency, its OPDs and people, frameworks, targets, cycles
 * and assessments.
 *
 * Tables are STRICT (a value of the wrong type is refused) and every rule
 * that can be said in SQL is a CHECK, a foreign key or a trigger, so that a
 * bug in the C code or a hand-made edit cannot store what the product
 * would refuse.  Statuses are stored as words so the file reads well with
 * the sqlite3 shell.  Years are 2000..2100 and index values are hundredths
 * in 0..500 (0,00 to 5,00).
 */
static const char schema_v1[] =
    "CREATE TABLE agency (\n"
    "  id   INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),\n"
    "  kind TEXT NOT NULL\n"
    "       CHECK (kind IN ('kota', 'kabupaten', 'provinsi', 'kementerian', 'lembaga'))\n"
    ") STRICT;\n"
    "\n"
    "CREATE TABLE opd (\n"
    "  id   INTEGER PRIMARY KEY,\n"
    "  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),\n"
    "  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200)\n"
    ") STRICT;\n"
    "\n"
    "CREATE TABLE person (\n"
    "  id       INTEGER PRIMARY KEY,\n"
    "  name     TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),\n"
    "  position TEXT CHECK (position IS NULL OR length(position) BETWEEN 1 AND 200),\n"
    "  opd_id   INTEGER REFERENCES opd (id),\n"
    "  email    TEXT CHECK (email IS NULL OR\n"
    "                       (length(email) BETWEEN 3 AND 254 AND instr(email, '@') > 1))\n"
    ") STRICT;\n"
    "CREATE INDEX person_opd ON person (opd_id);\n"
    "\n"
    "CREATE TABLE framework (\n"
    "  id         TEXT NOT NULL CHECK (length(id) BETWEEN 1 AND 64),\n"
    "  version    INTEGER NOT NULL CHECK (version >= 1),\n"
    "  title      TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),\n"
    "  sha256     TEXT NOT NULL\n"
    "             CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),\n"
    "  source     TEXT NOT NULL,\n"
    "  created_at INTEGER NOT NULL,\n"
    "  PRIMARY KEY (id, version)\n"
    ") STRICT;\n"
    "CREATE TRIGGER framework_immutable BEFORE UPDATE ON framework\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'framework versions are immutable');\n"
    "END;\n"
    "\n"
    "CREATE TABLE target (\n"
    "  year       INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),\n"
    "  hundredths INTEGER NOT NULL CHECK (hundredths BETWEEN 0 AND 500),\n"
    "  source     TEXT CHECK (source IS NULL OR length(source) BETWEEN 1 AND 500)\n"
    ") STRICT;\n"
    "\n"
    "CREATE TABLE cycle (\n"
    "  id                INTEGER PRIMARY KEY,\n"
    "  year              INTEGER NOT NULL UNIQUE CHECK (year BETWEEN 2000 AND 2100),\n"
    "  framework_id      TEXT NOT NULL,\n"
    "  framework_version INTEGER NOT NULL,\n"
    "  status            TEXT NOT NULL DEFAULT 'open'\n"
    "                    CHECK (status IN ('open', 'review', 'closed')),\n"
    "  created_at        INTEGER NOT NULL,\n"
    "  FOREIGN KEY (framework_id, framework_version) REFERENCES framework (id, version)\n"
    ") STRICT;\n"
    "CREATE INDEX cycle_framework ON cycle (framework_id, framework_version);\n"
    "\n"
    "CREATE TABLE assessment (\n"
    "  id         INTEGER PRIMARY KEY,\n"
    "  cycle_id   INTEGER NOT NULL REFERENCES cycle (id),\n"
    "  indicator  TEXT NOT NULL CHECK (length(indicator) BETWEEN 1 AND 32),\n"
    "  level      INTEGER CHECK (level IS NULL OR level BETWEEN 1 AND 5),\n"
    "  fakta      TEXT,\n"
    "  analisis   TEXT,\n"
    "  status     TEXT NOT NULL DEFAULT 'draft'\n"
    "             CHECK (status IN ('draft', 'submitted', 'returned', 'verified', 'final')),\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  UNIQUE (cycle_id, indicator)\n"
    ") STRICT;\n"
    "\n"
    "-- A closed cycle is frozen: its assessments can't be added, changed or removed.\n"
    "CREATE TRIGGER assessment_closed_insert BEFORE INSERT ON assessment\n"
    "WHEN (SELECT status FROM cycle WHERE id = NEW.cycle_id) = 'closed'\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'cycle is closed');\n"
    "END;\n"
    "CREATE TRIGGER assessment_closed_update BEFORE UPDATE ON assessment\n"
    "WHEN (SELECT status FROM cycle WHERE id = OLD.cycle_id) = 'closed'\n"
    "  OR (SELECT status FROM cycle WHERE id = NEW.cycle_id) = 'closed'\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'cycle is closed');\n"
    "END;\n"
    "CREATE TRIGGER assessment_closed_delete BEFORE DELETE ON assessment\n"
    "WHEN (SELECT status FROM cycle WHERE id = OLD.cycle_id) = 'closed'\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'cycle is closed');\n"
    "END;\n";

/*
 * Version 2: who does the work and who may log in.  Assignments of
 * indicators to OPDs (frozen with their cycle, like assessments), user
 * accounts with their role, browser sessions and API tokens (only the
 * SHA-256 of a token is stored, so a copy of the database opens no
 * session), and login attempts for throttling.
 *
 * Usernames are 3..64 of a-z 0-9 . _ - so they read the same everywhere;
 * an account with role opd must name its OPD.  Sessions and tokens go with
 * their account (ON DELETE CASCADE): no credential outlives its user.
 * Login attempts keep the username as typed (it may name no account).
 */
static const char schema_v2[] =
    "CREATE TABLE assignment (\n"
    "  id        INTEGER PRIMARY KEY,\n"
    "  cycle_id  INTEGER NOT NULL REFERENCES cycle (id),\n"
    "  indicator TEXT NOT NULL CHECK (length(indicator) BETWEEN 1 AND 32),\n"
    "  opd_id    INTEGER NOT NULL REFERENCES opd (id),\n"
    "  deadline  INTEGER CHECK (deadline IS NULL OR deadline > 0),\n"
    "  UNIQUE (cycle_id, indicator)\n"
    ") STRICT;\n"
    "CREATE INDEX assignment_opd ON assignment (opd_id);\n"
    "\n"
    "-- Like assessments: a closed cycle's assignments can't change.\n"
    "CREATE TRIGGER assignment_closed_insert BEFORE INSERT ON assignment\n"
    "WHEN (SELECT status FROM cycle WHERE id = NEW.cycle_id) = 'closed'\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'cycle is closed');\n"
    "END;\n"
    "CREATE TRIGGER assignment_closed_update BEFORE UPDATE ON assignment\n"
    "WHEN (SELECT status FROM cycle WHERE id = OLD.cycle_id) = 'closed'\n"
    "  OR (SELECT status FROM cycle WHERE id = NEW.cycle_id) = 'closed'\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'cycle is closed');\n"
    "END;\n"
    "CREATE TRIGGER assignment_closed_delete BEFORE DELETE ON assignment\n"
    "WHEN (SELECT status FROM cycle WHERE id = OLD.cycle_id) = 'closed'\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'cycle is closed');\n"
    "END;\n"
    "\n"
    "CREATE TABLE user_account (\n"
    "  id            INTEGER PRIMARY KEY,\n"
    "  username      TEXT NOT NULL UNIQUE\n"
    "                CHECK (length(username) BETWEEN 3 AND 64\n"
    "                       AND username NOT GLOB '*[^a-z0-9._-]*'),\n"
    "  name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),\n"
    "  role          TEXT NOT NULL\n"
    "                CHECK (role IN ('admin', 'koordinator', 'pimpinan', 'asesor', 'opd')),\n"
    "  opd_id        INTEGER REFERENCES opd (id),\n"
    "  password_hash TEXT CHECK (password_hash IS NULL OR\n"
    "                            length(password_hash) BETWEEN 1 AND 127),\n"
    "  must_change   INTEGER NOT NULL DEFAULT 0 CHECK (must_change IN (0, 1)),\n"
    "  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),\n"
    "  created_at    INTEGER NOT NULL,\n"
    "  CHECK (role <> 'opd' OR opd_id IS NOT NULL)\n"
    ") STRICT;\n"
    "CREATE INDEX user_account_opd ON user_account (opd_id);\n"
    "\n"
    "CREATE TABLE session (\n"
    "  token_hash TEXT PRIMARY KEY\n"
    "             CHECK (length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*'),\n"
    "  user_id    INTEGER NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,\n"
    "  created_at INTEGER NOT NULL,\n"
    "  last_seen  INTEGER NOT NULL CHECK (last_seen >= created_at)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE INDEX session_user ON session (user_id);\n"
    "CREATE INDEX session_last_seen ON session (last_seen);\n"
    "CREATE INDEX session_created ON session (created_at);\n"
    "\n"
    "CREATE TABLE api_token (\n"
    "  id         INTEGER PRIMARY KEY,\n"
    "  token_hash TEXT NOT NULL UNIQUE\n"
    "             CHECK (length(token_hash) = 64 AND token_hash NOT GLOB '*[^0-9a-f]*'),\n"
    "  user_id    INTEGER NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,\n"
    "  name       TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 200),\n"
    "  created_at INTEGER NOT NULL,\n"
    "  last_used  INTEGER CHECK (last_used IS NULL OR last_used >= created_at)\n"
    ") STRICT;\n"
    "CREATE INDEX api_token_user ON api_token (user_id);\n"
    "\n"
    "-- Throttling counts failures per username and per address since the\n"
    "-- key's last success (by id: the order attempts were recorded in).\n"
    "CREATE TABLE login_attempt (\n"
    "  id       INTEGER PRIMARY KEY,\n"
    "  username TEXT NOT NULL CHECK (length(username) BETWEEN 1 AND 256),\n"
    "  addr     TEXT NOT NULL CHECK (length(addr) BETWEEN 1 AND 64),\n"
    "  ok       INTEGER NOT NULL CHECK (ok IN (0, 1)),\n"
    "  at       INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX login_attempt_user ON login_attempt (username, ok, at);\n"
    "CREATE INDEX login_attempt_addr ON login_attempt (addr, ok, at);\n"
    "CREATE INDEX login_attempt_at ON login_attempt (at);\n";

/*
 * Version 3: the audit trail, the status history of assessments and last
 * year's levels.
 *
 * audit_log is the hash chain of core/audit.h: entries are only appended,
 * in order (a trigger refuses a seq or prev_hash that does not continue
 * the chain) and never changed or deleted (triggers refuse UPDATE and
 * DELETE).  Triggers only stop the program and honest mistakes; someone
 * who edits the file can drop them, which `monev audit verify` catches by
 * recomputing every hash.  before and after are compact JSON or "".
 *
 * assessment_note keeps every status move of an indicator with its note,
 * append-only as well; no move is added to a closed cycle.
 * assessment.prev_level is last year's level carried into a cycle made
 * from the one before (store_cycle_create_from).
 */
static const char schema_v3[] =
    "CREATE TABLE audit_log (\n"
    "  seq       INTEGER PRIMARY KEY CHECK (seq >= 1),\n"
    "  at        INTEGER NOT NULL,\n"
    "  actor     TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 100),\n"
    "  action    TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 64),\n"
    "  object    TEXT NOT NULL CHECK (length(object) BETWEEN 1 AND 300),\n"
    "  \"before\"  TEXT NOT NULL CHECK (length(\"before\") <= 4194304),\n"
    "  \"after\"   TEXT NOT NULL CHECK (length(\"after\") <= 4194304),\n"
    "  prev_hash TEXT NOT NULL\n"
    "            CHECK (length(prev_hash) = 64 AND prev_hash NOT GLOB '*[^0-9a-f]*'),\n"
    "  hash      TEXT NOT NULL\n"
    "            CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*')\n"
    ") STRICT;\n"
    "CREATE INDEX audit_log_object ON audit_log (object, seq);\n"
    "CREATE TRIGGER audit_log_append BEFORE INSERT ON audit_log\n"
    "WHEN NEW.seq IS NOT coalesce((SELECT max(seq) FROM audit_log), 0) + 1\n"
    "  OR NEW.prev_hash IS NOT coalesce(\n"
    "       (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1),\n"
    "       '0000000000000000000000000000000000000000000000000000000000000000')\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'audit entries continue the chain');\n"
    "END;\n"
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'audit entries are append-only');\n"
    "END;\n"
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'audit entries are append-only');\n"
    "END;\n"
    "\n"
    "CREATE TABLE assessment_note (\n"
    "  id          INTEGER PRIMARY KEY,\n"
    "  cycle_id    INTEGER NOT NULL REFERENCES cycle (id),\n"
    "  indicator   TEXT NOT NULL CHECK (length(indicator) BETWEEN 1 AND 32),\n"
    "  at          INTEGER NOT NULL,\n"
    "  actor       TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 100),\n"
    "  from_status TEXT NOT NULL CHECK (from_status IN\n"
    "              ('draft', 'submitted', 'returned', 'verified', 'final')),\n"
    "  to_status   TEXT NOT NULL CHECK (to_status IN\n"
    "              ('draft', 'submitted', 'returned', 'verified', 'final')),\n"
    "  note        TEXT CHECK (note IS NULL OR length(note) BETWEEN 1 AND 4000)\n"
    ") STRICT;\n"
    "CREATE INDEX assessment_note_indicator ON assessment_note (cycle_id, indicator, id);\n"
    "CREATE TRIGGER assessment_note_closed_insert BEFORE INSERT ON assessment_note\n"
    "WHEN (SELECT status FROM cycle WHERE id = NEW.cycle_id) = 'closed'\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'cycle is closed');\n"
    "END;\n"
    "CREATE TRIGGER assessment_note_no_update BEFORE UPDATE ON assessment_note\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'status history is append-only');\n"
    "END;\n"
    "CREATE TRIGGER assessment_note_no_delete BEFORE DELETE ON assessment_note\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'status history is append-only');\n"
    "END;\n"
    "\n"
    "ALTER TABLE assessment ADD COLUMN prev_level INTEGER\n"
    "  CHECK (prev_level IS NULL OR prev_level BETWEEN 1 AND 5);\n";

/*
 * Version 4: evidence.  One row per uploaded document (its content is a
 * blob named by sha256); rows never change, a revision is a new row that
 * names the one it replaces.  evidence_link ties a document to an
 * indicator of a cycle as support for a level under a code
 * "I<indicator>-L<level>-<nn>", unique in the cycle; evidence_seq counts
 * the links ever made per cycle, indicator and level, so the code of an
 * unlinked document is never given again in that cycle.  Links of a
 * closed cycle, like its assessments, can't be added, changed or removed.
 * A link's review is 0 none, 1 accepted (diterima), 2 revise (revisi,
 * with a note).
 */
static const char schema_v4[] =
    "CREATE TABLE evidence (\n"
    "  id          INTEGER PRIMARY KEY,\n"
    "  sha256      TEXT NOT NULL\n"
    "              CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),\n"
    "  size        INTEGER NOT NULL CHECK (size >= 0),\n"
    "  mime        TEXT NOT NULL CHECK (length(mime) BETWEEN 1 AND 127),\n"
    "  filename    TEXT CHECK (filename IS NULL OR\n"
    "                          (length(filename) BETWEEN 1 AND 255\n"
    "                           AND instr(filename, '/') = 0 AND instr(filename, '\\') = 0)),\n"
    "  title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),\n"
    "  doc_number  TEXT CHECK (doc_number IS NULL OR length(doc_number) BETWEEN 1 AND 200),\n"
    "  doc_date    TEXT CHECK (doc_date IS NULL OR\n"
    "                          doc_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
    "  issuer      TEXT CHECK (issuer IS NULL OR length(issuer) BETWEEN 1 AND 200),\n"
    "  valid_until TEXT CHECK (valid_until IS NULL OR\n"
    "                          valid_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
    "  replaces    INTEGER REFERENCES evidence (id),\n"
    "  uploaded_by INTEGER REFERENCES user_account (id),\n"
    "  created_at  INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX evidence_sha256 ON evidence (sha256);\n"
    "CREATE INDEX evidence_replaces ON evidence (replaces);\n"
    "CREATE INDEX evidence_uploaded_by ON evidence (uploaded_by);\n"
    "CREATE TRIGGER evidence_immutable BEFORE UPDATE ON evidence\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'evidence rows are immutable; add a revision');\n"
    "END;\n"
    "\n"
    "CREATE TABLE evidence_link (\n"
    "  id            INTEGER PRIMARY KEY,\n"
    "  cycle_id      INTEGER NOT NULL REFERENCES cycle (id),\n"
    "  indicator     TEXT NOT NULL CHECK (length(indicator) BETWEEN 1 AND 32),\n"
    "  evidence_id   INTEGER NOT NULL REFERENCES evidence (id),\n"
    "  level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),\n"
    "  code          TEXT NOT NULL CHECK (length(code) BETWEEN 7 AND 64),\n"
    "  needs_confirm INTEGER NOT NULL DEFAULT 0 CHECK (needs_confirm IN (0, 1)),\n"
    "  review        INTEGER NOT NULL DEFAULT 0 CHECK (review IN (0, 1, 2)),\n"
    "  review_note   TEXT CHECK (review_note IS NULL OR length(review_note) BETWEEN 1 AND 4000),\n"
    "  created_at    INTEGER NOT NULL,\n"
    "  UNIQUE (cycle_id, indicator, evidence_id),\n"
    "  UNIQUE (cycle_id, code),\n"
    "  CHECK (review <> 2 OR review_note IS NOT NULL)\n"
    ") STRICT;\n"
    "CREATE INDEX evidence_link_evidence ON evidence_link (evidence_id);\n"
    "CREATE TRIGGER evidence_link_closed_insert BEFORE INSERT ON evidence_link\n"
    "WHEN (SELECT status FROM cycle WHERE id = NEW.cycle_id) = 'closed'\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'cycle is closed');\n"
    "END;\n"
    "CREATE TRIGGER evidence_link_closed_update BEFORE UPDATE ON evidence_link\n"
    "WHEN (SELECT status FROM cycle WHERE id = OLD.cycle_id) = 'closed'\n"
    "  OR (SELECT status FROM cycle WHERE id = NEW.cycle_id) = 'closed'\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'cycle is closed');\n"
    "END;\n"
    "CREATE TRIGGER evidence_link_closed_delete BEFORE DELETE ON evidence_link\n"
    "WHEN (SELECT status FROM cycle WHERE id = OLD.cycle_id) = 'closed'\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'cycle is closed');\n"
    "END;\n"
    "\n"
    "CREATE TABLE evidence_seq (\n"
    "  cycle_id  INTEGER NOT NULL REFERENCES cycle (id),\n"
    "  indicator TEXT NOT NULL CHECK (length(indicator) BETWEEN 1 AND 32),\n"
    "  level     INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),\n"
    "  made      INTEGER NOT NULL CHECK (made BETWEEN 1 AND 999),\n"
    "  PRIMARY KEY (cycle_id, indicator, level)\n"
    ") STRICT, WITHOUT ROWID;\n";

/* v5: settings the administrator keeps (framework mappings) and the
 * national assessors' official levels per indicator. */
static const char schema_v5[] =
    "CREATE TABLE setting (\n"
    "  key   TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),\n"
    "  value TEXT NOT NULL CHECK (length(value) <= 1048576)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "\n"
    "CREATE TABLE official_result (\n"
    "  cycle_id  INTEGER NOT NULL REFERENCES cycle (id),\n"
    "  indicator TEXT NOT NULL CHECK (length(indicator) BETWEEN 1 AND 32),\n"
    "  level     INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),\n"
    "  PRIMARY KEY (cycle_id, indicator)\n"
    ") STRICT, WITHOUT ROWID;\n";

/* v6: the rest of an indicator's team: contributing OPDs and the person
 * in charge.  Like assignments, they can't change in a closed cycle. */
static const char schema_v6[] =
    "CREATE TABLE assignment_team (\n"
    "  cycle_id  INTEGER NOT NULL REFERENCES cycle (id),\n"
    "  indicator TEXT NOT NULL CHECK (length(indicator) BETWEEN 1 AND 32),\n"
    "  opd_id    INTEGER REFERENCES opd (id),\n"
    "  user_id   INTEGER REFERENCES user_account (id),\n"
    "  CHECK ((opd_id IS NULL) <> (user_id IS NULL))\n"
    ") STRICT;\n"
    "CREATE UNIQUE INDEX assignment_team_opd ON assignment_team (cycle_id, indicator, opd_id)\n"
    "  WHERE opd_id IS NOT NULL;\n"
    "CREATE UNIQUE INDEX assignment_team_pic ON assignment_team (cycle_id, indicator)\n"
    "  WHERE user_id IS NOT NULL;\n"
    "CREATE TRIGGER assignment_team_closed_insert BEFORE INSERT ON assignment_team\n"
    "WHEN (SELECT status FROM cycle WHERE id = NEW.cycle_id) = 'closed'\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'cycle is closed');\n"
    "END;\n"
    "CREATE TRIGGER assignment_team_closed_delete BEFORE DELETE ON assignment_team\n"
    "WHEN (SELECT status FROM cycle WHERE id = OLD.cycle_id) = 'closed'\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'cycle is closed');\n"
    "END;\n";

/* v7 (accounts and tokens): API tokens expire and can be revoked (a
 * token made before v7 gets 90 days from the upgrade); and an index for
 * the login throttle's per-(username, address) counts and the addresses an
 * account logged in from before. */
static const char schema_v7_tokens_throttle[] =
    "ALTER TABLE api_token ADD COLUMN expires_at INTEGER;\n"
    "ALTER TABLE api_token ADD COLUMN revoked_at INTEGER;\n"
    "UPDATE api_token SET expires_at = max(created_at, unixepoch()) + 90 * 86400;\n"
    "CREATE INDEX login_attempt_pair ON login_attempt (username, addr, ok, at);\n";

/* v8: the keyed audit chain (core/audit.h).  key_id names the key a
 * keyed (v2) entry was made with, NULL for an entry of the unkeyed v1
 * chain written before.  From this version on only keyed entries are
 * appended: the first keyed handle seals the old chain with an
 * "audit.rekey" entry (store_set_audit_key), and the trigger refuses an
 * unkeyed entry as a guard against a program that would write one. */
static const char schema_v8_keyed_audit[] =
    "ALTER TABLE audit_log ADD COLUMN key_id TEXT\n"
    "  CHECK (key_id IS NULL OR (length(key_id) = 16 AND key_id NOT GLOB '*[^0-9a-f]*'));\n"
    "CREATE TRIGGER audit_log_keyed BEFORE INSERT ON audit_log\n"
    "WHEN NEW.key_id IS NULL\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'audit entries are keyed');\n"
    "END;\n";

/* v9: indexes for the pages that grow with the data.  The reusable-
 * documents search finds a document's links in a cycle (and its first
 * code) from the index alone; the progress and gap pages count documents
 * and the best level per indicator from the index alone.  IF NOT EXISTS:
 * a folder whose user_version was set back by hand keeps its indexes. */
static const char schema_v9_evidence_indexes[] =
    "CREATE INDEX IF NOT EXISTS evidence_link_cycle_evidence\n"
    "  ON evidence_link (cycle_id, evidence_id, indicator, code);\n"
    "CREATE INDEX IF NOT EXISTS evidence_link_counts\n"
    "  ON evidence_link (cycle_id, indicator, level);\n";

/* v10 (issue 9): the asesor's own level and note per indicator, kept
 * beside the claim (which it never overwrites), with who set it and when.
 * Frozen with its cycle like the assessment. */
static const char schema_v10_assessor[] =
    "CREATE TABLE IF NOT EXISTS assessor_level (\n"
    "  cycle_id  INTEGER NOT NULL REFERENCES cycle (id),\n"
    "  indicator TEXT NOT NULL CHECK (length(indicator) BETWEEN 1 AND 32),\n"
    "  level     INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),\n"
    "  note      TEXT CHECK (note IS NULL OR length(note) BETWEEN 1 AND 4000),\n"
    "  set_by    TEXT NOT NULL CHECK (length(set_by) BETWEEN 1 AND 100),\n"
    "  set_at    INTEGER NOT NULL,\n"
    "  PRIMARY KEY (cycle_id, indicator)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE TRIGGER IF NOT EXISTS assessor_level_closed_insert BEFORE INSERT ON assessor_level\n"
    "WHEN (SELECT status FROM cycle WHERE id = NEW.cycle_id) = 'closed'\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'cycle is closed');\n"
    "END;\n"
    "CREATE TRIGGER IF NOT EXISTS assessor_level_closed_update BEFORE UPDATE ON assessor_level\n"
    "WHEN (SELECT status FROM cycle WHERE id = OLD.cycle_id) = 'closed'\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'cycle is closed');\n"
    "END;\n"
    "CREATE TRIGGER IF NOT EXISTS assessor_level_closed_delete BEFORE DELETE ON assessor_level\n"
    "WHEN (SELECT status FROM cycle WHERE id = OLD.cycle_id) = 'closed'\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'cycle is closed');\n"
    "END;\n";

/* v11 (pending forms, issue 9): what a person typed into a form whose
 * session had expired, kept until they log in again and see it restored
 * (never saved by itself).  id is a random token in hex, given back only
 * to that browser; username is NULL until the login that claims the row;
 * fields is a JSON object of the form's fields without passwords or CSRF
 * values; rows older than a day are purged.  IF NOT EXISTS: a database
 * rebuilt as an older version from a current one (the CLI tests do) may
 * hold the table already. */
static const char schema_v11_pending_form[] =
    "CREATE TABLE IF NOT EXISTS pending_form (\n"
    "  id         TEXT PRIMARY KEY\n"
    "             CHECK (length(id) BETWEEN 32 AND 64 AND id NOT GLOB '*[^0-9a-zA-Z_-]*'),\n"
    "  username   TEXT CHECK (username IS NULL OR length(username) BETWEEN 1 AND 64),\n"
    "  path       TEXT NOT NULL CHECK (length(path) BETWEEN 1 AND 300 AND substr(path, 1, 1) = "
    "'/'),\n"
    "  fields     TEXT NOT NULL CHECK (length(fields) <= 200000),\n"
    "  created_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX IF NOT EXISTS pending_form_created ON pending_form (created_at);\n";

/* v12 (issue 9, framework level range): a framework may declare level 0
 * (Pemdi's "Baseline"), so every level column accepts 0..5; which levels a
 * cycle accepts is the rule of its framework (fw_level_valid), checked by
 * the program.  Only CHECK texts change, which leaves the file format as
 * it is, so the tables are not rebuilt: the stored CREATE TABLE texts are
 * edited in place (SQLite's documented procedure for such changes; the
 * store turns defensive mode off and raises schema_version around this
 * script, MIGRATIONS_LEVEL_RANGE), keeping every index, trigger and column
 * added by other versions. */
static const char schema_v12_level_range[] =
    "PRAGMA writable_schema = ON;\n"
    "UPDATE sqlite_schema\n"
    "  SET sql = replace(sql, 'level BETWEEN 1 AND 5', 'level BETWEEN 0 AND 5')\n"
    "  WHERE type = 'table' AND sql LIKE '%level BETWEEN 1 AND 5%';\n"
    "PRAGMA writable_schema = OFF;\n";

/* v13 (issue 9): the value of an external indicator as the supplying
 * agency published it (value as text, e.g. "72.50"), its source and date,
 * and the level the framework's conversion table gave (NULL when the
 * table had no row for it) with the table row (1-based).  The level itself
 * is written to the assessment through the guarded write; like the
 * assessment, a closed cycle's values are frozen. */
static const char schema_v13_external_value[] =
    "CREATE TABLE external_value (\n"
    "  id          INTEGER PRIMARY KEY,\n"
    "  cycle_id    INTEGER NOT NULL REFERENCES cycle (id),\n"
    "  indicator   TEXT NOT NULL CHECK (length(indicator) BETWEEN 1 AND 32),\n"
    "  value       TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 32),\n"
    "  source      TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 500),\n"
    "  source_date TEXT NOT NULL CHECK (source_date GLOB\n"
    "              '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
    "  level       INTEGER CHECK (level IS NULL OR level BETWEEN 0 AND 5),\n"
    "  conv_row    INTEGER CHECK (conv_row IS NULL OR conv_row >= 1),\n"
    "  updated_at  INTEGER NOT NULL,\n"
    "  UNIQUE (cycle_id, indicator)\n"
    ") STRICT;\n"
    "CREATE TRIGGER external_value_closed_insert BEFORE INSERT ON external_value\n"
    "WHEN (SELECT status FROM cycle WHERE id = NEW.cycle_id) = 'closed'\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'cycle is closed');\n"
    "END;\n"
    "CREATE TRIGGER external_value_closed_update BEFORE UPDATE ON external_value\n"
    "WHEN (SELECT status FROM cycle WHERE id = OLD.cycle_id) = 'closed'\n"
    "BEGIN\n"
    "  SELECT RAISE(ABORT, 'cycle is closed');\n"
    "END;\n";

/* v14: the agency's time zone (issue 9), in which every time is shown:
 * WIB, WITA or WIT by its tz name; an existing agency gets WIB. */
static const char schema_v14_agency_timezone[] =
    "ALTER TABLE agency ADD COLUMN timezone TEXT NOT NULL DEFAULT 'Asia/Jakarta'\n"
    "  CHECK (timezone IN ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'));\n";

/* v15: the agency's region code (issue 11), Kemendagri's: "NN" for a
 * province, "NN.NN" for a regency or a city; NULL for a ministry or an
 * institution, and for an agency made before it (the list, io/regions.h,
 * is checked by the callers; the store checks the form). */
static const char schema_v15_agency_region[] =
    "ALTER TABLE agency ADD COLUMN region_code TEXT\n"
    "  CHECK (region_code IS NULL OR region_code GLOB '[0-9][0-9]'\n"
    "         OR region_code GLOB '[0-9][0-9].[0-9][0-9]');\n";

static const char *const scripts[] = {
    schema_v1,
    schema_v2,
    schema_v3,
    schema_v4,
    schema_v5,
    schema_v6,
    schema_v7_tokens_throttle,
    schema_v8_keyed_audit,
    schema_v9_evidence_indexes,
    schema_v10_assessor,
    schema_v11_pending_form,
    schema_v12_level_range,
    schema_v13_external_value,
    schema_v14_agency_timezone,
    schema_v15_agency_region,
};

int migrations_sqlite_latest(void)
{
        return (int)(sizeof(scripts) / sizeof(scripts[0]));
}

const char *migrations_sqlite_script(int v)
{
        if (v < 1 || v > migrations_sqlite_latest())
                return NULL;
        return scripts[v - 1];
}
