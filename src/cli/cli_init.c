/*
 * monev init --name "Pemerintah Kota X" [--kind kota|kabupaten|provinsi|kementerian|lembaga]
 *            [--timezone Asia/Jakarta|Asia/Makassar|Asia/Jayapura] [--region KODE]
 *
 * Creates the data folder (mode 0700), its database, the agency (its time
 * zone WIB unless --timezone names WITA or WIT; every time is shown in it)
 * and the built-in frameworks.  With --database the tables are made in
 * that PostgreSQL database (existing and empty) and the data folder holds
 * the keys (unless --key-dir).
 *
 * --region KODE (a Kemendagri code of the built-in list, io/regions.h)
 * gives the agency its region code and, unless given, its name
 * ("Pemerintah " and the region's display name, with "Provinsi " before a
 * province's: "Pemerintah Kota Balikpapan", "Pemerintah Provinsi
 * Kalimantan Timur"), its kind (the region's) and its time zone (the
 * province's).  A code not in the list, a --kind other than the region's,
 * or --region for a kementerian or a lembaga is refused (exit 2) before
 * anything is made.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/fmt.h"
#include "base/utf8.h"
#include "cli/cli.h"
#include "io/regions.h"

static const char *const kinds[] = {"kota", "kabupaten", "provinsi", "kementerian", "lembaga"};

/* cli_init_agency with the region code (NULL: none) set in the same
 * transaction. */
static int init_agency(store *s, const char *name, const char *kind, const char *tz,
                       const char *code)
{
        st_agency a;
        store_rc src;
        int rc;

        src = store_agency_get(s, &a);
        if (src == STORE_OK) {
                cli_error("folder data sudah berisi instansi \"%s\"; tidak ada yang diubah",
                          a.name);
                st_agency_free(&a);
                return EXIT_USAGE;
        }
        if (src != STORE_NOTFOUND)
                return cli_store_fail(s, src);
        if ((src = store_begin(s)) != STORE_OK)
                return cli_store_fail(s, src);
        src = store_agency_set(s, name, kind);
        if (src == STORE_OK && tz)
                src = store_agency_set_timezone(s, tz);
        if (src == STORE_OK && code)
                src = store_agency_set_region(s, code);
        if (src != STORE_OK) {
                rc = cli_store_fail(s, src);
                store_rollback(s);
                return rc;
        }
        if ((rc = cli_store_builtins(s)) != EXIT_OK) {
                store_rollback(s);
                return rc;
        }
        if ((src = store_commit(s)) != STORE_OK)
                return cli_store_fail(s, src);
        return EXIT_OK;
}

int cli_init_agency(store *s, const char *name, const char *kind, const char *tz)
{
        return init_agency(s, name, kind, tz, NULL);
}

/* Fills name, kind and tz from the region of code where they are not
 * given (name into namebuf).  EXIT_OK, or an exit code after printing why. */
static int init_from_region(const char *code, const char **name, const char **kind, bool kind_given,
                            const char **tz, char *namebuf, size_t buflen)
{
        regions *r = NULL;
        const region *g;
        char err[512], t[64];
        int rc = EXIT_OK;

        if (kind_given && region_kind_parse(*kind) < 0) {
                cli_error("instansi berjenis %s tidak memiliki kode wilayah; hapus --region, atau "
                          "pilih --kind kota, kabupaten atau provinsi",
                          *kind);
                return EXIT_USAGE;
        }
        if (!region_code_valid(code)) {
                utf8_display_clean(code, t, sizeof(t));
                cli_error("kode wilayah \"%s\" tidak sah: NN untuk provinsi (mis. 64) atau NN.NN "
                          "untuk kabupaten/kota (mis. 64.71)",
                          t);
                return EXIT_USAGE;
        }
        if (regions_load(&r, err, sizeof(err)) != 0) {
                cli_error("%s", err);
                return EXIT_FAIL;
        }
        if (!(g = regions_find(r, code))) {
                cli_error("kode wilayah %s tidak ada dalam daftar wilayah Kemendagri; lihat "
                          "`monev region list`",
                          code);
                rc = EXIT_USAGE;
        } else if (kind_given && strcmp(*kind, region_kind_name(g->kind)) != 0) {
                cli_error("kode wilayah %s (%s) adalah %s, bukan %s", g->code, g->display,
                          region_kind_name(g->kind), *kind);
                rc = EXIT_USAGE;
        } else {
                *kind = region_kind_name(g->kind);
                if (!*tz)
                        *tz = fmt_tz_name(g->tz);
                if (!*name) {
                        snprintf(namebuf, buflen, "Pemerintah %s%s",
                                 g->kind == REGION_PROVINSI ? "Provinsi " : "", g->display);
                        *name = namebuf;
                }
        }
        regions_free(r);
        return rc;
}

static void init_usage(FILE *f)
{
        fputs(
            "Pemakaian: monev init --name \"Pemerintah Kota Contoh\" [--kind kota|kabupaten|"
            "provinsi|kementerian|lembaga]\n"
            "          [--timezone Asia/Jakarta|Asia/Makassar|Asia/Jayapura] [--region KODE]\n"
            "          [--data FOLDER] [--database URL]\n"
            "Dengan --database tabel dibuat di basis data PostgreSQL yang sudah ada dan masih\n"
            "kosong; folder data tetap dibuat untuk kunci instansi.\n"
            "Zona waktu instansi: Asia/Jakarta (WIB, bawaan), Asia/Makassar (WITA), "
            "Asia/Jayapura (WIT); juga WIB, WITA atau WIT.\n"
            "--region KODE: kode wilayah Kemendagri (mis. 64.71, lihat `monev region list`);\n"
            "nama (\"Pemerintah Kota Balikpapan\"), jenis dan zona waktu diambil dari wilayah itu\n"
            "bila tidak diberikan.  Kementerian dan lembaga tidak memiliki kode wilayah.\n",
            f);
}

int cli_cmd_init(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"name", required_argument, NULL, 'n'},     {"kind", required_argument, NULL, 'k'},
            {"timezone", required_argument, NULL, 'z'}, {"region", required_argument, NULL, 'r'},
            {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
        };
        const char *name = NULL, *kind = "kota", *tz = NULL, *code = NULL;
        char region_name[256];
        store *s = NULL;
        bool kind_ok = false, kind_given = false;
        int ch, rc;

        optind = 0;
        while ((ch = cli_getopt(argc, argv, "", opts)) != -1) {
                switch (ch) {
                case 'n':
                        name = optarg;
                        break;
                case 'k':
                        kind = optarg;
                        kind_given = true;
                        break;
                case 'r':
                        code = optarg;
                        break;
                case 'z':
                        tz = optarg;
                        break;
                case 'h':
                        init_usage(stdout);
                        return EXIT_OK;
                default:
                        init_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
                kind_ok = kind_ok || strcmp(kind, kinds[i]) == 0;
        if (!kind_ok) {
                cli_error("jenis instansi \"%s\" tidak dikenal", kind);
                return EXIT_USAGE;
        }
        if (tz && fmt_tz_parse(tz) < 0) {
                cli_error("zona waktu \"%s\" tidak dikenal; pilih Asia/Jakarta (WIB), "
                          "Asia/Makassar (WITA) atau Asia/Jayapura (WIT)",
                          tz);
                return EXIT_USAGE;
        }
        if (optind == argc && code &&
            (rc = init_from_region(code, &name, &kind, kind_given, &tz, region_name,
                                   sizeof(region_name))) != EXIT_OK)
                return rc;
        if (optind != argc || !name || !name[0] || strlen(name) > 200 ||
            !utf8_text_valid(name, strlen(name)) || strchr(name, '\n')) {
                cli_error("--name wajib diisi (kecuali dengan --region): nama instansi satu baris, "
                          "paling panjang 200 byte");
                init_usage(stderr);
                return EXIT_USAGE;
        }
        if ((rc = cli_open_store(c, true, &s)) != EXIT_OK)
                return rc;
        rc = init_agency(s, name, kind, tz ? fmt_tz_name((fmt_tz)fmt_tz_parse(tz)) : NULL, code);
        if (rc == EXIT_OK && c->database) {
                char where[1024];

                cli_store_label(c, where, sizeof(where));
                printf("Basis data %s siap untuk %s; kunci instansi di %s (salin ke setiap server "
                       "aplikasi).\n",
                       where, name, c->key_dir);
        } else if (rc == EXIT_OK) {
                printf("Folder data %s siap untuk %s.\n", c->data_dir, name);
        }
        if (rc == EXIT_OK)
                printf(
                    "Langkah berikutnya: monev opd add, monev cycle create --year %s --framework "
                    "pemdi-2026\n",
                    "2026");
        store_close(s);
        return rc;
}
