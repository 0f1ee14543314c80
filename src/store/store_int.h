/*
 * store_int: what the files of the store share, private to src/store/.
 *
 * store_sqlite.c is the SQLite driver and the core (opening, pragmas,
 * migrations, transactions, the statement cache, error mapping) and
 * store_sqlite_hooks.c what it installs into SQLite; store_sql.h holds every
 * prepared statement's SQL, indexed by enum q, made into each dialect's
 * table by store_sqlite_sql.c and store_pg_sql.c; store_common.c and
 * store_audit.c the checks, row readers and audit entries the others share;
 * each other store_*.c file the rules of one kind of data (store.h).
 *
 * The helpers keep the names they had as static functions of the single
 * store_sqlite.c; they are declared only here and the program exports no
 * symbol of them (nm -D), so no library can bind to them.  Each one's
 * contract is at its definition.  Nothing here is part of store.h's
 * contract.
 */
#ifndef MONEV_STORE_STORE_INT_H
#define MONEV_STORE_STORE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/hash.h"
#include "core/audit.h"
#include "store/store.h"

#define DB_NAME         "monev.db"
#define BUSY_TIMEOUT_MS 5000
#define DIR_MAX         4000 /* bytes in the data folder's path */
#define NAME_MAX_LEN    200  /* names of the agency, OPDs, people */
#define CODE_MAX_LEN    32   /* OPD and indicator codes */
#define FW_ID_MAX_LEN   64   /* framework ids */
#define TITLE_MAX_LEN   300  /* framework titles */
#define NOTE_MAX_LEN    500  /* where a target is written */
#define EMAIL_MAX_LEN   254
#define TEXT_MAX_LEN    ((size_t)256 << 10) /* fakta, analisis */
#define SOURCE_MAX_LEN  ((size_t)16 << 20)  /* a framework file */
#define YEAR_MIN        2000
#define YEAR_MAX        2100
#define TARGET_MAX      500 /* hundredths: 5,00 is the top of the index */
#define USERNAME_MIN    3
#define USERNAME_MAX    64
#define PW_HASH_MAX     127                   /* a libsodium hash string, without its NUL */
#define LOGIN_NAME_MAX  256                   /* a username as typed at the login form */
#define ADDR_MAX        64                    /* a client address (IPv6 text is at most 45) */
#define TIME_MAX        ((int64_t)7258118399) /* 2199-12-31 23:59:59 UTC */
#define ACTOR_MAX_LEN   100                   /* "web:rina", "cli:root" */
#define ACTOR_DEFAULT   "system"
#define OBJECT_MAX_LEN  160  /* an audit entry's object, e.g. "cycle/2026/indicator/12" */
#define REMARK_MAX_LEN  4000 /* a note on a status move or a review */
#define EV_TITLE_MAX    300
#define EV_META_MAX     200 /* document number, issuer */
#define EV_MIME_MAX     127
#define EV_FILENAME_MAX 255
#define EV_SIZE_MAX     ((int64_t)1 << 40)
#define EV_SEQ_MAX      999 /* links per cycle, indicator and level */

/* ---- The driver interface ---------------------------------------------- */

typedef struct db_conn db_conn;     /* a driver's open connection */
typedef struct db_stmt db_stmt;     /* a driver's prepared statement */
typedef struct db_driver db_driver; /* one database's functions */

/* What a driver call gives back.  DB_OK, DB_ROW and DB_DONE are success;
 * each other code is a class of failure that the rules tell apart, and
 * db_error turns any of them into the store's message. */
enum {
        DB_OK,          /* the call succeeded */
        DB_ROW,         /* db_step: a row is ready to read */
        DB_DONE,        /* db_step: the statement has run to its end */
        DB_BUSY,        /* another connection held the lock past the busy timeout */
        DB_NOMEM,       /* memory ran out */
        DB_FULL,        /* the disk is full */
        DB_UNIQUE,      /* a unique or primary key would repeat */
        DB_FOREIGN_KEY, /* a reference to a missing row, or a referenced row removed */
        DB_TRIGGER,     /* a trigger refused the change (e.g. a closed cycle) */
        DB_CHECK,       /* a CHECK constraint refused a value */
        DB_NOT_NULL,    /* a required column was left empty */
        DB_CONSTRAINT,  /* any other constraint */
        DB_ERROR,       /* any other failure */
        DB_CODE_COUNT
};

enum q {
        Q_BEGIN,
        Q_BEGIN_READ,
        Q_DATA_VERSION,
        Q_TEAM_CLEAR,
        Q_TEAM_ADD_OPD,
        Q_TEAM_ADD_PIC,
        Q_TEAM_LIST,
        Q_SETTING_GET,
        Q_SETTING_PUT,
        Q_SETTING_DEL,
        Q_OFFICIAL_DEL,
        Q_OFFICIAL_ADD,
        Q_OFFICIAL_LIST,
        Q_COMMIT,
        Q_ROLLBACK,
        Q_SAVEPOINT,
        Q_RELEASE,
        Q_ROLLBACK_TO,
        Q_TX_COUNT, /* the statements above are prepared when the store opens */
        Q_USER_VERSION = Q_TX_COUNT,
        Q_AGENCY_SET,
        Q_AGENCY_GET,
        Q_AGENCY_TZ_GET,
        Q_AGENCY_TZ_SET,
        Q_AGENCY_REGION_SET,
        Q_OPD_ADD,
        Q_OPD_GET,
        Q_OPD_LIST,
        Q_PERSON_ADD,
        Q_PERSON_LIST,
        Q_FW_NEWEST,
        Q_FW_INSERT,
        Q_FW_GET,
        Q_FW_LIST,
        Q_FW_EXISTS,
        Q_TARGET_SET,
        Q_TARGET_GET,
        Q_TARGET_LIST,
        Q_CYCLE_CREATE,
        Q_CYCLE_GET,
        Q_CYCLE_LIST,
        Q_CYCLE_SET_STATUS,
        Q_CYCLE_REF,
        Q_CYCLE_SET_FW,
        Q_ASSESS_SET,
        Q_ASSESS_GET,
        Q_ASSESS_LIST,
        Q_OPD_ID,
        Q_ASSIGN_SET,
        Q_ASSIGN_DELETE,
        Q_ASSIGN_GET,
        Q_ASSIGN_LIST,
        Q_USER_ADD,
        Q_USER_GET,
        Q_USER_GET_ID,
        Q_USER_LIST,
        Q_USER_SET_PASSWORD,
        Q_USER_SET_DISABLED,
        Q_USER_UPDATE,
        Q_USER_STATE,
        Q_USER_SEARCH,
        Q_USER_SEARCH_COUNT,
        Q_SESSION_CREATE,
        Q_SESSION_GET,
        Q_SESSION_TOUCH,
        Q_SESSION_DELETE,
        Q_SESSION_DELETE_USER,
        Q_SESSION_PURGE,
        Q_PENDING_PUT,
        Q_PENDING_CLAIM,
        Q_PENDING_GET,
        Q_PENDING_DELETE,
        Q_PENDING_PURGE,
        Q_TOKEN_CREATE,
        Q_TOKEN_GET,
        Q_TOKEN_TOUCH,
        Q_TOKEN_LIST,
        Q_TOKEN_OWNER,
        Q_TOKEN_REVOKE,
        Q_TOKEN_REVOKE_USER,
        Q_LOGIN_RECORD,
        Q_LOGIN_COUNTS,
        Q_LOGIN_PURGE,
        Q_AUDIT_HEAD,
        Q_AUDIT_INSERT,
        Q_AUDIT_LIST,
        Q_AUDIT_ALL,
        Q_AUDIT_FIND,
        Q_AUDIT_UNKEYED,
        Q_ASSESS_STATE,
        Q_ASSESS_MOVE,
        Q_ASSESS_UNFINAL,
        Q_ASSESS_FINALIZE,
        Q_ASSESS_PREV,
        Q_NOTE_ADD,
        Q_NOTE_LIST,
        Q_CARRY_ASSESS,
        Q_CARRY_ASSIGN,
        Q_CARRY_LINKS,
        Q_CARRY_SEQ,
        Q_EV_ADD,
        Q_EV_GET,
        Q_EV_EXISTS,
        Q_EV_VISIBLE,
        Q_EV_CODE,
        Q_EV_HASHES,
        Q_SEQ_NEXT,
        Q_LINK_STATE,
        Q_LINK_ADD,
        Q_LINK_DELETE,
        Q_LINK_REVIEW,
        Q_LINK_CONFIRM,
        Q_LINK_LIST,
        Q_EV_REUSABLE,
        Q_EV_REUSABLE_OPD,
        Q_EV_COUNTS,
        Q_USER_FIND,
        Q_EXTERNAL_SET,
        Q_EXTERNAL_GET,
        Q_EXTERNAL_LIST,
        Q_LINK_MAPPED,
        Q_CYCLE_REOPENED,
        Q_CODE_HISTORY,
        Q_ASSESSOR_GET,
        Q_ASSESSOR_PUT,
        Q_ASSESSOR_LIST,
        Q_BACKGROUND_TRY,
        Q_BACKGROUND_END,
        Q_COUNT
};

/* What a read snapshot already looked up about one year's cycle: within
 * one snapshot it cannot change, so a page asks the database once. */
typedef struct year_memo {
        int year; /* 0: the slot is empty */
        bool ref; /* id and status are cycle_ref's */
        int64_t id;
        int status;   /* st_cycle_status */
        int reopened; /* cycle_reopened: -1 not asked yet, else 0 or 1 */
} year_memo;

#define YEAR_MEMOS 4

struct store {
        const db_driver *drv;       /* the database's functions (NULL until it opens) */
        db_conn *db;                /* the driver's connection */
        char *path;                 /* DIR/monev.db, or the database's name without a password */
        bool in_tx;                 /* the caller holds a transaction (store_begin) */
        bool in_read;               /* the caller holds a read snapshot (store_read_begin) */
        year_memo memo[YEAR_MEMOS]; /* filled only inside a read snapshot, emptied at its ends */
        bool dv_known;              /* last_dv holds a value */
        int64_t last_dv;            /* PRAGMA data_version at the last store_poll_changes */
        db_stmt *stmt[Q_COUNT];
        char actor[ACTOR_MAX_LEN + 1]; /* who changes data through this handle */
        bool has_key;                  /* audit_key is set (store_set_audit_key) */
        bool seal_ok; /* this open brought the schema to the keyed chain (store_set_audit_key) */
        unsigned char audit_key[AUDIT_KEY_BYTES];
        char key_id[AUDIT_KEY_ID_LEN + 1]; /* audit_key_id of audit_key */
        char err[512];
        bool no_space;      /* the last failure was for want of disk space */
        unsigned jobs_held; /* bit (1 << st_job): this handle holds that job's lock */
};

/* A prepared statement of any driver begins with this: the db_* calls
 * reach its driver through it. */
struct db_stmt {
        const db_driver *drv;
};

/*
 * What a database brings: its statements' SQL and the functions behind
 * the db_* calls below and the store's opening, transactions and
 * messages.  store_core.c holds everything else, once for every driver.
 * A third database is a third table like sqlite_driver and pg_driver.
 */
struct db_driver {
        const char *name;           /* "SQLite", "PostgreSQL": for messages */
        const char *const *sql;     /* the text of each enum q, in this dialect */
        int (*schema_latest)(void); /* the newest schema version it knows */
        /* Prepares sql for s; fails with the store's message set. */
        store_rc (*prepare)(store *s, const char *sql, db_stmt **out);
        void (*reset)(db_stmt *st);    /* ready to bind and step again */
        void (*finalize)(db_stmt *st); /* frees it; NULL is fine */
        int (*bind_int64)(db_stmt *st, int i, int64_t v);
        int (*bind_text)(db_stmt *st, int i, const char *t, size_t len);
        int (*bind_null)(db_stmt *st, int i);
        int (*step)(db_stmt *st);
        int (*col_count)(db_stmt *st);
        bool (*col_is_null)(db_stmt *st, int i);
        int64_t (*col_int64)(db_stmt *st, int i);
        const char *(*col_text)(db_stmt *st, int i);
        int (*col_bytes)(db_stmt *st, int i);
        const char *(*col_name)(db_stmt *st, int i); /* after the first db_step */
        int (*changes)(store *s);
        int64_t (*last_id)(store *s);
        bool (*autocommit)(store *s);
        int (*last_error)(store *s);
        /* The store's message for the DB_* code r (a failure). */
        store_rc (*error)(store *s, int r);
        /* True when the last failure was for want of disk space. */
        bool (*no_space)(store *s);
        void (*set_busy_timeout)(store *s, int ms);
        /* After store_copy's rows: what the database keeps beside them
         * (PostgreSQL's identity sequences continue after the copied ids). */
        store_rc (*copy_finish)(store *s);
        /* Closes the connection (an open transaction is rolled back). */
        void (*close)(store *s);
};

extern const db_driver sqlite_driver; /* store_sqlite.c */
extern const db_driver pg_driver;     /* store_pg.c */

/* store_sqlite.c and store_pg.c: open where (a folder, or a database's
 * URL) into s, whose actor and error buffer are set; on failure the
 * message is in s->err and store_close frees what was made. */
store_rc sqlite_open(store *s, const char *dir, bool create);
store_rc pg_open(store *s, const char *url, bool create);

/* store_pg.c: store_label of a URL; false (out "PostgreSQL") when libpq
 * cannot read it. */
bool pg_label(const char *url, char *out, size_t n);

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Row readers: fill *item from the current row.  On failure the item is
 * left empty (nothing to free). */
typedef store_rc (*row_reader)(store *s, db_stmt *st, void *item);
/* Frees what a row_reader filled in one item (not the item itself). */
typedef void (*row_free)(void *item);

/* The row_free of each kind of row read by read_all. */
#define ROW_DROP(name, type, fn)                                                                   \
        static void name(void *item)                                                               \
        {                                                                                          \
                fn((type *)item);                                                                  \
        }

enum { BEFORE = 0, AFTER = 1 };

/* The two sides of an entry being built.  Adding never fails on the spot:
 * a failure is remembered and reported by audit_write. */
typedef struct rec {
        json_t *side[2]; /* JSON objects, NULL until a field is added */
        bool oom;        /* memory ran out while adding */
        bool bad_text;   /* a stored text was not UTF-8 */
} rec;

/* One link as stored, for the changing operations. */
typedef struct link_row {
        int64_t id;
        int level;
        char *code;
        bool needs_confirm;
        int review;
        char *review_note;
} link_row;

/* The SQL of each statement in each dialect, one text written once
 * (store_sql.h): SQLite's (store_sqlite_sql.c) and PostgreSQL's
 * (store_pg_sql.c, with ?N parameters that its driver makes $N). */
extern const char *const q_sql_sqlite[Q_COUNT];
extern const char *const q_sql_pg[Q_COUNT];

/* Names of the stored values of each enum, in the enum's order. */
extern const char *const cycle_status_names[3];
extern const char *const assess_status_names[5];
extern const char *const review_names[3];
extern const char *const agency_kinds[5];

/* store_core.c: the driver interface.  The db_bind_* functions bind
 * parameter i (from 1) and keep a pointer to the text, which must stay
 * until the statement's done; the db_col_* functions read column i (from 0)
 * of the current row, and a text stays valid until the next call on the
 * statement.  Each returns a DB_* code where it returns an int code. */
int db_bind_int(db_stmt *st, int i, int v);
int db_bind_int64(db_stmt *st, int i, int64_t v);
int db_bind_text(db_stmt *st, int i, const char *t);
int db_bind_text_len(db_stmt *st, int i, const char *t, size_t len);
int db_bind_null(db_stmt *st, int i);
int db_step(db_stmt *st);
int db_col_count(db_stmt *st);
bool db_col_is_null(db_stmt *st, int i);
int db_col_int(db_stmt *st, int i);
int64_t db_col_int64(db_stmt *st, int i);
const char *db_col_text(db_stmt *st, int i);
int db_col_bytes(db_stmt *st, int i);
int db_changes(store *s);
int64_t db_last_id(store *s);
bool db_autocommit(store *s);
int db_last_error(store *s);
bool db_is_constraint(int r);

/* store_core.c */
store_rc fail(store *s, store_rc rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
store_rc nomem(store *s);
store_rc db_error(store *s, int r);
/* The store's message for a failure of class r, in words every driver
 * shares (a driver words its own special cases first). */
store_rc class_error(store *s, int r);
bool is_unique_violation(int r);
store_rc prep(store *s, enum q id, db_stmt **out);
void done(db_stmt *st);
store_rc run(store *s, enum q id);
store_rc op_begin(store *s);
store_rc op_end(store *s, store_rc rc);
/* Writes a driver's own words about a failure to stderr, only when
 * MONEV_DEBUG is set (they are English and name tables: never a user's
 * message). */
void db_log(store *s, const char *what, int code);

/* store_common.c */
bool text_ok(const char *t, size_t min, size_t max, bool multiline);
bool code_ok(const char *c, size_t max);
bool fw_id_ok(const char *id);
bool sha256_ok(const char *h);
bool email_ok(const char *e);
const char *opt(const char *t);
store_rc check_year(store *s, int year);
store_rc check_indicator(store *s, const char *indicator);
int64_t now(void);
store_rc col_text(store *s, db_stmt *st, int i, char **out);
store_rc col_enum(store *s, db_stmt *st, int i, const char *const *names, size_t n, int *out);
store_rc read_one(store *s, db_stmt *st, row_reader read, void *out);
/* The one row of statement id for year (?1): checks the year, reads the
 * row with read into out; NOTFOUND "tahun Y belum memiliki <missing>". */
store_rc year_row_query(store *s, enum q id, int year, row_reader read, void *out,
                        const char *missing);
/* The row of statement id for (the year's cycle ?1, indicator ?2), read
 * into out; an indicator without a row is OK with only *missing_code set
 * (a copy of the code; out otherwise as the caller left it).  NOTFOUND
 * only when the year has no cycle. */
store_rc indicator_row_query(store *s, enum q id, int year, const char *indicator, row_reader read,
                             void *out, char **missing_code);
store_rc read_all(store *s, db_stmt *st, size_t size, row_reader read, row_free drop, void **out,
                  size_t *count);
store_rc list_query(store *s, enum q id, size_t size, row_reader read, row_free drop, void **out,
                    size_t *count);
/* The same for a statement of one cycle: checks year, binds ?1 to the id
 * of its cycle (NOTFOUND when the year has none). */
store_rc cycle_list_query(store *s, int year, enum q id, size_t size, row_reader read,
                          row_free drop, void **out, size_t *count);
store_rc cycle_ref(store *s, int year, int64_t *id, st_cycle_status *status);
store_rc cycle_reopened(store *s, int year, st_cycle_status status, bool *reopened);
store_rc refuse_if_reopened(store *s, int year, st_cycle_status status);
void object_indicator(char *o, int year, const char *indicator);
bool time_ok(int64_t t);
store_rc opd_id_of(store *s, const char *code, int64_t *id);

/* store_audit.c */
void rec_free(rec *r);
void rec_put(rec *r, int side, const char *key, json_t *v);
void rec_str(rec *r, int side, const char *key, const char *val);
void rec_int(rec *r, int side, const char *key, int64_t val);
void rec_bool(rec *r, int side, const char *key, bool val);
void rec_text_change(rec *r, const char *key, const char *old, const char *new_);
void rec_int_change(rec *r, const char *key, int64_t old, int64_t new_, int64_t none);
void rec_time(rec *r, int side, const char *key, int64_t t);
store_rc audit_write(store *s, rec *r, const char *action, const char *object);
store_rc audit_change(store *s, rec *r, const char *action, const char *object);

/* store_assess.c */
store_rc note_add(store *s, int64_t cycle_id, const char *indicator, st_assess_status from,
                  st_assess_status to, const char *note);
store_rc closed_cycle(store *s, int year);
store_rc guarded_begin(store *s, bool *own);
store_rc guarded_end(store *s, bool own, store_rc rc);

/* store_evidence.c */
store_rc read_evidence(store *s, db_stmt *st, int base, st_evidence *e);
void link_row_free(link_row *l);
store_rc link_begin(store *s, int year, const char *indicator, int64_t evidence_id, bool want,
                    int64_t *cycle_id, link_row *l);
store_rc check_link_args(store *s, int year, const char *indicator, int64_t evidence_id);
void object_link(char *o, int year, const char *indicator, int64_t evidence_id);

/* store_org.c */
store_rc check_opd_code(store *s, const char *code);

/* store_user.c */
store_rc check_username(store *s, const char *username);
store_rc check_user_id(store *s, int64_t id);
store_rc user_state(store *s, int64_t id, bool *disabled);
bool like_pattern(const char *query, char *out, size_t n);

#endif
