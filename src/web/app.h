/*
 * app: the web application of Monev: pages, API and static files behind
 * one http handler.
 *
 * A web_app owns a pool of store handles (one per server thread, so each
 * request has a database connection of its own), the compiled templates
 * and a cache of parsed frameworks (versions never change, so a parsed
 * version stays valid for the life of the process).
 */
#ifndef MONEV_WEB_APP_H
#define MONEV_WEB_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/http.h"

typedef struct web_app web_app;

typedef struct web_config {
        const char *data_dir;
        const char *key_dir;      /* the agency's keys (io/keys.h); NULL = DATA/keys */
        unsigned pool_size;       /* store handles; at least the server's threads */
        bool secure_cookies;      /* behind TLS: cookies get the Secure flag */
        unsigned session_idle;    /* seconds without a request before a session ends; 0 = 1800 */
        unsigned session_max;     /* seconds after login before a session ends; 0 = 43200 */
        unsigned throttle_user;   /* failed logins per account per window; 0 = 5 */
        unsigned throttle_addr;   /* failed logins per address per window; 0 = 20 */
        unsigned throttle_window; /* seconds; 0 = 900 */
        /* failed logins per account per window from addresses it never
         * logged in from; 0 = 50 */
        unsigned throttle_account;
        uint64_t max_upload; /* bytes of one evidence file; 0 = 50 MB */
        /* a PostgreSQL address (store_is_url) the pool opens instead of
         * DATA/monev.db; NULL = the data folder's SQLite.  Borrowed. */
        const char *database;
        /* the folder that holds evidence/ (store/blobs.h); NULL = data_dir.
         * Borrowed. */
        const char *evidence_dir;
} web_config;

/* Opens the store (cfg->database, else the data folder) and loads the
 * templates.  NULL with the reason in err (Indonesian) on failure. */
web_app *web_app_new(const web_config *cfg, char *err, size_t errlen);
void web_app_free(web_app *app);

/* The sink that streams evidence uploads to the blob store (for
 * http_config.upload). */
const http_upload_sink *web_upload_sink(void);

/* The http handler (http_handler_fn); app is the web_app. */
void web_app_handle(void *app, http_req *req, http_resp *resp);

#endif
