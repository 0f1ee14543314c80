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

static const char *const scripts[] = {
    schema_v1,
    schema_v2,
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
