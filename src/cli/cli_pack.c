/*
 * monev pack --year TAHUN -o BERKAS.zip
 * monev pack verify [--public-key KUNCI | --data FOLDER] BERKAS.zip
 *
 * The submission pack for the national evaluation (report/pack.h): one
 * folder per indicator with its evidence files and penjelasan.txt, the
 * index explanation and a manifest with the SHA-256 of every file and the
 * audit chain's head, signed with the agency's key (io/keys.h).
 *
 * `verify` needs no data folder: evaluators run it on the pack alone with
 * the agency's public key (--public-key: the text "ed25519:...", a
 * sign.pub file or a key folder); on the agency's own machine --data (or
 * --key-dir) uses its key folder.  Without either the signature is checked
 * against the key the pack names, which proves nothing about who made it.
 * Exit codes of verify: 0 whole and signed with the key given; 3 whole and
 * signed with the key the pack names, author unproven; 1 problems found
 * (each printed: a changed, missing or extra file, a forged or missing
 * signature, another key, a bomb, a link); 2 the file or the key cannot be
 * read.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "io/keys.h"
#include "report/pack.h"

enum { EXIT_UNPROVEN = 3 };

static void pack_usage(FILE *f)
{
        fputs("Pemakaian:\n"
              "  monev pack --year TAHUN -o BERKAS.zip\n"
              "      menyusun paket pengajuan: satu folder per indikator berisi bukti dukung\n"
              "      dan penjelasan.txt, ringkasan.txt, serta manifest.json dengan SHA-256\n"
              "      setiap berkas dan kepala jejak audit, ditandatangani kunci instansi\n"
              "      (manifest.sig)\n"
              "  monev pack verify [--public-key KUNCI | --data FOLDER] BERKAS.zip\n"
              "      memeriksa tanda tangan dan setiap berkas paket terhadap manifest.json;\n"
              "      KUNCI: \"ed25519:...\" dari `monev key show` instansi, berkas sign.pub,\n"
              "      atau folder kunci; --data/--key-dir memakai kunci folder data itu\n"
              "      Kode keluar: 0 utuh dan ditandatangani kunci itu; 3 utuh tetapi hanya\n"
              "      cocok dengan kunci di dalam paket (pembuat belum terbukti); 1 ada masalah;\n"
              "      2 berkas atau kunci tidak terbaca\n",
              f);
}

static int pack_verify_cmd(const cli *c, const char *path, const char *public_key)
{
        unsigned char pk[KEYS_SIGN_PUBLIC_BYTES];
        const unsigned char *want = NULL;
        char err[512];
        pack_verdict v;
        buf report;
        int rc;

        if (public_key || c->keys_given) {
                if (keys_read_public(public_key ? public_key : c->key_dir, pk, err, sizeof(err)) !=
                    0) {
                        cli_error("kunci publik instansi tidak terbaca: %s", err);
                        return EXIT_USAGE;
                }
                want = pk;
        }
        buf_init(&report, 0);
        if (pack_verify(path, want, &report, &v) != 0) {
                fputs("monev: ", stderr);
                fputs(buf_cstr(&report), stderr);
                rc = EXIT_USAGE;
        } else if (v.problems) {
                fputs(buf_cstr(&report), stdout);
                printf("Paket tidak utuh atau tidak asli: %d masalah\n", v.problems);
                rc = EXIT_FAIL;
        } else {
                fputs(buf_cstr(&report), stdout);
                rc = v.signer == PACK_SIGNER_AGENCY ? EXIT_OK : EXIT_UNPROVEN;
        }
        if (buf_failed(&report) && rc != EXIT_FAIL) {
                cli_error("laporan pemeriksaan terpotong: memori tidak cukup");
                rc = EXIT_FAIL;
        }
        buf_free(&report);
        return rc;
}

static int pack_verify_args(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"public-key", required_argument, NULL, 'k'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *public_key = NULL;
        int ch;

        optind = 0;
        while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                switch (ch) {
                case 'k':
                        if (!optarg[0]) {
                                cli_error("--public-key memerlukan kunci");
                                return EXIT_USAGE;
                        }
                        public_key = optarg;
                        break;
                case 'h':
                        pack_usage(stdout);
                        return EXIT_OK;
                default:
                        pack_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (argc - optind != 1 || !argv[optind][0]) {
                cli_error("pack verify memerlukan tepat satu berkas .zip");
                pack_usage(stderr);
                return EXIT_USAGE;
        }
        if (public_key && c->keys_given) {
                cli_error("pilih salah satu: --public-key atau --data/--key-dir");
                return EXIT_USAGE;
        }
        return pack_verify_cmd(c, argv[optind], public_key);
}

int cli_cmd_pack(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"year", required_argument, NULL, 'y'},
            {"output", required_argument, NULL, 'o'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *out = NULL;
        store *s = NULL;
        pack_stats st;
        char err[1024];
        int year = 0, ch, rc;

        if (argc >= 2 && strcmp(argv[1], "verify") == 0)
                return pack_verify_args(c, argc - 1, argv + 1);
        optind = 0;
        while ((ch = cli_getopt(argc, argv, "o:", opts)) != -1) {
                switch (ch) {
                case 'y':
                        if (cli_parse_year(optarg, &year) != 0) {
                                return EXIT_USAGE;
                        }
                        break;
                case 'o':
                        if (!optarg[0]) {
                                cli_error("-o memerlukan nama berkas");
                                return EXIT_USAGE;
                        }
                        out = optarg;
                        break;
                case 'h':
                        pack_usage(stdout);
                        return EXIT_OK;
                default:
                        pack_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (optind != argc) {
                cli_error("argumen \"%s\" tidak dikenal", argv[optind]);
                pack_usage(stderr);
                return EXIT_USAGE;
        }
        if (!year || !out) {
                cli_error("--year dan -o wajib diisi");
                pack_usage(stderr);
                return EXIT_USAGE;
        }
        if ((rc = cli_evidence_ready(c)) != EXIT_OK ||
            (rc = cli_open_store(c, false, &s)) != EXIT_OK)
                return rc;
        /* the blobs' root: the evidence folder (store/blobs.h) */
        switch (
            pack_write_stats(s, c->evidence_dir, c->key_dir, year, out, &st, err, sizeof(err))) {
        case 0:
                printf("Paket ditulis: %s\n", out);
                printf("Berkas       : %zu (termasuk manifest.json)\n", st.files);
                printf("Ukuran       : %llu bita isi, %llu bita arsip\n",
                       (unsigned long long)st.bytes, (unsigned long long)st.zip_bytes);
                printf("Indeks       : %s\n", st.index[0] ? st.index : "belum ada");
                printf("Jejak audit  : entri %lld, kepala %s\n", (long long)st.audit_seq,
                       st.audit_head);
                printf("Tanda tangan : %s\n", st.public_key);
                printf("Sidik jari   : %s\n", st.fingerprint);
                rc = EXIT_OK;
                break;
        case -2:
                cli_error("%s", err);
                rc = EXIT_USAGE;
                break;
        default:
                cli_error("%s", err[0] ? err : "paket gagal ditulis");
                rc = EXIT_FAIL;
                break;
        }
        store_close(s);
        return rc;
}
