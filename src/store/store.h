/*
 * store: the one interface to Monev's data.
 *
 * An opaque handle over a data folder.  The SQLite backend (store_sqlite.c)
 * keeps DIR/monev.db in WAL mode with foreign keys on and versioned
 * migrations; a PostgreSQL backend will sit behind the same functions, so
 * nothing here names SQL or SQLite.
 *
 * Every function returns a store_rc.  Functions that change data run in a
 * transaction of their own unless the caller holds one (store_begin):
 * a failure leaves the data exactly as it was.  Strings in result structs
 * are owned by the struct; release them with the matching _free function.
 * Messages for the user (in Indonesian) go to store_errmsg().
 */
#ifndef MONEV_STORE_STORE_H
#define MONEV_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/framework.h"
#include "core/perm.h"
#include "core/workflow.h"

typedef struct store store;

typedef enum store_rc {
        STORE_OK = 0,
        STORE_NOTFOUND, /* the object asked for does not exist */
        STORE_EXISTS,   /* a unique key is taken (e.g. a cycle's year) */
        STORE_INVALID,  /* the arguments break a rule (message says which) */
        STORE_CONFLICT, /* the object is locked, e.g. a closed cycle */
        STORE_BUSY,     /* the database stayed locked past the timeout */
        STORE_IO,       /* the database or folder could not be read/written */
        STORE_NOMEM,
        STORE_DENIED, /* perm_allows refused the actor (store_guard, the _as functions) */
} store_rc;

/* Opens the database at where: a data folder DIR (SQLite, DIR/monev.db)
 * or a PostgreSQL URL (store_is_url).  With create, makes DIR (mode 0700)
 * and the database when missing, or gives an empty PostgreSQL database its
 * schema; without it, a folder without a database, or a PostgreSQL
 * database without Monev's schema, is STORE_NOTFOUND.  Runs pending
 * migrations.  *out is NULL on failure and a message is written to errbuf
 * (errlen bytes). */
store_rc store_open(const char *where, bool create, store **out, char *errbuf, size_t errlen);

/* True when where names a PostgreSQL database ("postgresql://..." or
 * "postgres://...") rather than a data folder. */
bool store_is_url(const char *where);

/* where named for people, as the store's messages name it: a data folder
 * as it is; a database as "PostgreSQL USER@HOST:PORT/NAME", never with
 * its password or options ("PostgreSQL" for a URL that cannot be read). */
void store_label(const char *where, char *out, size_t n);

/* True when where names a PostgreSQL database ("postgresql://..." or
 * "postgres://...") rather than a data folder (store_url.c). */
bool store_is_url(const char *where);

/* where named for people, as the store's messages name it: a data folder
 * as it is; a database as "PostgreSQL USER@HOST:PORT/NAME", never with
 * its password or options ("PostgreSQL" for a URL that cannot be read). */
void store_label(const char *where, char *out, size_t n);

/* Closes the handle (rolling back an open transaction); NULL is fine. */
void store_close(store *s);

/* The last failure's message for the user, "" when none.  Borrowed. */
const char *store_errmsg(const store *s);

/* True when the last failure (a STORE_IO) was for want of disk space: the
 * disk or a quota full, or a file size limit reached. */
bool store_no_space(const store *s);

/* How long a change waits for another connection's write lock before it
 * fails with STORE_BUSY: ms milliseconds, 0 = not at all, negative = the
 * default (5 s).  Reads never wait for writers (WAL). */
void store_set_busy_timeout(store *s, int ms);

/* Copies every row of from into to, whatever their databases (a data
 * folder's SQLite and PostgreSQL): ids, hashes and the audit chain as
 * stored.  to must be empty (a new folder or database, opened with
 * create); CONFLICT when it is not.  One transaction of to: on failure it
 * stays empty.  *rows = rows copied. */
store_rc store_copy(store *from, store *to, int64_t *rows);

/* Compares every table of a and b row by row (each value as stored).
 * why is "" when they are equal, else names the first table that differs;
 * *rows = rows compared.  A failure to read either is the return code
 * (message in a's store_errmsg). */
store_rc store_copy_compare(store *a, store *b, int64_t *rows, char *why, size_t whylen);

/* The schema version the database is at, and the newest SQLite schema
 * this build knows (a backup's database is SQLite). */
int store_schema_version(store *s);
int store_schema_latest(void);

/* Caller-held transaction around several operations.  Nesting is not
 * supported (STORE_INVALID). */
store_rc store_begin(store *s);
store_rc store_commit(store *s);
void store_rollback(store *s);

/* A read snapshot: the reads between store_read_begin and store_read_end
 * see one consistent state of the data and share one lock, which is also
 * much cheaper than a lock per query.  No change may be made inside it
 * (changing functions then fail with STORE_INVALID or STORE_BUSY). */
store_rc store_read_begin(store *s);
void store_read_end(store *s); /* NULL or no snapshot is fine */

/* Sets *changed when another connection (another thread's handle or
 * another process, e.g. the CLI) committed a change since the last call on
 * this handle; true on the first call.  Changes made through this handle
 * itself are not reported: its user knows of them. */
store_rc store_poll_changes(store *s, bool *changed);

/* ---- Background jobs: one server at a time ------------------------------ */

/* Work that any server or the CLI could start but only one may do at a
 * time: each has a lock of its own, besides the writers' one. */
typedef enum st_job {
        ST_JOB_PURGE,       /* the web app's purge of old sessions, attempts, forms */
        ST_JOB_EVIDENCE_GC, /* `monev evidence gc`: removing unreferenced files */
        ST_JOB_COUNT
} st_job;

/* Tries to take job's lock for this handle without waiting: *mine is true
 * when it is now held here and the job may run (until
 * store_background_end), false when another connection or process holds
 * it or this handle already does.  On PostgreSQL the lock is the
 * connection's (a session-level advisory lock): transactions do not end
 * it, closing the handle or a dying process gives it back.  SQLite has
 * one server per data folder: *mine is always true there.  On failure
 * *mine is false and the message is set. */
store_rc store_background_try(store *s, st_job job, bool *mine);
/* Gives back job's lock taken by store_background_try on this handle;
 * nothing when it does not hold it.  Can't fail (a lost connection has
 * given the lock back already); the handle's last message is kept. */
void store_background_end(store *s, st_job job);

/* ---- The agency (one per data folder) ---------------------------------- */

typedef struct st_agency {
        char *name;        /* "Pemerintah Kota Contoh" */
        char *kind;        /* "kota", "kabupaten", "provinsi", "kementerian", "lembaga" */
        char *region_code; /* Kemendagri's, "64" or "64.71"; NULL when not set */
} st_agency;

store_rc store_agency_set(store *s, const char *name, const char *kind);
store_rc store_agency_get(store *s, st_agency *out); /* NOTFOUND before init */
void st_agency_free(st_agency *a);
/* The agency's time zone by tz name ("Asia/Jakarta" = WIB, "Asia/Makassar"
 * = WITA, "Asia/Jayapura" = WIT; base/fmt.h), WIB unless set.  get:
 * NOTFOUND before init.  set: INVALID for another name; audited. */
#define STORE_TZ_MAX 32
store_rc store_agency_get_timezone(store *s, char out[STORE_TZ_MAX]);
store_rc store_agency_set_timezone(store *s, const char *tz_name);
/* The agency's region code: "NN" (a province) or "NN.NN" (a regency or a
 * city), digits, or NULL to clear it.  The store checks the form only;
 * whether the code is in the region list (io/regions.h) is the caller's.
 * NOTFOUND before init; INVALID for another form, or for a code given to a
 * kementerian or a lembaga.  Audited as "agency.region" when it changes. */
store_rc store_agency_set_region(store *s, const char *code);

/* ---- OPDs (the agency's units) ----------------------------------------- */

typedef struct st_opd {
        int64_t id;
        char *code; /* short unique code, e.g. "DISKOMINFO" */
        char *name;
} st_opd;

store_rc store_opd_add(store *s, const char *code, const char *name, int64_t *id);
store_rc store_opd_get(store *s, const char *code, st_opd *out);
store_rc store_opd_list(store *s, st_opd **out, size_t *n); /* ordered by code */
void st_opd_free(st_opd *o);
void st_opd_list_free(st_opd *list, size_t n);

/* ---- People ------------------------------------------------------------- */

typedef struct st_person {
        int64_t id;
        char *name;
        char *position; /* jabatan, may be NULL */
        char *opd_code; /* NULL for people outside any OPD */
        char *email;    /* may be NULL */
} st_person;

store_rc store_person_add(store *s, const char *name, const char *position, const char *opd_code,
                          const char *email, int64_t *id);
store_rc store_person_list(store *s, st_person **out, size_t *n);
void st_person_list_free(st_person *list, size_t n);

/* ---- Frameworks (immutable versions) ------------------------------------ */

typedef struct st_framework {
        char *id;
        int version;
        char *title;
        char *sha256;       /* hex of the source text */
        char *source;       /* the framework file as imported; NULL in lists */
        int64_t created_at; /* unix seconds */
} st_framework;

/* Stores a framework source.  When the newest version of id already has
 * this exact sha256, nothing changes and *created is false; otherwise a new
 * version (newest + 1, or 1) is added.  Versions are never changed in place.
 * *version receives the version that holds the text. */
store_rc store_framework_put(store *s, const char *id, const char *title, const char *source,
                             const char *sha256, int *version, bool *created);

/* store_framework_put for the framework editor: the audit entry also
 * holds `changes`, a summary of the difference from the previous version
 * (1..16000 bytes of text, or NULL). */
store_rc store_framework_put_edit(store *s, const char *id, const char *title, const char *source,
                                  const char *sha256, const char *changes, int *version,
                                  bool *created);

/* One version (version 0 = the newest), with its source. */
store_rc store_framework_get(store *s, const char *id, int version, st_framework *out);

/* Every version of every framework, ordered by id then version, without
 * sources. */
store_rc store_framework_list(store *s, st_framework **out, size_t *n);
void st_framework_free(st_framework *f);
void st_framework_list_free(st_framework *list, size_t n);

/* ---- Targets (by year, e.g. from the RPJMD) ----------------------------- */

typedef struct st_target {
        int year;
        int hundredths; /* 310 = 3.10 */
        char *source;   /* where the target is written, may be NULL */
} st_target;

store_rc store_target_set(store *s, int year, int hundredths, const char *source);
store_rc store_target_get(store *s, int year, st_target *out);
store_rc store_target_list(store *s, st_target **out, size_t *n); /* by year */
void st_target_free(st_target *t);
void st_target_list_free(st_target *list, size_t n);

/* ---- Cycles (one per year) ---------------------------------------------- */

typedef enum st_cycle_status { CYCLE_OPEN = 0, CYCLE_REVIEW, CYCLE_CLOSED } st_cycle_status;

typedef struct st_cycle {
        int64_t id;
        int year;
        char *framework_id;
        int framework_version;
        st_cycle_status status;
        int target;    /* hundredths from the targets table, -1 when none */
        bool reopened; /* closed, then reopened by store_cycle_reopen (status review) */
} st_cycle;

/* Creates the cycle of a year on a stored framework version; EXISTS when
 * the year has one, NOTFOUND when the framework version does not exist.
 * One row per indicator is not created here: store_assessment_* treat an
 * indicator without a row as not filled. */
store_rc store_cycle_create(store *s, int year, const char *framework_id, int framework_version,
                            int64_t *id);
store_rc store_cycle_get(store *s, int year, st_cycle *out);
store_rc store_cycle_list(store *s, st_cycle **out, size_t *n); /* by year */
store_rc store_cycle_set_status(store *s, int year, st_cycle_status status);
/* Moves a cycle that is not closed to another stored version of its own
 * framework (the caller checks that the indicator codes are compatible:
 * fw_codes_compatible); audited as "cycle.framework". */
store_rc store_cycle_set_framework(store *s, int year, int version);
void st_cycle_free(st_cycle *c);
void st_cycle_list_free(st_cycle *list, size_t n);

/* ---- Assessments (one per indicator of a cycle) ------------------------- */

typedef assess_status st_assess_status; /* core/perm.h */

typedef struct st_assessment {
        char *indicator; /* the framework's indicator code */
        int level;       /* 0..5, ASSESS_NO_LEVEL when not filled */
        char *fakta;     /* may be NULL */
        char *analisis;  /* may be NULL */
        st_assess_status status;
        int64_t updated_at;
} st_assessment;

/* Sets the level (0..5; the caller checks it against the framework's
 * declared range, fw_level_valid) of an indicator in the year's cycle, and
 * the texts when not NULL (NULL keeps what is stored).  CONFLICT when the cycle is
 * closed; NOTFOUND when the year has no cycle.  The indicator code is
 * checked by the caller against the framework. */
store_rc store_assessment_set(store *s, int year, const char *indicator, int level,
                              const char *fakta, const char *analisis);
store_rc store_assessment_get(store *s, int year, const char *indicator, st_assessment *out);
/* Every stored assessment of the year's cycle, ordered by indicator code. */
store_rc store_assessment_list(store *s, int year, st_assessment **out, size_t *n);
void st_assessment_free(st_assessment *a);
void st_assessment_list_free(st_assessment *list, size_t n);
/* The levels of list as the scoring engine takes them (core/score.h):
 * levels[i] (fw->nindicators entries) is indicator i's level, or
 * fw_level_none(fw) when it is not filled or outside the framework's
 * declared range (store_levels.c). */
void st_assessment_levels(const fw_framework *fw, const st_assessment *list, size_t n,
                          uint8_t *levels);

/* ---- Assignments (which OPD leads an indicator of a cycle) -------------- */

typedef struct st_assign {
        char *indicator;
        int64_t opd_id;   /* 0 when not assigned */
        char *opd_code;   /* NULL when not assigned */
        char *opd_name;   /* NULL when not assigned */
        int64_t deadline; /* unix seconds (end of the day), 0 when none */
} st_assign;

/* Assigns an indicator of the year's cycle to the OPD with opd_code (NULL
 * removes the assignment) with a deadline (0 = none).  NOTFOUND for an
 * unknown year or OPD; CONFLICT when the cycle is closed. */
store_rc store_assign_set(store *s, int year, const char *indicator, const char *opd_code,
                          int64_t deadline);
/* The assignment of one indicator; OK with opd_id 0 when it has none. */
store_rc store_assign_get(store *s, int year, const char *indicator, st_assign *out);
/* Every assignment of the cycle (only assigned indicators), by indicator. */
store_rc store_assign_list(store *s, int year, st_assign **out, size_t *n);
void st_assign_free(st_assign *a);
void st_assign_list_free(st_assign *list, size_t n);

/* The rest of an indicator's team in a cycle: the OPDs that contribute
 * (they may view the indicator and add evidence and justification; the
 * lead OPD submits) and the person in charge (penanggung jawab). */
typedef struct st_team {
        char **contributors; /* OPD codes */
        int64_t *contributor_ids;
        size_t ncontributors;
        int64_t pic_id; /* user id, 0 when none */
        char *pic_username, *pic_name;
} st_team;

/* Replaces the team of an indicator: contributors by OPD code (n may be
 * 0) and the person in charge by username (NULL = none).  NOTFOUND for an
 * unknown year, OPD or user; CONFLICT when the cycle is closed. */
store_rc store_team_set(store *s, int year, const char *indicator, const char *const *opd_codes,
                        size_t n, const char *pic_username);
store_rc store_team_get(store *s, int year, const char *indicator, st_team *out);
void st_team_free(st_team *t);

/* ---- User accounts ------------------------------------------------------ */

typedef struct st_user {
        int64_t id;
        char *username; /* 3..64 of [a-z0-9._-], unique */
        char *name;     /* display name */
        perm_role role;
        int64_t opd_id;      /* 0 when none (required for ROLE_OPD) */
        char *opd_code;      /* NULL when none */
        char *password_hash; /* Argon2id string (libsodium), NULL when no password */
        bool must_change;    /* a one-time password: change at next login */
        bool disabled;
        int64_t created_at;
} st_user;

/* Adds an account.  EXISTS for a taken username, NOTFOUND for an unknown
 * OPD, INVALID when role opd has no OPD or the username is malformed. */
store_rc store_user_add(store *s, const char *username, const char *name, perm_role role,
                        const char *opd_code, const char *password_hash, bool must_change,
                        int64_t *id);
store_rc store_user_get(store *s, const char *username, st_user *out);
store_rc store_user_get_id(store *s, int64_t id, st_user *out);
store_rc store_user_list(store *s, st_user **out, size_t *n); /* by username */
/* Up to limit (1..STORE_PAGE_MAX) active accounts whose username or name
 * contains query (ASCII case-insensitive; NULL or "" = any), by username:
 * the person-in-charge picker's lookup.  INVALID for a bad limit or a query
 * longer than STORE_QUERY_MAX or not UTF-8. */
store_rc store_user_find(store *s, const char *query, size_t limit, st_user **out, size_t *n);
/* One page of the accounts whose username, name, OPD code or OPD name
 * contains query (NULL or "" = all; case-insensitive for ASCII), by
 * username: at most limit from offset, and in *total how many match.  The
 * caller frees with st_user_list_free.  INVALID for a query longer than
 * STORE_QUERY_MAX or not UTF-8. */
store_rc store_user_search(store *s, const char *query, size_t offset, size_t limit, st_user **out,
                           size_t *n, size_t *total);
/* Replaces the password hash (and the must_change flag). */
store_rc store_user_set_password(store *s, int64_t id, const char *password_hash, bool must_change);
store_rc store_user_set_disabled(store *s, int64_t id, bool disabled);
/* Changes name, role and OPD of an account. */
store_rc store_user_update(store *s, int64_t id, const char *name, perm_role role,
                           const char *opd_code);
void st_user_free(st_user *u);
void st_user_list_free(st_user *list, size_t n);

/* ---- Sessions and API tokens (only SHA-256 hashes are stored) ----------- */

typedef struct st_session {
        int64_t user_id;
        int64_t created_at, last_seen; /* unix seconds */
} st_session;

store_rc store_session_create(store *s, const char *token_hash, int64_t user_id, int64_t now);
/* NOTFOUND when no session has this hash. */
store_rc store_session_get(store *s, const char *token_hash, st_session *out);
store_rc store_session_touch(store *s, const char *token_hash, int64_t now);
store_rc store_session_delete(store *s, const char *token_hash);
/* Ends every session of a user (password change, disabled account). */
store_rc store_session_delete_user(store *s, int64_t user_id);
/* Deletes sessions last seen before idle_before or created before
 * created_before. */
store_rc store_session_purge(store *s, int64_t idle_before, int64_t created_before);

/* ---- Pending forms: what a form carried when its session had expired --- */

/* Keeps fields (a JSON object, without passwords or CSRF values) posted to
 * path under id (a random token, 32..64 of [0-9A-Za-z_-]), unclaimed.
 * EXISTS for a taken id, INVALID for a bad id or oversized data. */
store_rc store_pending_form_put(store *s, const char *id, const char *path, const char *fields,
                                int64_t now);
/* Ties an unclaimed pending form to username (at login).  NOTFOUND when
 * there is no such unclaimed form. */
store_rc store_pending_form_claim(store *s, const char *id, const char *username);
/* The path and fields of username's pending form id made at or after
 * since; the caller frees both (mem_free).  NOTFOUND otherwise. */
store_rc store_pending_form_get(store *s, const char *id, const char *username, int64_t since,
                                char **path, char **fields);
/* Forgets username's pending form id (none is fine). */
store_rc store_pending_form_delete(store *s, const char *id, const char *username);
/* Forgets pending forms made before before. */
store_rc store_pending_form_purge(store *s, int64_t before);

typedef struct st_token {
        int64_t id;
        int64_t user_id;
        char *name; /* what the token is for, may be NULL */
        int64_t created_at, last_used;
        int64_t expires_at; /* unusable from then on (0 only for a damaged row) */
        int64_t revoked_at; /* 0 when not revoked */
} st_token;

store_rc store_token_create(store *s, const char *token_hash, int64_t user_id, const char *name,
                            int64_t now, int64_t expires_at, int64_t *id);
/* NOTFOUND when no token has this hash.  Whether it is revoked or expired
 * is the caller's check (revoked_at, expires_at). */
store_rc store_token_get(store *s, const char *token_hash, st_token *out);
store_rc store_token_touch(store *s, int64_t id, int64_t now);
/* An account's tokens, newest first, revoked and expired ones included. */
store_rc store_token_list(store *s, int64_t user_id, st_token **out, size_t *n);
/* Revokes one token at now; owner > 0: only when it is that account's
 * (else NOTFOUND).  CONFLICT when already revoked. */
store_rc store_token_revoke(store *s, int64_t id, int64_t owner, int64_t now);
/* Revokes every live token of an account (password changed or reset);
 * *count (may be NULL) receives how many. */
store_rc store_token_revoke_user(store *s, int64_t user_id, int64_t now, size_t *count);
void st_token_free(st_token *t);
void st_token_list_free(st_token *list, size_t n);

/* ---- Login throttling --------------------------------------------------- */

/* Records one password check (a login, or the current password on the
 * password page); ok = the password was right. */
store_rc store_login_record(store *s, const char *username, const char *addr, bool ok, int64_t now);

/* What the throttle (docs/security.md) weighs for an attempt of username
 * from addr; failures count from `since` (the window's start). */
typedef struct st_login_counts {
        int pair;    /* failures of username from addr after that pair's last success */
        int addr;    /* failures from addr, any username; a success never resets them */
        int account; /* failures of username from addresses not known for it */
        bool known;  /* username logged in from addr at or after known_since */
} st_login_counts;
store_rc store_login_counts(store *s, const char *username, const char *addr, int64_t since,
                            int64_t known_since, st_login_counts *out);
/* Forgets failures older than failed_before and successes older than
 * ok_before. */
store_rc store_login_purge(store *s, int64_t failed_before, int64_t ok_before);

/* ---- Settings (small texts the administrator keeps, e.g. mappings) ---- */

/* The text stored under key (the caller frees with mem_free), or NOTFOUND. */
store_rc store_setting_get(store *s, const char *key, char **text);
/* Stores text (up to 1 MiB of UTF-8) under key (1..200 bytes); NULL
 * deletes it.  Audited as "setting.set". */
store_rc store_setting_set(store *s, const char *key, const char *text);

/* ---- Official results (the national assessors' final levels) ----------- */

/* Replaces the official levels of the year's cycle with levels[i] of
 * codes[i] (1..5), all in one transaction (audited once). */
store_rc store_official_set(store *s, int year, const char *const *codes, const int *levels,
                            size_t n);
typedef struct st_official {
        char *indicator;
        int level;
} st_official;
store_rc store_official_list(store *s, int year, st_official **out, size_t *n);
void st_official_list_free(st_official *list, size_t n);

/* ---- Actor and audit trail ---------------------------------------------- */

/* Names who makes the changes through this handle from now on, e.g.
 * "web:rina" or "cli:root" (copied; at most 100 bytes).  Every change of a
 * level, justification, status, assignment, evidence link or review,
 * account, role, cycle, target, OPD or framework appends an audit entry
 * (core/audit.h) in the same transaction as the change.  The default actor
 * is "system". */
void store_set_actor(store *s, const char *actor);

typedef struct st_audit {
        int64_t seq, at;
        char *actor, *action, *object, *before, *after;
        char *prev_hash, *hash;
        char *key_id; /* id of the key of a keyed entry; "" for an unkeyed (v1) one */
} st_audit;

/* Gives the handle the agency's 32-byte audit key (io/keys.h; copied,
 * wiped at store_close).  Every entry is hashed with it (core/audit.h,
 * v2); a handle without a key appends nothing, so every change through it
 * fails with a message saying to create or restore the key.  When this
 * handle's open migrated the database of an older version to the keyed
 * chain and that chain holds unkeyed (v1) entries, it is sealed now
 * (store_audit_seal).  The key is set whatever the result; a failure (a
 * damaged old chain, a database that cannot be written) is returned with
 * its message, and changes are refused until the chain is sealed. */
store_rc store_set_audit_key(store *s, const unsigned char key[32]);

/* Seals a chain that ends in unkeyed (v1) entries: verifies the whole v1
 * chain, then appends one keyed entry "audit.rekey" on "audit" whose
 * after records the v1 entries and head ({"v1_entries", "v1_head"}).  From
 * then on changing any v1 entry breaks the seal, which cannot be remade
 * without the key; the old hashes stay, so a head written down before is
 * still found.  For a data folder upgraded without keys (the key made
 * later with `monev key create`).  CONFLICT when the chain is empty or
 * already keyed; IO when the v1 chain does not verify (a damaged history
 * is never sealed) or the handle has no key. */
store_rc store_audit_seal(store *s);

/* Entries in order of seq, only those whose object starts with prefix
 * (NULL or "" = all) by whole path steps ("cycle/2026/indicator/1" selects
 * that object and "cycle/2026/indicator/1/evidence/7", not indicator 12),
 * after seq after_seq, at most limit (0 = no limit). */
store_rc store_audit_list(store *s, const char *prefix, int64_t after_seq, size_t limit,
                          st_audit **out, size_t *n);
void st_audit_list_free(st_audit *list, size_t n);

/* Walks the whole chain recomputing every hash (keyed entries with the
 * handle's key; unkeyed ones only before every keyed one).  *checked =
 * entries read; *bad_seq = the first entry that does not match (0 when
 * all do) with the reason in why (Indonesian), which names a key other
 * than the handle's.  OK unless the database cannot be read or the chain
 * has keyed entries and the handle no key (STORE_IO). */
store_rc store_audit_verify(store *s, int64_t *checked, int64_t *bad_seq, char *why, size_t whylen);

/* The newest entry's seq and hash (0 and AUDIT_GENESIS when empty). */
store_rc store_audit_head(store *s, int64_t *seq, char hash[65]);

/* The seq of the entry whose hash is hash (64 hex digits, any case):
 * NOTFOUND when no entry has it (e.g. a head written down before newer
 * entries were cut off), INVALID when it is not a hash. */
store_rc store_audit_find(store *s, const char *hash, int64_t *seq);

/* How many entries are unkeyed (v1, written before the chain was keyed). */
store_rc store_audit_unkeyed(store *s, int64_t *n);

/* ---- Workflow ----------------------------------------------------------- */

/* Moves an indicator's assessment from status `from` to `to` with a note
 * (may be NULL; required when returning) and records it in the history.
 * CONFLICT when the current status is not `from` (someone else moved it)
 * or the cycle is closed; NOTFOUND when the year has no cycle.  An
 * indicator without a row is a draft without a level: submitting it is
 * INVALID (claim a level first).  Moving to verified is CONFLICT while a
 * document linked to the indicator is marked revisi (the message names the
 * codes).  Which moves are allowed is decided by the caller
 * (core/workflow.h, core/perm.h). */
store_rc store_assessment_transition(store *s, int year, const char *indicator,
                                     st_assess_status from, st_assess_status to, const char *note);

typedef struct st_note {
        int64_t at;
        char *actor;
        st_assess_status from, to;
        char *note; /* may be NULL */
} st_note;

/* The status history of an indicator, oldest first. */
store_rc store_assessment_notes(store *s, int year, const char *indicator, st_note **out,
                                size_t *n);
void st_note_list_free(st_note *list, size_t n);

/* Closes a cycle in one transaction: verified assessments become final;
 * draft, submitted and returned ones keep their status and level and read
 * "tidak diverifikasi" in the closed cycle (core/progress.h,
 * progress_finalizes; docs/roles.md).  While any assessment is still
 * submitted (awaiting review) the close is refused (CONFLICT) unless a
 * reason is given ("tutup tetap": NULL or "" = none, at most 4,000 bytes,
 * kept in the audit trail).  CONFLICT when the cycle is already closed. */
store_rc store_cycle_close(store *s, int year, const char *reason);

/* Reopens a closed cycle for corrections, with a reason (required, 1 to
 * 4,000 bytes): the status becomes review and st_cycle.reopened true; the
 * assessments stay final, assignments and teams can't change (CONFLICT
 * from store_assign_set and store_team_set), and the only status change
 * left is closing again (store_cycle_close).  CONFLICT when the cycle is
 * not closed.  Who may reopen is perm_allows's decision (ACT_REOPEN_CYCLE,
 * the admin alone). */
store_rc store_cycle_reopen(store *s, int year, const char *reason);

/* Every reopening of the year's cycle, oldest first, from the audit trail
 * (for the report). */
typedef struct st_reopen {
        int64_t at;
        char *actor;
        char *reason;
} st_reopen;
store_rc store_cycle_reopens(store *s, int year, st_reopen **out, size_t *n);
void st_reopen_list_free(st_reopen *list, size_t n);

/* ---- Guarded changes: the permission is checked in the writing ----------
 * transaction, so what it read (cycle state, status, assignment,
 * contributors) is still true when the change is written. */

typedef struct st_actor {
        perm_role role;
        int64_t opd_id; /* the user's OPD, 0 when none */
} st_actor;

/* The scope of an indicator of the year's cycle (indicator NULL: of the
 * cycle alone) for who: user_opd, object_opd, cycle state (open, closed,
 * reopened), status, contributor, all read in one snapshot; external is
 * the framework's word, passed through.  For showing what a user may do;
 * a change uses store_guard.  NOTFOUND for a year without a cycle. */
store_rc store_scope_get(store *s, const st_actor *who, int year, const char *indicator,
                         bool external, perm_scope *out);

/* Inside a transaction the caller holds (store_begin takes the write lock
 * at once): reads the scope as store_scope_get does and asks
 * perm_allows(who->role, act, scope).  STORE_DENIED when refused,
 * STORE_INVALID outside a transaction, NOTFOUND for a year without a
 * cycle.  *scope (when not NULL) receives what was read, also when
 * refused, for the caller's answer.  A change made after STORE_OK, before
 * the commit, was allowed when it was written. */
store_rc store_guard(store *s, const st_actor *who, perm_action act, int year,
                     const char *indicator, bool external, perm_scope *scope);

/* store_assessment_set after store_guard(ACT_EDIT_ASSESSMENT), in one
 * transaction (the caller's, or one of its own). */
store_rc store_assessment_set_as(store *s, const st_actor *who, int year, const char *indicator,
                                 bool external, int level, const char *fakta, const char *analisis,
                                 perm_scope *scope);

/* One workflow step (core/workflow.h) from the status read in the same
 * transaction as the move, after perm_allows(workflow_action(step)).
 * CONFLICT when the step does not exist from the current status although
 * who could take it from another; DENIED when who may not take it; the
 * failures of store_assessment_transition.  *to receives the new status. */
store_rc store_assessment_step_as(store *s, const st_actor *who, int year, const char *indicator,
                                  bool external, wf_step step, const char *note,
                                  st_assess_status *to, perm_scope *scope);

/* ---- The asesor's own level (issue 9), kept beside the claim ------------ */

typedef struct st_assessor {
        char *indicator;
        int level;  /* 1..5 */
        char *note; /* may be NULL */
        char *by;   /* the actor who set it (store_set_actor) */
        int64_t at; /* unix seconds */
} st_assessor;

/* Sets the asesor's level (0..5, checked against the framework by the caller) and note (NULL or ""
 * for none; at most 4,000 bytes) of an indicator of the year's cycle, beside the claimed level,
 * which it does not touch; the handle's actor and now are kept with it.  Audited as "assessor.set"
 * on "cycle/<year>/indicator/<code>" (level and note, before and after).  CONFLICT when the cycle
 * is closed, NOTFOUND for a year without a cycle, INVALID for a bad level or note. Who may is
 * perm_allows's decision (ACT_ASSESSOR_LEVEL): use store_assessor_set_as. */
store_rc store_assessor_set(store *s, int year, const char *indicator, int level, const char *note);
/* store_assessor_set after store_guard(ACT_ASSESSOR_LEVEL), in one
 * transaction (the caller's, or one of its own). */
store_rc store_assessor_set_as(store *s, const st_actor *who, int year, const char *indicator,
                               bool external, int level, const char *note, perm_scope *scope);
/* Every asesor level of the year's cycle, by indicator code. */
store_rc store_assessor_list(store *s, int year, st_assessor **out, size_t *n);
void st_assessor_list_free(st_assessor *list, size_t n);

/* Every evidence code ever given in the year's cycle for indicator (NULL:
 * for every indicator), also of links removed since (e.g. replaced by a
 * revision), from the audit trail's "evidence.link" entries, oldest
 * first: the code, its indicator and its document.  An index range scan:
 * one indicator's history costs what it holds, not the cycle's.  For
 * linting the codes Fakta and Hasil Analisis cite (core/lint.h). */
typedef struct st_code_ref {
        char *code;
        char *indicator;
        int64_t evidence_id;
} st_code_ref;
store_rc store_evidence_code_history(store *s, int year, const char *indicator, st_code_ref **out,
                                     size_t *n);
void st_code_ref_list_free(st_code_ref *list, size_t n);

/* ---- External values: an external indicator's value as the supplying
 * agency published it (issue 9) ------------------------------------------- */

typedef struct st_external {
        char *indicator;
        char *value;       /* as published, e.g. "72.50" */
        char *source;      /* who published it, where */
        char *source_date; /* "YYYY-MM-DD" */
        int level;         /* from the conversion table; -1 when no row applied */
        int conv_row;      /* the table row (1-based) that gave it, 0 when none */
        int64_t updated_at;
} st_external;

/* The stored value of an indicator; NOTFOUND when none was entered (or the
 * year has no cycle). */
store_rc store_external_get(store *s, int year, const char *indicator, st_external *out);
/* Every stored value of the year's cycle, by indicator code. */
store_rc store_external_list(store *s, int year, st_external **out, size_t *n);
void st_external_free(st_external *e);
void st_external_list_free(st_external *list, size_t n);

/* Records an external indicator's value, source and date with the level
 * its conversion gave (level -1 and conv_row 0 when no row applied), after
 * store_guard(ACT_EDIT_ASSESSMENT, external) in one transaction (the
 * caller's, or one of its own), audited as "external.set"; a level of 1 or
 * more is written to the assessment as store_assessment_set does (audited
 * there).  INVALID for a value, source or date out of shape; the failures
 * of store_guard and store_assessment_set. */
store_rc store_external_set_as(store *s, const st_actor *who, int year, const char *indicator,
                               const char *value, const char *source, const char *source_date,
                               int level, int conv_row, perm_scope *scope);

/* Creates the cycle of year from the cycle of from_year (same framework
 * id; framework_version may be newer): levels are kept as last year's
 * (prev_level), the new levels start empty, statuses draft, Fakta and
 * Hasil Analisis copied, assignments copied without deadlines, evidence
 * links kept and flagged for re-confirmation.  Only indicator codes listed
 * in codes (the new framework's) are carried.  EXISTS when year has a
 * cycle, NOTFOUND when from_year has none. */
store_rc store_cycle_create_from(store *s, int year, int from_year, const char *framework_id,
                                 int framework_version, const char *const *codes, size_t ncodes,
                                 int64_t *id);

/* Last year's level of an indicator carried by store_cycle_create_from
 * (ASSESS_NO_LEVEL when none). */
store_rc store_assessment_prev_level(store *s, int year, const char *indicator, int *level);

/* ---- Backup (store_snapshot.c) ------------------------------------------ */

/* Writes a consistent copy of the database of the data folder dir to path
 * (a new file, mode 0600; an existing path is refused) while other
 * connections and processes go on reading and writing: the copy holds one
 * committed state.  Named monev.db, it opens with store_open on its
 * folder.  On failure err says why (Indonesian) and nothing is left at
 * path (an existing file there stays as it was). */
store_rc store_snapshot(const char *dir, const char *path, char *err, size_t errlen);

/* Evidence documents and their links (the rest of this interface). */
#include "store/store_evidence.h"

#endif
