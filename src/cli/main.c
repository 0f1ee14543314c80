/*
 * monev: the command-line entry point.  Finds the data folder (--data DIR
 * anywhere on the line, MONEV_DATA, or ./monev-data), the key folder
 * (--key-dir DIR, MONEV_KEY_DIR, or DATA/keys), the database (--database
 * URL, MONEV_DATABASE, or the data folder's SQLite) and the folder of the
 * evidence files (--evidence-dir DIR, MONEV_EVIDENCE_DIR, or the data
 * folder) and hands the rest of the arguments to the subcommand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/mem.h"
#include "cli/cli.h"
#include "io/docvalid.h"
#include "store/store.h"
#include "io/keys.h"

static const struct {
        const char *name;
        cli_cmd_fn fn;
        const char *help;
} commands[] = {
    {"init", cli_cmd_init, "membuat folder data untuk satu instansi"},
    {"demo", cli_cmd_demo, "membuat folder data contoh (Pemerintah Kota Contoh)"},
    {"framework", cli_cmd_framework, "kerangka evaluasi: list, show, validate, export, import"},
    {"score", cli_cmd_score, "menghitung indeks dari berkas CSV indicator,level"},
    {"opd", cli_cmd_opd, "perangkat daerah: add, list"},
    {"cycle", cli_cmd_cycle, "siklus evaluasi per tahun: create, list"},
    {"target", cli_cmd_target, "target indeks per tahun: set, list"},
    {"assess", cli_cmd_assess, "penilaian mandiri: set, import, show"},
    {"index", cli_cmd_index, "indeks satu siklus beserta penjelasannya"},
    {"plan", cli_cmd_plan, "rencana kenaikan tingkat termurah menuju target indeks"},
    {"assign", cli_cmd_assign, "menugaskan indikator ke OPD dengan tenggat"},
    {"evidence", cli_cmd_evidence, "bukti dukung: add, list, gc"},
    {"check", cli_cmd_check, "memeriksa berkas bukti terhadap hash-nya"},
    {"official", cli_cmd_official, "hasil resmi asesor eksternal: import, show"},
    {"report", cli_cmd_report, "laporan siklus: PDF, XLSX, CSV atau JSON"},
    {"pack", cli_cmd_pack, "paket pengajuan evaluasi (ZIP dengan manifest): tulis, verify"},
    {"serve", cli_cmd_serve, "menjalankan aplikasi web"},
    {"user", cli_cmd_user, "akun pengguna: add, passwd, disable, enable, list"},
    {"token", cli_cmd_token, "token API: create, list, revoke"},
    {"audit", cli_cmd_audit, "jejak audit: verify, log"},
    {"key", cli_cmd_key, "kunci instansi (rantai audit, tanda tangan paket): show, create"},
    {"backup", cli_cmd_backup, "cadangan utuh selagi server berjalan: -o BERKAS, verify"},
    {"restore", cli_cmd_restore, "memulihkan cadangan ke folder data baru"},
    {"db", cli_cmd_db, "basis data: copy (folder data <-> PostgreSQL)"},
    {"agency", cli_cmd_agency, "data instansi: show, set --region (kode wilayah Kemendagri)"},
    {"region", cli_cmd_region, "daftar provinsi, kabupaten dan kota (kode Kemendagri): list, show"},
};

static void usage(FILE *f)
{
        fputs("Monev: pemantauan dan evaluasi SPBE / Pemerintah Digital\n\n"
              "Pemakaian: monev [--data FOLDER] [--key-dir FOLDER] [--database URL]\n"
              "                 [--evidence-dir FOLDER] PERINTAH [OPSI...]\n\n"
              "Perintah:\n",
              f);
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
                fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
        fputs(
            "\nFolder data: --data FOLDER, atau variabel MONEV_DATA, atau ./monev-data.\n"
            "Folder kunci: --key-dir FOLDER, atau variabel MONEV_KEY_DIR, atau FOLDER_DATA/keys.\n"
            "Basis data: --database postgresql://PENGGUNA@HOST/BASISDATA, atau variabel\n"
            "    MONEV_DATABASE, untuk basis data PostgreSQL yang dipakai bersama beberapa\n"
            "    server; tanpa itu data disimpan di FOLDER_DATA/monev.db (SQLite).\n"
            "    Folder data tetap menyimpan kunci dan berkas sementara.\n"
            "Berkas bukti: --evidence-dir FOLDER, atau variabel MONEV_EVIDENCE_DIR, atau\n"
            "    FOLDER_DATA: berkas disimpan di FOLDER/evidence/ (folder bersama semua\n"
            "    server yang memakai satu basis data PostgreSQL).\n"
            "Bantuan satu perintah: monev PERINTAH --help\n",
            f);
}

int main(int argc, char **argv)
{
        cli c = {NULL, NULL, "monev", false, NULL, NULL};
        const char *key_dir = NULL;
        char *resolved;
        int n = 0, rc;
        const char *env = getenv("MONEV_DATA");
        const char *env_db = getenv("MONEV_DATABASE");
        const char *env_ev = getenv("MONEV_EVIDENCE_DIR");

        /* The document check's own process (io/docvalid.h), before
         * anything else runs. */
        if (argc == 3 && strcmp(argv[1], DOCVALID_HELPER_ARG) == 0)
                return docvalid_helper_main(argv[2]);
        docvalid_set_helper("/proc/self/exe");

        /* Everything Monev creates (the database and its -wal and -shm,
         * evidence, backups, folders) is its owner's alone: files 0600,
         * folders 0700.  Reports written with -o are chmod-ed to 0644 on
         * purpose (report_tmp_open), as documents to hand on. */
        umask(077);
        /* Take the global options (--data, --key-dir, --database,
         * --evidence-dir) out of the argument list wherever they stand. */
        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--data") == 0) {
                        if (i + 1 >= argc) {
                                cli_error("--data memerlukan nama folder");
                                return EXIT_USAGE;
                        }
                        c.data_dir = argv[++i];
                        c.keys_given = true;
                        continue;
                }
                if (strncmp(argv[i], "--data=", 7) == 0) {
                        c.data_dir = argv[i] + 7;
                        c.keys_given = true;
                        continue;
                }
                if (strcmp(argv[i], "--key-dir") == 0) {
                        if (i + 1 >= argc) {
                                cli_error("--key-dir memerlukan nama folder");
                                return EXIT_USAGE;
                        }
                        key_dir = argv[++i];
                        c.keys_given = true;
                        continue;
                }
                if (strncmp(argv[i], "--key-dir=", 10) == 0) {
                        key_dir = argv[i] + 10;
                        c.keys_given = true;
                        continue;
                }
                if (strcmp(argv[i], "--database") == 0) {
                        if (i + 1 >= argc) {
                                cli_error("--database memerlukan alamat basis data");
                                return EXIT_USAGE;
                        }
                        c.database = argv[++i];
                        continue;
                }
                if (strcmp(argv[i], "--evidence-dir") == 0) {
                        if (i + 1 >= argc) {
                                cli_error("--evidence-dir memerlukan nama folder");
                                return EXIT_USAGE;
                        }
                        c.evidence_dir = argv[++i];
                        continue;
                }
                if (strncmp(argv[i], "--database=", 11) == 0) {
                        c.database = argv[i] + 11;
                        continue;
                }
                if (strncmp(argv[i], "--evidence-dir=", 15) == 0) {
                        c.evidence_dir = argv[i] + 15;
                        continue;
                }
                argv[++n] = argv[i];
        }
        argc = n + 1;
        argv[argc] = NULL;
        if (!c.data_dir || !c.data_dir[0])
                c.data_dir = env && env[0] ? env : "./monev-data";
        /* given on the command line, an empty value is a mistake; an
         * empty variable is no setting */
        if (!c.database && env_db && env_db[0])
                c.database = env_db;
        if (!c.evidence_dir && env_ev && env_ev[0])
                c.evidence_dir = env_ev;
        if (!c.evidence_dir)
                c.evidence_dir = c.data_dir;

        if (argc < 2) {
                usage(stderr);
                return EXIT_USAGE;
        }
        if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
            strcmp(argv[1], "help") == 0) {
                usage(stdout);
                return EXIT_OK;
        }
        if (strcmp(argv[1], "--version") == 0) {
                puts("monev " MONEV_VERSION);
                return EXIT_OK;
        }
        /* the value itself is not repeated: it may hold a password */
        if (c.database && !store_is_url(c.database)) {
                cli_error(
                    "--database (atau MONEV_DATABASE) harus alamat PostgreSQL yang diawali "
                    "postgresql:// atau postgres://, mis. postgresql://monev@db.contoh/monev; "
                    "tanpa --database data disimpan di folder data (SQLite)");
                return EXIT_USAGE;
        }
        if (!c.evidence_dir[0]) {
                cli_error("--evidence-dir memerlukan nama folder");
                return EXIT_USAGE;
        }
        if (!(resolved = keys_dir_resolve(c.data_dir, key_dir))) {
                cli_error("memori tidak cukup");
                return EXIT_FAIL;
        }
        c.key_dir = resolved;
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
                if (strcmp(argv[1], commands[i].name) == 0) {
                        rc = commands[i].fn(&c, argc - 1, argv + 1);
                        mem_free(resolved);
                        return rc;
                }
        mem_free(resolved);
        cli_error("perintah \"%s\" tidak dikenal", argv[1]);
        usage(stderr);
        return EXIT_USAGE;
}
