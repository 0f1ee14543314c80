/*
 * monev: the command-line entry point.  Finds the data folder (--data DIR
 * anywhere on the line, MONEV_DATA, or ./monev-data) and the key folder
 * (--key-dir DIR, MONEV_KEY_DIR, or DATA/keys) and hands the rest of the
 * arguments to the subcommand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/mem.h"
#include "cli/cli.h"
#include "io/docvalid.h"
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
};

static void usage(FILE *f)
{
        fputs("Monev: pemantauan dan evaluasi SPBE / Pemerintah Digital\n\n"
              "Pemakaian: monev [--data FOLDER] PERINTAH [OPSI...]\n\n"
              "Perintah:\n",
              f);
        for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
                fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
        fputs(
            "\nFolder data: --data FOLDER, atau variabel MONEV_DATA, atau ./monev-data.\n"
            "Folder kunci: --key-dir FOLDER, atau variabel MONEV_KEY_DIR, atau FOLDER_DATA/keys.\n"
            "Bantuan satu perintah: monev PERINTAH --help\n",
            f);
}

int main(int argc, char **argv)
{
        cli c = {NULL, NULL, "monev", false};
        const char *key_dir = NULL;
        char *resolved;
        int n = 0, rc;
        const char *env = getenv("MONEV_DATA");

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
        /* Take --data out of the argument list wherever it stands. */
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
                argv[++n] = argv[i];
        }
        argc = n + 1;
        argv[argc] = NULL;
        if (!c.data_dir || !c.data_dir[0])
                c.data_dir = env && env[0] ? env : "./monev-data";

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
