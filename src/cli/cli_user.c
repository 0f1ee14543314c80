/*
 * monev user add --username U --name NAMA --role PERAN [--opd KODE] [--password-stdin]
 * monev user passwd --username U [--password-stdin]
 * monev user disable|enable --username U
 * monev user list
 * monev token create --username U [--name KETERANGAN]
 *
 * Without --password-stdin a one-time password is generated, printed once
 * and must be changed at the first login.  Passwords are stored only as
 * Argon2id hashes; tokens only as SHA-256.
 */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/auth.h"

static void user_usage(FILE *f)
{
        fputs("Pemakaian:\n"
              "  monev user add --username U --name \"Nama\" --role PERAN [--opd KODE] "
              "[--password-stdin]\n"
              "  monev user passwd --username U [--password-stdin]\n"
              "  monev user disable|enable --username U\n"
              "  monev user list\n"
              "  monev token create --username U [--name KETERANGAN]\n"
              "PERAN: admin, koordinator, pimpinan, asesor, opd (opd memerlukan --opd).\n"
              "Tanpa --password-stdin dibuat kata sandi sekali pakai yang harus diganti saat "
              "masuk.\n",
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
                if ((weak = auth_password_weak(pw, username)) != NULL) {
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
                                src = store_commit(s);
                        if (src != STORE_OK) {
                                store_rollback(s);
                                rc = cli_store_fail(s, src);
                        } else if (onetime) {
                                printf("Kata sandi sekali pakai untuk %s: %s\n", username, pw);
                        } else {
                                printf("Kata sandi %s diganti; semua sesinya diakhiri.\n",
                                       username);
                        }
                }
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

int cli_cmd_token(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"username", required_argument, NULL, 'u'},
            {"name", required_argument, NULL, 'n'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *username = NULL, *name = NULL;
        char token[AUTH_TOKEN_LEN + 1], hash[65];
        store *s = NULL;
        st_user u;
        int64_t id;
        int ch, rc;
        store_rc src;

        if (argc >= 2 && cli_wants_help(argv[1])) {
                user_usage(stdout);
                return EXIT_OK;
        }
        if (argc < 2 || strcmp(argv[1], "create") != 0) {
                user_usage(stderr);
                return EXIT_USAGE;
        }
        optind = 0;
        while ((ch = cli_getopt(argc - 1, argv + 1, "", opts)) != -1) {
                if (ch == 'u')
                        username = optarg;
                else if (ch == 'n')
                        name = optarg;
                else {
                        user_usage(ch == 'h' ? stdout : stderr);
                        return ch == 'h' ? EXIT_OK : EXIT_USAGE;
                }
        }
        if (!username || optind != argc - 1) {
                cli_error("token create memerlukan --username");
                return EXIT_USAGE;
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
        src = store_token_create(s, hash, u.id, name, (int64_t)time(NULL), &id);
        if (src != STORE_OK) {
                rc = cli_store_fail(s, src);
        } else {
                printf("%s\n", token);
                fprintf(stderr,
                        "Token API untuk %s dibuat; simpan sekarang, token tidak dapat "
                        "ditampilkan lagi.\nPakai: Authorization: Bearer <token>\n",
                        username);
        }
        sodium_memzero(token, sizeof(token));
        st_user_free(&u);
        store_close(s);
        return rc;
}
