/*
 * cli: shared pieces of the `monev` subcommands (one file per subcommand).
 *
 * Exit codes: 0 success, 1 a failure of the machine (disk, database), 2 bad
 * input or usage (the message names what and where).
 */
#ifndef MONEV_CLI_CLI_H
#define MONEV_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "core/framework.h"
#include "store/store.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

typedef struct cli {
        const char *data_dir; /* --data, MONEV_DATA, or "./monev-data" */
        const char *key_dir;  /* --key-dir, MONEV_KEY_DIR, or DATA/keys (io/keys.h) */
        const char *prog;     /* "monev" */
        bool keys_given;      /* --data or --key-dir was on the command line */
        /* --database, MONEV_DATABASE: a PostgreSQL address (store_is_url)
         * opened instead of DATA/monev.db; NULL = the data folder's SQLite */
        const char *database;
        /* --evidence-dir, MONEV_EVIDENCE_DIR, or data_dir: the folder that
         * holds evidence/ (store/blobs.h) in place of the data folder */
        const char *evidence_dir;
} cli;

typedef int (*cli_cmd_fn)(cli *c, int argc, char **argv);

/* Subcommands: argv[0] is the subcommand's name. */
int cli_cmd_framework(cli *c, int argc, char **argv);
int cli_cmd_score(cli *c, int argc, char **argv);
int cli_cmd_init(cli *c, int argc, char **argv);
int cli_cmd_opd(cli *c, int argc, char **argv);
int cli_cmd_cycle(cli *c, int argc, char **argv);
int cli_cmd_target(cli *c, int argc, char **argv);
int cli_cmd_assess(cli *c, int argc, char **argv);
int cli_cmd_index(cli *c, int argc, char **argv);
int cli_cmd_plan(cli *c, int argc, char **argv);
int cli_cmd_demo(cli *c, int argc, char **argv);
int cli_cmd_serve(cli *c, int argc, char **argv);
int cli_cmd_user(cli *c, int argc, char **argv);
int cli_cmd_token(cli *c, int argc, char **argv);
int cli_cmd_assign(cli *c, int argc, char **argv);
int cli_cmd_audit(cli *c, int argc, char **argv);
int cli_cmd_evidence(cli *c, int argc, char **argv);
int cli_cmd_check(cli *c, int argc, char **argv);
int cli_cmd_official(cli *c, int argc, char **argv);
int cli_cmd_report(cli *c, int argc, char **argv);
int cli_cmd_pack(cli *c, int argc, char **argv);
int cli_cmd_key(cli *c, int argc, char **argv);
int cli_cmd_backup(cli *c, int argc, char **argv);
int cli_cmd_restore(cli *c, int argc, char **argv);
int cli_cmd_db(cli *c, int argc, char **argv);
int cli_cmd_region(cli *c, int argc, char **argv);
int cli_cmd_agency(cli *c, int argc, char **argv);

/* Creates an account with the password given (hashed here); onetime marks
 * it for change at the first login.  EXIT_OK or an exit code (printed). */
int cli_user_create(store *s, const char *username, const char *name, perm_role role,
                    const char *opd, const char *password, bool onetime);

/* getopt_long with the product's own messages: an unknown option, a
 * missing value or a value given to an option that takes none is named on
 * stderr in Indonesian (getopt's English messages are off) and gives '?'.
 * shortopts as for getopt_long, without a leading ':'. */
struct option;
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *opts);

/* True when a subcommand's first word asks for its usage ("--help", "-h"
 * or "help"): `monev cycle --help` shows the usage like `monev cycle
 * create --help` does. */
bool cli_wants_help(const char *arg);

/* Writes the audit actor of a command into out: "cli:<user>" with the
 * operating-system user of the effective uid (the user who ran sudo when
 * root under sudo), or "cli:uid<N>" when it has no usable name. */
void cli_actor_name(char *out, size_t n);

/* Prints "monev: MESSAGE" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints every message of d to stderr. */
void cli_print_diag(const diag *d);

/* Opens the store: the PostgreSQL database c->database when set, else the
 * data folder's SQLite.  Without create, a data folder without a database
 * is an error telling the user to run `monev init`; with it, a store that
 * already holds an agency is refused before anything is made, the data
 * folder is made (mode 0700) when missing and the agency's keys
 * (io/keys.h) are created in c->key_dir when missing.  The handle's audit
 * actor is cli_actor_name's.  Returns EXIT_OK or an exit code after
 * printing why (the store's own message when it cannot be opened). */
int cli_open_store(const cli *c, bool create, store **out);

/* True when the data folder holds a database, or a PostgreSQL database is
 * named (whether it can be reached is cli_open_store's to say). */
bool cli_has_store(const cli *c);

/* Writes where the data is, for messages: the data folder, or the
 * PostgreSQL address without its password and parameters. */
void cli_store_label(const cli *c, char *out, size_t n);

/* Checks that the folder of --evidence-dir (when one was given) is there:
 * a share that is not mounted must not look like a store without
 * evidence.  EXIT_OK, or EXIT_USAGE after printing why. */
int cli_evidence_ready(const cli *c);

/* Refuses a command that copies the SQLite data folder (backup, restore)
 * when a PostgreSQL database is named: EXIT_OK, or EXIT_USAGE after
 * printing why; what names the command. */
int cli_folder_only(const cli *c, const char *what);

/* Reads a whole file (or stdin for "-") of at most max bytes, NUL
 * terminated.  The caller frees *text with mem_free.  EXIT_OK, EXIT_USAGE
 * (missing or too big; message printed) or EXIT_FAIL. */
int cli_read_file(const char *path, size_t max, char **text, size_t *len);

/* Loads framework SPEC ("spbe-2020" for the newest version, "spbe-2020@2"
 * for one version): from the data folder when s is not NULL and holds it,
 * else from the built-ins.  Prints why on failure.  EXIT_OK or an exit
 * code. */
int cli_load_framework(store *s, const char *spec, fw_framework **out);

/* Moves the cycle of `year` to version `version` of its framework when the
 * indicator codes of both versions are the same (cli_framework.c); prints
 * what happened.  EXIT_OK or an exit code. */
int cli_cycle_set_framework(store *s, int year, int version);

/* Loads the framework version a cycle uses. */
int cli_load_cycle_framework(store *s, const char *id, int version, fw_framework **out);

/* Parses an index "3.10" into hundredths (1.00..5.00).  0 or -1. */
int cli_parse_index(const char *s, int *hundredths);

/* Parses a year 2000..2100.  0, or -1 after printing why. */
int cli_parse_year(const char *s, int *year);

/* Maps a store failure to an exit code after printing its message. */
int cli_store_fail(store *s, store_rc rc);

/* Parses a size "50M", "2G", "1024" (K, M, G are powers of 1000; KiB,
 * MiB, GiB of 1024).  0 or -1. */
int cli_parse_size(const char *s, uint64_t *bytes);

/* Reads the output format option: "text" or "json". 0 or -1 (printed). */
int cli_parse_format(const char *s, bool *json);

/* Computes and prints the index of levels (fw->nindicators entries, 0 =
 * not filled) as JSON or text.  EXIT_OK or EXIT_FAIL. */
int cli_print_score(const fw_framework *fw, const uint8_t *levels, bool json, const char *title);

/* Loads the cycle of a year, its framework version and its levels
 * (fw->nindicators entries, 0 = not filled; the caller frees with
 * mem_free).  Prints why on failure.  EXIT_OK or an exit code. */
int cli_cycle_levels(store *s, int year, st_cycle *cycle, fw_framework **fw, uint8_t **levels);

/* Sets many levels of one cycle in one transaction, with optional texts
 * (arrays may be NULL).  All or nothing. */
int cli_assess_apply(store *s, int year, const fw_framework *fw, const uint8_t *levels,
                     const char *const *fakta, const char *const *analisis);

/* Creates the cycle of a year on framework id (the newest stored version;
 * a built-in not yet stored is stored first) and sets its target when
 * target >= 0.  With from_year, carries last year's levels, texts,
 * assignments and evidence links (store_cycle_create_from).  Prints the
 * outcome.  EXIT_OK or an exit code. */
int cli_cycle_create(store *s, int year, const char *fwid, int target, int from_year, bool quiet);

/* Sets up a new data folder: the agency and the built-in frameworks, in
 * one transaction.  tz is the time zone's tz name (NULL = WIB).  Refuses a
 * folder that already has an agency. */
int cli_init_agency(store *s, const char *name, const char *kind, const char *tz);

/* Stores the built-in frameworks in a new data folder. */
int cli_store_builtins(store *s);

#endif
