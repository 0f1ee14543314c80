/*
 * monev key show | create
 *
 * The agency's keys (io/keys.h): `show` prints where they are, the public
 * signing key to hand to whoever verifies packs, and its fingerprint (the
 * one on every report cover); `create` makes the missing ones, e.g. for a
 * data folder made before keys existed.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "io/keys.h"

static void key_usage(FILE *f)
{
        fputs("Pemakaian:\n"
              "  monev key show      folder kunci, kunci publik tanda tangan, dan sidik jarinya\n"
              "  monev key create    membuat kunci yang belum ada (kunci yang ada tidak diganti)\n"
              "Folder kunci: --key-dir FOLDER, variabel MONEV_KEY_DIR, atau FOLDER_DATA/keys.\n",
              f);
}

static int key_show(const cli *c)
{
        unsigned char sk[KEYS_SIGN_SECRET_BYTES], pk[KEYS_SIGN_PUBLIC_BYTES];
        char err[512], pub[KEYS_PUBLIC_TEXT_LEN], fpr[KEYS_FINGERPRINT_LEN];

        if (keys_load_sign(c->key_dir, sk, pk, err, sizeof(err)) != 0) {
                cli_error("%s", err);
                return EXIT_FAIL;
        }
        sodium_memzero(sk, sizeof(sk));
        keys_public_text(pk, pub);
        keys_fingerprint(pk, fpr);
        printf("Folder kunci:   %s\nKunci publik:   %s\nSidik jari:     %s\n", c->key_dir, pub,
               fpr);
        return EXIT_OK;
}

int cli_cmd_key(cli *c, int argc, char **argv)
{
        char err[512];
        bool created;

        bool help =
            (argc == 2 && cli_wants_help(argv[1])) || (argc == 3 && cli_wants_help(argv[2]));

        if (help || argc != 2) {
                key_usage(help ? stdout : stderr);
                return help ? EXIT_OK : EXIT_USAGE;
        }
        if (strcmp(argv[1], "show") == 0)
                return key_show(c);
        if (strcmp(argv[1], "create") == 0) {
                /* keys of its own beside a shared database would seal the
                 * audit chain with another key than the other servers' */
                if (c->database) {
                        cli_error("dengan --database kunci instansi dibuat oleh `monev init`; "
                                  "salin folder kuncinya dari server tempat init dijalankan");
                        return EXIT_USAGE;
                }
                if (!cli_has_store(c)) {
                        cli_error("folder data \"%s\" belum ada; kunci dibuat oleh `monev init`",
                                  c->data_dir);
                        return EXIT_USAGE;
                }
                if (keys_create(c->key_dir, &created, err, sizeof(err)) != 0) {
                        cli_error("%s", err);
                        return EXIT_FAIL;
                }
                printf(created ? "Kunci baru dibuat di %s.\n"
                               : "Semua kunci sudah ada di %s; tidak ada yang diubah.\n",
                       c->key_dir);
                return key_show(c);
        }
        cli_error("perintah key \"%s\" tidak dikenal", argv[1]);
        key_usage(stderr);
        return EXIT_USAGE;
}
