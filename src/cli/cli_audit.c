/*
 * monev audit verify
 * monev audit log [--year TAHUN [--indicator KODE]] [--limit N]
 *
 * The audit trail: verify recomputes the whole hash chain and names the
 * first entry that was changed or removed (exit 1); log prints entries,
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

#define LIMIT_MAX 1000000

static void audit_usage(FILE *f)
{
        fputs("Pemakaian:\n"
              "  monev audit verify\n"
              "      memeriksa seluruh rantai hash jejak audit\n"
              "  monev audit log [--year TAHUN [--indicator KODE]] [--limit N]\n"
              "      menampilkan entri audit (N entri terakhir dengan --limit)\n",
              f);
}

static int audit_verify(cli *c)
{
        store *s = NULL;
        char why[256], head[65];
        int64_t checked = 0, bad = 0, seq = 0;
        store_rc src;
        int rc;

        if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                return rc;
        src = store_audit_verify(s, &checked, &bad, why, sizeof(why));
        if (src == STORE_OK && bad == 0)
                src = store_audit_head(s, &seq, head);
        if (src != STORE_OK) {
                rc = cli_store_fail(s, src);
        } else if (bad != 0) {
                cli_error("rantai audit rusak: %s", why);
                cli_error("entri %lld dan sesudahnya tidak dapat dipercaya; bandingkan dengan "
                          "cadangan basis data",
                          (long long)bad);
                rc = EXIT_FAIL;
        } else {
                printf("Rantai audit utuh: %lld entri, kepala %s\n", (long long)checked, head);
                rc = EXIT_OK;
        }
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
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *sub, *indicator = NULL;
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
                if (year || indicator || limit) {
                        cli_error("audit verify tidak menerima opsi");
                        return EXIT_USAGE;
                }
                return audit_verify(c);
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
