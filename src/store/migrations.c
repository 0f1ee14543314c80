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

static const char *const scripts[] = {
    schema_v1,
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
