/*
 * monev audit verify [--head HASH]
 * monev audit head [--format text|json]
 * monev audit seal
 * monev audit log [--year TAHUN [--indicator KODE]] [--limit N]
 *
 * The audit trail: verify recomputes the whole keyed hash chain and names
 * the first entry that was changed or removed, then replays the trail and
 * names every assessment, status or evidence link that differs from what
 * the trail says (store/audit_check.h), and with --head checks that a
 * head written down earlier is still in the chain (entries after it cut
 * off otherwise); any failure is exit 1.  head prints the newest entry's
 * number and hash, to keep elsewhere.  seal puts the unkeyed chain of a
 * data folder upgraded without keys under the key.  log prints entries,
 * oldest first, with their time in UTC, who, what, on what, and the
 * changed fields before -> after.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/num.h"
#include "cli/cli.h"
#include "core/audit.h"
#include "store/audit_check.h"

#define LIMIT_MAX      1000000
#define MISMATCH_LINES 200 /* differences printed; the rest are counted */

static void audit_usage(FILE *f)
{
        fputs("Pemakaian:\n"
              "  monev audit verify [--head HASH]\n"
              "      memeriksa seluruh rantai hash jejak audit dan bahwa penilaian, status dan\n"
              "      tautan bukti sama dengan yang tercatat; dengan --head juga bahwa kepala\n"
              "      yang dicatat sebelumnya masih ada di rantai\n"
              "  monev audit head [--format text|json]\n"
              "      menampilkan nomor dan hash entri terbaru (simpan di tempat lain)\n"
              "  monev audit seal\n"
              "      menyegel jejak audit lama tanpa kunci dengan kunci audit (sekali, setelah\n"
              "      `monev key create` pada folder data dari versi lama)\n"
              "  monev audit log [--year TAHUN [--indicator KODE]] [--limit N]\n"
              "      menampilkan entri audit (N entri terakhir dengan --limit)\n",
              f);
}

/* The chain (exit 1 when broken), then the data against the trail. */
static int verify_in_snapshot(store *s, const char *want_head)
{
        audit_state_report rep;
        char why[512], head[65];
        int64_t checked = 0, bad = 0, seq = 0, unkeyed = 0, at = 0;
        store_rc src;
        size_t i;
        int rc = EXIT_OK;

        memset(&rep, 0, sizeof(rep));
        src = store_audit_verify(s, &checked, &bad, why, sizeof(why));
        if (src == STORE_OK && bad == 0)
                src = store_audit_head(s, &seq, head);
        if (src == STORE_OK && bad == 0)
                src = store_audit_unkeyed(s, &unkeyed);
        if (src != STORE_OK)
                return cli_store_fail(s, src);
        if (bad != 0) {
                cli_error("rantai audit rusak: %s", why);
                cli_error("entri %lld dan sesudahnya tidak dapat dipercaya; bandingkan dengan "
                          "cadangan basis data",
                          (long long)bad);
                return EXIT_FAIL;
        }
        src = audit_check_state(s, MISMATCH_LINES, &rep);
        if (src == STORE_NOMEM) {
                cli_error("memori tidak cukup untuk membandingkan data dengan jejak audit");
                rc = EXIT_FAIL;
                goto out;
        }
        if (src != STORE_OK) {
                rc = cli_store_fail(s, src);
                goto out;
        }
        for (i = 0; i < rep.nnotes; i++)
                printf("  catatan: %s\n", rep.notes[i]);
        if (rep.mismatches > 0) {
                for (i = 0; i < rep.nlines; i++)
                        cli_error("%s", rep.lines[i]);
                if (rep.mismatches > rep.nlines)
                        cli_error("... dan %zu perbedaan lain", rep.mismatches - rep.nlines);
                cli_error("data tidak sama dengan jejak audit: %zu perbedaan; data diubah tanpa "
                          "tercatat (langsung di basis data) atau entri audit hilang",
                          rep.mismatches);
                rc = EXIT_FAIL;
        } else {
                printf("Data sesuai jejak audit: siklus, penilaian, status dan tautan bukti sama "
                       "dengan yang tercatat\n");
        }

        if (want_head) {
                src = store_audit_find(s, want_head, &at);
                if (src == STORE_NOTFOUND) {
                        cli_error("kepala %s tidak ada dalam rantai audit: entri sampai kepala itu "
                                  "(dan sesudahnya) telah dihapus atau rantai diganti; pulihkan "
                                  "basis data dari cadangan",
                                  want_head);
                        rc = EXIT_FAIL;
                } else if (src != STORE_OK) {
                        rc = cli_store_fail(s, src);
                } else {
                        printf("Kepala %s ada di rantai (entri %lld); %lld entri sesudahnya\n",
                               want_head, (long long)at, (long long)(seq - at));
                }
        }
        /* the chain's line last: scripts take the head from its end */
        if (unkeyed > 0)
                printf("%lld entri lama tanpa kunci, disegel oleh entri berkunci sesudahnya\n",
                       (long long)unkeyed);
        printf("Rantai audit utuh: %lld entri, kepala %s\n", (long long)checked, head);
out:
        audit_state_report_free(&rep);
        return rc;
}

static int audit_verify(cli *c, const char *want_head)
{
        store *s = NULL;
        store_rc src;
        int rc;

        if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                return rc;
        /* one state of the trail and the data for every check */
        if ((src = store_read_begin(s)) != STORE_OK)
                rc = cli_store_fail(s, src);
        else
                rc = verify_in_snapshot(s, want_head);
        store_read_end(s);
        store_close(s);
        return rc;
}

static int audit_head(cli *c, bool json)
{
        store *s = NULL;
        char head[65];
        int64_t seq = 0;
        store_rc src;
        int rc;

        if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                return rc;
        if ((src = store_audit_head(s, &seq, head)) != STORE_OK)
                rc = cli_store_fail(s, src);
        else if (json)
                printf("{\"seq\": %lld, \"head\": \"%s\"}\n", (long long)seq, head);
        else
                printf("%lld %s\n", (long long)seq, head);
        store_close(s);
        return rc;
}

static int audit_seal(cli *c)
{
        store *s = NULL;
        char head[65];
        int64_t seq = 0;
        store_rc src;
        int rc;

        if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                return rc;
        if ((src = store_audit_seal(s)) != STORE_OK ||
            (src = store_audit_head(s, &seq, head)) != STORE_OK)
                rc = cli_store_fail(s, src);
        else
                printf("Jejak audit lama disegel dengan kunci audit: entri %lld, kepala %s\n",
                       (long long)seq, head);
        store_close(s);
        return rc;
}

/* Prints one entry on one line. */
static void print_entry(const st_audit *a)
{
        char when[32] = "?";
        time_t t = (time_t)a->at;
        struct tm tm;

        if (gmtime_r(&t, &tm))
                strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
        printf("#%lld %s UTC  %s  %s  %s  %s -> %s\n", (long long)a->seq, when, a->actor, a->action,
               a->object, a->before[0] ? a->before : "-", a->after[0] ? a->after : "-");
}

static int audit_log(cli *c, int year, const char *indicator, size_t limit)
{
        char prefix[128];
        st_audit *list = NULL;
        size_t n = 0, i;
        store *s = NULL;
        store_rc src;
        int rc;

        prefix[0] = '\0';
        if (year && indicator)
                snprintf(prefix, sizeof(prefix), "cycle/%d/indicator/%s", year, indicator);
        else if (year)
                snprintf(prefix, sizeof(prefix), "cycle/%d", year);
        if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                return rc;
        src = store_audit_list(s, prefix, 0, 0, &list, &n);
        if (src != STORE_OK) {
                rc = cli_store_fail(s, src);
        } else if (n == 0) {
                printf("Belum ada entri audit%s%s.\n", prefix[0] ? " untuk " : "", prefix);
        } else {
                for (i = limit && n > limit ? n - limit : 0; i < n; i++)
                        print_entry(&list[i]);
        }
        st_audit_list_free(list, n);
        store_close(s);
        return rc;
}

int cli_cmd_audit(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"year", required_argument, NULL, 'y'},
            {"indicator", required_argument, NULL, 'i'},
            {"limit", required_argument, NULL, 'n'},
            {"head", required_argument, NULL, 'H'},
            {"format", required_argument, NULL, 'f'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *sub, *indicator = NULL, *head = NULL;
        bool json = false, format = false;
        int year = 0, ch;
        int64_t limit = 0;

        if (argc < 2) {
                audit_usage(stderr);
                return EXIT_USAGE;
        }
        sub = argv[1];
        if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
                audit_usage(stdout);
                return EXIT_OK;
        }
        optind = 0;
        while ((ch = cli_getopt(argc - 1, argv + 1, "", opts)) != -1) {
                switch (ch) {
                case 'y':
                        if (cli_parse_year(optarg, &year) != 0) {
                                return EXIT_USAGE;
                        }
                        break;
                case 'i':
                        if (!optarg[0] || strlen(optarg) > 32 || strpbrk(optarg, " /\t\r\n")) {
                                cli_error("kode indikator \"%s\" tidak sah", optarg);
                                return EXIT_USAGE;
                        }
                        indicator = optarg;
                        break;
                case 'n':
                        if (num_parse_int(optarg, strlen(optarg), 1, LIMIT_MAX, &limit) != 0) {
                                cli_error("--limit \"%s\" tidak sah (1-%d)", optarg, LIMIT_MAX);
                                return EXIT_USAGE;
                        }
                        break;
                case 'H':
                        head = optarg;
                        break;
                case 'f':
                        if (cli_parse_format(optarg, &json) != 0)
                                return EXIT_USAGE;
                        format = true;
                        break;
                case 'h':
                        audit_usage(stdout);
                        return EXIT_OK;
                default:
                        audit_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (optind != argc - 1) {
                audit_usage(stderr);
                return EXIT_USAGE;
        }
        if (strcmp(sub, "verify") == 0) {
                if (year || indicator || limit || format) {
                        cli_error("audit verify hanya menerima --head");
                        return EXIT_USAGE;
                }
                return audit_verify(c, head);
        }
        if (strcmp(sub, "head") == 0 || strcmp(sub, "seal") == 0) {
                bool is_head = sub[0] == 'h';

                if (year || indicator || limit || head || (format && !is_head)) {
                        cli_error("%s", is_head ? "audit head hanya menerima --format"
                                                : "audit seal tidak menerima opsi");
                        return EXIT_USAGE;
                }
                return is_head ? audit_head(c, json) : audit_seal(c);
        }
        if (head || format) {
                cli_error("--head dan --format tidak berlaku untuk audit %s", sub);
                return EXIT_USAGE;
        }
        if (strcmp(sub, "log") == 0) {
                if (indicator && !year) {
                        cli_error("--indicator memerlukan --year");
                        return EXIT_USAGE;
                }
                return audit_log(c, year, indicator, (size_t)limit);
        }
        cli_error("perintah audit \"%s\" tidak dikenal", sub);
        audit_usage(stderr);
        return EXIT_USAGE;
}
