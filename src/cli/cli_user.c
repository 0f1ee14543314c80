/*
 * monev user add --username U --name NAMA --role PERAN [--opd KODE] [--password-stdin]
 * monev user passwd --username U [--password-stdin]
 * monev user disable|enable --username U
 * monev user edit --username U [--name NAMA] [--role PERAN] [--opd KODE|""]
 * monev user list
 * monev token create --username U [--name KETERANGAN] [--expires HARI]
 * monev token list --username U
 * monev token revoke ID
 *
 * Without --password-stdin a one-time password is generated, printed once
 * and must be changed at the first login.  A chosen password must pass
 * pwcheck_weak.  Passwords are stored only as Argon2id hashes; tokens only
 * as SHA-256.  A new password (passwd) ends the account's sessions and
 * revokes its API tokens.  Tokens expire (90 days unless --expires).
 */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/num.h"
#include "cli/cli.h"
#include "core/auth.h"
#include "io/pwcheck.h"

#define TOKEN_DAYS_DEFAULT 90
#define TOKEN_DAYS_MAX     3650

static void user_usage(FILE *f)
{
        fputs("Pemakaian:\n"
              "  monev user add --username U --name \"Nama\" --role PERAN [--opd KODE] "
              "[--password-stdin]\n"
              "  monev user passwd --username U [--password-stdin]\n"
              "  monev user disable|enable --username U\n"
              "  monev user edit --username U [--name \"Nama\"] [--role PERAN] [--opd KODE]\n"
              "  monev user list\n"
              "  monev token create --username U [--name KETERANGAN] [--expires HARI]\n"
              "  monev token list --username U\n"
              "  monev token revoke ID\n"
              "PERAN: admin, koordinator, pimpinan, asesor, opd (opd memerlukan --opd).\n"
              "Tanpa --password-stdin dibuat kata sandi sekali pakai yang harus diganti saat "
              "masuk.\n"
              "Token API berlaku 90 hari (--expires 1 sampai 3650 hari) dan dicabut saat kata "
              "sandi diganti.\n",
              f);
}

/* Reads one line from stdin into pw (without the newline).  0 or -1. */
static int read_password(char *pw, size_t n)
{
        size_t len;

        if (!fgets(pw, (int)n, stdin)) {
                cli_error("kata sandi tidak terbaca dari stdin");
                return -1;
        }
        len = strlen(pw);
        if (len && pw[len - 1] == '\n')
                pw[--len] = '\0';
        else if (len == n - 1) {
                cli_error("kata sandi terlalu panjang");
                return -1;
        }
        if (len && pw[len - 1] == '\r')
                pw[--len] = '\0';
        return 0;
}

/* Makes the password (read or generated) and its hash.  Prints why on
 * failure. */
static int make_password(bool from_stdin, const char *username, char *pw, size_t n,
                         char hash[AUTH_HASH_MAX], bool *onetime)
{
        const char *weak;

        *onetime = !from_stdin;
        if (from_stdin) {
                if (read_password(pw, n) != 0)
                        return EXIT_USAGE;
                if ((weak = pwcheck_weak(pw, username, NULL)) != NULL) {
                        cli_error("%s", weak);
                        return EXIT_USAGE;
                }
        } else {
                auth_onetime_password(pw);
        }
        if (auth_password_hash(pw, hash) != 0) {
                cli_error("memori habis saat membuat hash kata sandi");
                return EXIT_FAIL;
        }
        return EXIT_OK;
}

int cli_user_create(store *s, const char *username, const char *name, perm_role role,
                    const char *opd, const char *password, bool onetime)
{
        char hash[AUTH_HASH_MAX];
        int64_t id;
        store_rc rc;

        if (auth_password_hash(password, hash) != 0) {
                cli_error("memori habis saat membuat hash kata sandi");
                return EXIT_FAIL;
        }
        rc = store_user_add(s, username, name, role, opd, hash, onetime, &id);
        sodium_memzero(hash, sizeof(hash));
        return rc == STORE_OK ? EXIT_OK : cli_store_fail(s, rc);
}

static int user_list(store *s)
{
        st_user *list = NULL;
        size_t n = 0;
        store_rc rc = store_user_list(s, &list, &n);

        if (rc != STORE_OK)
                return cli_store_fail(s, rc);
        printf("%-20s %-12s %-12s %-9s %s\n", "PENGGUNA", "PERAN", "OPD", "STATUS", "NAMA");
        for (size_t i = 0; i < n; i++)
                printf("%-20s %-12s %-12s %-9s %s\n", list[i].username,
                       perm_role_name(list[i].role), list[i].opd_code ? list[i].opd_code : "-",
                       list[i].disabled ? "nonaktif" : "aktif", list[i].name);
        if (n == 0)
                puts("(belum ada akun; buat dengan `monev user add`)");
        st_user_list_free(list, n);
        return EXIT_OK;
}

/* user edit: the options given replace the account's name, role and OPD
 * (--opd "" removes the OPD); the others stay.  The web's edit form does
 * the same through store_user_update, audited as "user.update". */
static int user_edit(store *s, const st_user *u, const char *name, const char *role,
                     const char *opd)
{
        int r = role ? perm_role_parse(role) : (int)u->role;
        store_rc src;

        if (!name && !role && !opd) {
                cli_error("user edit memerlukan --name, --role atau --opd");
                return EXIT_USAGE;
        }
        if (r < 0) {
                cli_error("--role harus salah satu dari admin, koordinator, pimpinan, asesor, opd");
                return EXIT_USAGE;
        }
        if (name && !name[0]) {
                cli_error("--name tidak boleh kosong");
                return EXIT_USAGE;
        }
        src = store_user_update(s, u->id, name ? name : u->name, (perm_role)r,
                                opd ? (opd[0] ? opd : NULL) : u->opd_code);
        if (src != STORE_OK)
                return cli_store_fail(s, src);
        printf("Akun %s diperbarui: %s, %s%s%s.\n", u->username, name ? name : u->name,
               perm_role_name((perm_role)r), (opd ? opd[0] : u->opd_code != NULL) ? ", OPD " : "",
               opd ? opd : (u->opd_code ? u->opd_code : ""));
        return EXIT_OK;
}

int cli_cmd_user(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"username", required_argument, NULL, 'u'},
            {"name", required_argument, NULL, 'n'},
            {"role", required_argument, NULL, 'r'},
            {"opd", required_argument, NULL, 'o'},
            {"password-stdin", no_argument, NULL, 'p'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *sub, *username = NULL, *name = NULL, *role = NULL, *opd = NULL;
        bool from_stdin = false, onetime = false;
        char pw[AUTH_PASSWORD_MAX + 2], hash[AUTH_HASH_MAX];
        store *s = NULL;
        st_user u;
        int ch, rc = EXIT_USAGE, r;
        store_rc src;

        if (argc < 2 || cli_wants_help(argv[1])) {
                user_usage(argc < 2 ? stderr : stdout);
                return argc < 2 ? EXIT_USAGE : EXIT_OK;
        }
        sub = argv[1];
        optind = 0;
        while ((ch = cli_getopt(argc - 1, argv + 1, "", opts)) != -1) {
                switch (ch) {
                case 'u':
                        username = optarg;
                        break;
                case 'n':
                        name = optarg;
                        break;
                case 'r':
                        role = optarg;
                        break;
                case 'o':
                        opd = optarg;
                        break;
                case 'p':
                        from_stdin = true;
                        break;
                case 'h':
                        user_usage(stdout);
                        return EXIT_OK;
                default:
                        user_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (optind != argc - 1) {
                user_usage(stderr);
                return EXIT_USAGE;
        }
        if (auth_init() != 0) {
                cli_error("libsodium tidak dapat dimulai");
                return EXIT_FAIL;
        }
        memset(pw, 0, sizeof(pw));
        memset(hash, 0, sizeof(hash));
        if (strcmp(sub, "list") == 0) {
                if ((rc = cli_open_store(c, false, &s)) == EXIT_OK)
                        rc = user_list(s);
                goto out;
        }
        if (!username) {
                cli_error("--username wajib diisi");
                goto out;
        }
        if (strcmp(sub, "add") == 0) {
                int64_t id;

                r = role ? perm_role_parse(role) : -1;
                if (r < 0) {
                        cli_error("--role harus salah satu dari admin, koordinator, pimpinan, "
                                  "asesor, opd");
                        goto out;
                }
                if (!name || !name[0]) {
                        cli_error("--name wajib diisi");
                        goto out;
                }
                if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                        goto out;
                if ((rc = make_password(from_stdin, username, pw, sizeof(pw), hash, &onetime)) !=
                    EXIT_OK)
                        goto out;
                src = store_user_add(s, username, name, (perm_role)r, opd, hash, onetime, &id);
                if (src != STORE_OK) {
                        rc = cli_store_fail(s, src);
                        goto out;
                }
                printf("Akun %s (%s) dibuat.\n", username, perm_role_name((perm_role)r));
                if (onetime)
                        printf("Kata sandi sekali pakai: %s\n(hanya ditampilkan sekali; harus "
                               "diganti saat pertama masuk)\n",
                               pw);
                goto out;
        }
        if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                goto out;
        src = store_user_get(s, username, &u);
        if (src != STORE_OK) {
                rc = cli_store_fail(s, src);
                goto out;
        }
        if (strcmp(sub, "passwd") == 0) {
                rc = make_password(from_stdin, username, pw, sizeof(pw), hash, &onetime);
                if (rc == EXIT_OK) {
                        src = store_begin(s);
                        if (src == STORE_OK)
                                src = store_user_set_password(s, u.id, hash, onetime);
                        if (src == STORE_OK)
                                src = store_session_delete_user(s, u.id);
                        if (src == STORE_OK)
                                src = store_token_revoke_user(s, u.id, (int64_t)time(NULL), NULL);
                        if (src == STORE_OK)
                                src = store_commit(s);
                        if (src != STORE_OK) {
                                store_rollback(s);
                                rc = cli_store_fail(s, src);
                        } else if (onetime) {
                                printf("Kata sandi sekali pakai untuk %s: %s\n", username, pw);
                        } else {
                                printf("Kata sandi %s diganti; semua sesi dan token API-nya "
                                       "diakhiri.\n",
                                       username);
                        }
                }
        } else if (strcmp(sub, "edit") == 0) {
                rc = user_edit(s, &u, name, role, opd);
        } else if (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0) {
                bool off = strcmp(sub, "disable") == 0;

                src = store_user_set_disabled(s, u.id, off);
                if (src == STORE_OK && off)
                        src = store_session_delete_user(s, u.id);
                rc = src == STORE_OK ? EXIT_OK : cli_store_fail(s, src);
                if (rc == EXIT_OK)
                        printf("Akun %s %s.\n", username, off ? "dinonaktifkan" : "diaktifkan");
        } else {
                cli_error("perintah user \"%s\" tidak dikenal", sub);
                user_usage(stderr);
                rc = EXIT_USAGE;
        }
        st_user_free(&u);
out:
        sodium_memzero(pw, sizeof(pw));
        sodium_memzero(hash, sizeof(hash));
        store_close(s);
        return rc;
}

/* "2026-03-01 14:05" UTC, or "-" for 0. */
static void format_time(int64_t t, char out[24])
{
        time_t tt = (time_t)t;
        struct tm tm;

        if (t <= 0 || !gmtime_r(&tt, &tm) || strftime(out, 24, "%Y-%m-%d %H:%M", &tm) == 0)
                snprintf(out, 24, "-");
}

static int token_list(store *s, const char *username)
{
        st_token *list = NULL;
        size_t n = 0;
        st_user u;
        int64_t now = (int64_t)time(NULL);
        store_rc src;

        if ((src = store_user_get(s, username, &u)) != STORE_OK)
                return cli_store_fail(s, src);
        src = store_token_list(s, u.id, &list, &n);
        st_user_free(&u);
        if (src != STORE_OK)
                return cli_store_fail(s, src);
        printf("%-6s %-16s %-16s %-16s %-11s %s\n", "ID", "DIBUAT", "TERAKHIR DIPAKAI",
               "BERLAKU SAMPAI", "STATUS", "KETERANGAN");
        for (size_t i = 0; i < n; i++) {
                char created[24], used[24], expires[24];

                format_time(list[i].created_at, created);
                format_time(list[i].last_used, used);
                format_time(list[i].expires_at, expires);
                printf("%-6lld %-16s %-16s %-16s %-11s %s\n", (long long)list[i].id, created, used,
                       expires,
                       list[i].revoked_at          ? "dicabut"
                       : list[i].expires_at <= now ? "kedaluwarsa"
                                                   : "aktif",
                       list[i].name ? list[i].name : "-");
        }
        if (n == 0)
                printf("(%s belum punya token API)\n", username);
        st_token_list_free(list, n);
        return EXIT_OK;
}

static int token_revoke(store *s, const char *arg)
{
        int64_t id;
        store_rc src;

        if (num_parse_int(arg, strlen(arg), 1, INT64_MAX, &id) != 0) {
                cli_error("ID token \"%s\" tidak sah (lihat `monev token list`)", arg);
                return EXIT_USAGE;
        }
        src = store_token_revoke(s, id, 0, (int64_t)time(NULL));
        if (src != STORE_OK)
                return cli_store_fail(s, src);
        printf("Token API %lld dicabut.\n", (long long)id);
        return EXIT_OK;
}

int cli_cmd_token(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"username", required_argument, NULL, 'u'},
            {"name", required_argument, NULL, 'n'},
            {"expires", required_argument, NULL, 'e'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *sub, *username = NULL, *name = NULL;
        char token[AUTH_TOKEN_LEN + 1], hash[65];
        store *s = NULL;
        st_user u;
        int64_t id, days = TOKEN_DAYS_DEFAULT, now;
        int ch, rc;
        store_rc src;

        if (argc >= 2 && cli_wants_help(argv[1])) {
                user_usage(stdout);
                return EXIT_OK;
        }
        if (argc < 2 || (strcmp(argv[1], "create") != 0 && strcmp(argv[1], "list") != 0 &&
                         strcmp(argv[1], "revoke") != 0)) {
                user_usage(stderr);
                return EXIT_USAGE;
        }
        sub = argv[1];
        optind = 0;
        while ((ch = cli_getopt(argc - 1, argv + 1, "", opts)) != -1) {
                if (ch == 'u')
                        username = optarg;
                else if (ch == 'n')
                        name = optarg;
                else if (ch == 'e') {
                        if (num_parse_int(optarg, strlen(optarg), 1, TOKEN_DAYS_MAX, &days) != 0) {
                                cli_error("--expires harus 1 sampai %d (hari)", TOKEN_DAYS_MAX);
                                return EXIT_USAGE;
                        }
                } else {
                        user_usage(ch == 'h' ? stdout : stderr);
                        return ch == 'h' ? EXIT_OK : EXIT_USAGE;
                }
        }
        if (strcmp(sub, "revoke") == 0) {
                if (optind != argc - 2) {
                        cli_error("token revoke memerlukan satu ID (lihat `monev token list`)");
                        return EXIT_USAGE;
                }
                if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                        return rc;
                rc = token_revoke(s, argv[argc - 1]);
                store_close(s);
                return rc;
        }
        if (!username || optind != argc - 1) {
                cli_error("token %s memerlukan --username", sub);
                return EXIT_USAGE;
        }
        if (strcmp(sub, "list") == 0) {
                if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                        return rc;
                rc = token_list(s, username);
                store_close(s);
                return rc;
        }
        if (auth_init() != 0)
                return EXIT_FAIL;
        if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                return rc;
        src = store_user_get(s, username, &u);
        if (src != STORE_OK) {
                rc = cli_store_fail(s, src);
                store_close(s);
                return rc;
        }
        auth_token_new(token);
        auth_token_hash(token, hash);
        now = (int64_t)time(NULL);
        src = store_token_create(s, hash, u.id, name, now, now + days * 86400, &id);
        if (src != STORE_OK) {
                rc = cli_store_fail(s, src);
        } else {
                printf("%s\n", token);
                fprintf(stderr,
                        "Token API %lld untuk %s dibuat, berlaku %lld hari; simpan sekarang, token "
                        "tidak dapat ditampilkan lagi.\nPakai: Authorization: Bearer <token>\n",
                        (long long)id, username, (long long)days);
        }
        sodium_memzero(token, sizeof(token));
        st_user_free(&u);
        store_close(s);
        return rc;
}
