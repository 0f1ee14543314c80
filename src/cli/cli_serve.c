/*
 * monev serve [--listen 127.0.0.1:8080] [--threads N] [--secure-cookies]
 *             [--access-log FILE|-] [--trusted-proxy ADDR[,ADDR...]]
 *             [--header-timeout S] [--min-body-rate B] [--per-ip-connections N]
 *
 * Serves the web application until SIGINT or SIGTERM, then stops
 * accepting, finishes the requests in flight and exits 0.  The store is
 * the PostgreSQL database of --database when given (cli.h), else the data
 * folder's; evidence is read and written under --evidence-dir when given.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/num.h"
#include "base/oserr.h"
#include "cli/cli.h"
#include "core/auth.h"
#include "http/http.h"
#include "report/report.h"
#include "store/blobs.h"
#include "web/app.h"

static void serve_usage(FILE *f)
{
        fputs(
            "Pemakaian: monev serve [--data FOLDER] [--database URL] [--evidence-dir FOLDER]\n"
            "                       [--listen ALAMAT:PORT] [--threads N]\n"
            "                       [--secure-cookies] [--access-log BERKAS|-]\n"
            "                       [--trusted-proxy ALAMAT[,ALAMAT...]]\n"
            "                       [--header-timeout DETIK] [--min-body-rate BYTE]\n"
            "                       [--per-ip-connections N]\n"
            "  --listen          alamat dan port (bawaan 127.0.0.1:8080; port 0 = acak)\n"
            "  --secure-cookies  cookie hanya lewat HTTPS (pakai di belakang proxy TLS)\n"
            "  --access-log      satu baris per permintaan (bawaan: stderr; \"none\" mematikan)\n"
            "  --trusted-proxy   proxy balik tepercaya (IPv4/IPv6 atau CIDR, dipisah koma):\n"
            "                    hanya dari alamat ini alamat klien dibaca dari X-Forwarded-For\n"
            "                    atau X-Real-IP (mis. 127.0.0.1 untuk nginx di mesin yang sama)\n"
            "  --header-timeout  detik paling lama untuk baris dan header permintaan (bawaan 30)\n"
            "  --min-body-rate   laju isi permintaan paling lambat, byte/detik rata-rata\n"
            "                    setelah 5 detik pertama (bawaan 1K; mis. 512, 4K)\n"
            "  --per-ip-connections  koneksi serentak per alamat klien (bawaan 64; di belakang\n"
            "                    proxy semua klien datang dari alamat proxy: naikkan)\n",
            f);
}

int cli_cmd_serve(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"listen", required_argument, NULL, 'l'},
            {"threads", required_argument, NULL, 't'},
            {"secure-cookies", no_argument, NULL, 's'},
            {"access-log", required_argument, NULL, 'a'},
            {"max-upload", required_argument, NULL, 'm'},
            {"trusted-proxy", required_argument, NULL, 'p'},
            {"header-timeout", required_argument, NULL, 'H'},
            {"min-body-rate", required_argument, NULL, 'R'},
            {"per-ip-connections", required_argument, NULL, 'P'},
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *listen = "127.0.0.1:8080", *logpath = NULL, *proxies = NULL;
        int64_t threads = 0;
        uint64_t max_upload = (uint64_t)50 * 1000 * 1000;
        int64_t header_timeout = 0, per_ip = 0;
        uint64_t body_rate = 0;
        bool secure = false;
        web_config wc;
        http_config hc;
        web_app *app = NULL;
        http_server *srv = NULL;
        FILE *log = stderr;
        char err[1024];
        sigset_t set;
        int ch, sig = 0, rc = EXIT_FAIL;
        long ncpu;

        optind = 0;
        while ((ch = cli_getopt(argc, argv, "", opts)) != -1) {
                switch (ch) {
                case 'l':
                        listen = optarg;
                        break;
                case 't':
                        if (num_parse_int(optarg, strlen(optarg), 1, 256, &threads) != 0) {
                                cli_error("--threads harus 1 sampai 256");
                                return EXIT_USAGE;
                        }
                        break;
                case 's':
                        secure = true;
                        break;
                case 'a':
                        logpath = optarg;
                        break;
                case 'm':
                        if (cli_parse_size(optarg, &max_upload) != 0 || max_upload < 1024) {
                                cli_error("--max-upload \"%s\" tidak sah (mis. 50M, 2G)", optarg);
                                return EXIT_USAGE;
                        }
                        break;
                case 'p':
                        if (proxies) {
                                cli_error("--trusted-proxy hanya sekali; pisahkan alamat dengan "
                                          "koma");
                                return EXIT_USAGE;
                        }
                        proxies = optarg;
                        break;
                case 'H':
                        if (num_parse_int(optarg, strlen(optarg), 1, 3600, &header_timeout) != 0) {
                                cli_error("--header-timeout harus 1 sampai 3600 (detik)");
                                return EXIT_USAGE;
                        }
                        break;
                case 'R':
                        if (cli_parse_size(optarg, &body_rate) != 0 || body_rate < 1 ||
                            body_rate > ((uint64_t)1 << 30)) {
                                cli_error("--min-body-rate \"%s\" tidak sah (byte/detik, mis. 512, "
                                          "1K, 64K)",
                                          optarg);
                                return EXIT_USAGE;
                        }
                        break;
                case 'P':
                        if (num_parse_int(optarg, strlen(optarg), 1, 100000, &per_ip) != 0) {
                                cli_error("--per-ip-connections harus 1 sampai 100000");
                                return EXIT_USAGE;
                        }
                        break;
                case 'h':
                        serve_usage(stdout);
                        return EXIT_OK;
                default:
                        serve_usage(stderr);
                        return EXIT_USAGE;
                }
        }
        if (optind != argc) {
                serve_usage(stderr);
                return EXIT_USAGE;
        }
        /* a missing folder: how to create one; a database: the store's
         * message and exit code for an address or a server that fails */
        if (!cli_has_store(c) || c->database) {
                store *s = NULL;

                if ((rc = cli_open_store(c, false, &s)) != EXIT_OK)
                        return rc;
                store_close(s);
        }
        if ((rc = cli_evidence_ready(c)) != EXIT_OK)
                return rc;
        rc = EXIT_FAIL;
        /* Uploads a killed process left behind; those another server on
         * this folder is writing are locked and stay. */
        if (blob_tmp_sweep(c->evidence_dir, BLOB_TMP_STALE_SECONDS) < 0)
                cli_error("peringatan: folder %s/evidence/tmp tidak dapat dibaca: %s",
                          c->evidence_dir, os_error_text(errno));
        if (auth_init() != 0) {
                cli_error("libsodium tidak dapat dimulai");
                return EXIT_FAIL;
        }
        if (logpath && strcmp(logpath, "none") == 0) {
                log = NULL;
        } else if (logpath && strcmp(logpath, "-") != 0) {
                log = fopen(logpath, "a");
                if (!log) {
                        cli_error("tidak dapat membuka log akses \"%s\": %s", logpath,
                                  os_error_text(errno));
                        return EXIT_USAGE;
                }
        }
        ncpu = sysconf(_SC_NPROCESSORS_ONLN);
        if (!threads)
                threads = ncpu > 0 ? ncpu : 2;

        /* Signals are taken by sigwait below; the server's threads must not
         * receive them, so block them before any thread starts. */
        sigemptyset(&set);
        sigaddset(&set, SIGINT);
        sigaddset(&set, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &set, NULL);
        signal(SIGPIPE, SIG_IGN);
        /* A file size limit (ulimit -f, systemd LimitFSIZE) reached makes a
         * write fail with EFBIG, answered "disk full" (507), instead of
         * killing the server. */
        signal(SIGXFSZ, SIG_IGN);

        memset(&wc, 0, sizeof(wc));
        wc.data_dir = c->data_dir;
        wc.key_dir = c->key_dir;
        wc.database = c->database;
        wc.evidence_dir = c->evidence_dir;
        wc.pool_size = (unsigned)threads + 2;
        wc.secure_cookies = secure;
        wc.max_upload = max_upload;
        app = web_app_new(&wc, err, sizeof(err));
        if (!app) {
                cli_error("%s", err);
                goto out;
        }
        memset(&hc, 0, sizeof(hc));
        hc.listen = listen;
        hc.threads = (unsigned)threads;
        hc.access_log = log;
        hc.header_timeout = (unsigned)header_timeout; /* 0: the server's default */
        hc.min_body_rate = (unsigned)body_rate;
        hc.max_per_ip = (unsigned)per_ip;
        hc.handler = web_app_handle;
        hc.upload = web_upload_sink();
        /* the multipart framing around the file adds a little */
        hc.max_upload = max_upload + 64 * 1024;
        hc.app = app;
        hc.trusted_proxies = proxies;
        srv = http_server_start(&hc, err, sizeof(err));
        if (!srv) {
                cli_error("%s", err);
                rc = EXIT_USAGE;
                goto out;
        }
        {
                const char *colon = strrchr(listen, ':');
                size_t hostlen = colon ? (size_t)(colon - listen) : 0;
                char host[128], where[1024];

                if (hostlen == 0 || hostlen >= sizeof(host))
                        snprintf(host, sizeof(host), "localhost");
                else
                        snprintf(host, sizeof(host), "%.*s", (int)hostlen, listen);
                cli_store_label(c, where, sizeof(where));
                printf("Monev berjalan di http://%s:%u/  (data: %s, %ld utas)\n", host,
                       http_server_port(srv), where, (long)threads);
                if (strcmp(c->evidence_dir, c->data_dir) != 0)
                        printf("Berkas bukti: %s/evidence\n", c->evidence_dir);
                puts("Hentikan dengan Ctrl+C.");
                fflush(stdout);
        }
        while (sigwait(&set, &sig) != 0)
                ;
        fprintf(stderr, "monev: menerima sinyal %s; menyelesaikan permintaan yang berjalan...\n",
                sig == SIGINT ? "SIGINT" : "SIGTERM");
        rc = EXIT_OK;
out:
        http_server_stop(srv);
        web_app_free(app);
        report_pdf_release(); /* the font caches a PDF download filled; no thread draws now */
        if (log && log != stderr)
                fclose(log);
        return rc;
}
