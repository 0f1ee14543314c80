/*
 * monev serve [--listen 127.0.0.1:8080] [--threads N] [--secure-cookies]
 *             [--access-log FILE|-]
 *
 * Serves the web application until SIGINT or SIGTERM, then stops
 * accepting, finishes the requests in flight and exits 0.
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
            "Pemakaian: monev serve [--data FOLDER] [--listen ALAMAT:PORT] [--threads N]\n"
            "                       [--secure-cookies] [--access-log BERKAS|-]\n"
            "  --listen          alamat dan port (bawaan 127.0.0.1:8080; port 0 = acak)\n"
            "  --secure-cookies  cookie hanya lewat HTTPS (pakai di belakang proxy TLS)\n"
            "  --access-log      satu baris per permintaan (bawaan: stderr; \"none\" mematikan)\n",
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
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        const char *listen = "127.0.0.1:8080", *logpath = NULL;
        int64_t threads = 0;
        uint64_t max_upload = (uint64_t)50 * 1000 * 1000;
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
        if (!cli_has_store(c)) {
                store *s = NULL;
                return cli_open_store(c, false, &s); /* prints how to create one */
        }
        /* Uploads a killed process left behind; those another server on
         * this folder is writing are locked and stay. */
        if (blob_tmp_sweep(c->data_dir, BLOB_TMP_STALE_SECONDS) < 0)
                cli_error("peringatan: folder %s/evidence/tmp tidak dapat dibaca: %s", c->data_dir,
                          os_error_text(errno));
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

        memset(&wc, 0, sizeof(wc));
        wc.data_dir = c->data_dir;
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
        hc.handler = web_app_handle;
        hc.upload = web_upload_sink();
        /* the multipart framing around the file adds a little */
        hc.max_upload = max_upload + 64 * 1024;
        hc.app = app;
        srv = http_server_start(&hc, err, sizeof(err));
        if (!srv) {
                cli_error("%s", err);
                rc = EXIT_USAGE;
                goto out;
        }
        {
                const char *colon = strrchr(listen, ':');
                size_t hostlen = colon ? (size_t)(colon - listen) : 0;
                char host[128];

                if (hostlen == 0 || hostlen >= sizeof(host))
                        snprintf(host, sizeof(host), "localhost");
                else
                        snprintf(host, sizeof(host), "%.*s", (int)hostlen, listen);
                printf("Monev berjalan di http://%s:%u/  (data: %s, %ld utas)\n"
                       "Hentikan dengan Ctrl+C.\n",
                       host, http_server_port(srv), c->data_dir, (long)threads);
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
