/*
 * web: what the page, API and admin handlers share (internal to src/web).
 */
#ifndef MONEV_WEB_WEB_H
#define MONEV_WEB_WEB_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "base/limit.h"
#include "base/fmt.h"
#include "core/auth.h"
#include "core/framework.h"
#include "core/perm.h"
#include "core/score.h"
#include "http/http.h"
#include "store/store.h"
#include "web/app.h"
#include "web/i18n.h"

#define WEB_SESSION_COOKIE  "monev_sesi"
#define WEB_PRELOGIN_COOKIE "monev_pra"
#define WEB_LANG_COOKIE     "monev_bahasa"
#define WEB_MAX_TEXT        LIMIT_TEXT_CHARS /* characters in Fakta or Hasil Analisis */

typedef struct web_ctx {
        web_app *app;
        http_req *req;
        http_resp *resp;
        store *st;
        bool api;    /* the request is under /api/ */
        bool authed; /* a valid session or token */
        bool by_token;
        st_user user;
        char token[AUTH_TOKEN_LEN + 1]; /* the session cookie's token */
        char csrf[AUTH_CSRF_LEN + 1];
        const char *lang; /* "id" or "en" */
        const i18n_cat *cat;
        int64_t now;
        int64_t sess_created, sess_last_seen; /* of the session cookie's session */
        json_t *form;         /* a refused or restored form's state (form.h); owned */
        bool rerendering;     /* the page of a refused form is being rendered */
        bool rerender_failed; /* ... and that page could not be shown */
        int tz_plus1;         /* web_tz's zone + 1; 0 until read */
} web_ctx;

typedef void (*web_route_fn)(web_ctx *c, char **params);

/* ---- app.c and app_*.c ---- */

/* Translates an Indonesian text into the request's language. */
const char *web_t(const web_ctx *c, const char *text);

/* Renders page template tmpl with data (stolen) plus the common fields
 * (user, csrf, lang, nav) into the response with status 200. */
void web_page(web_ctx *c, const char *tmpl, json_t *data);

/* A page (or JSON for the API) saying what went wrong, in the user's
 * language, with status.  msg is an Indonesian text, translated. */
void web_fail(web_ctx *c, int status, const char *msg);

/* 303 See Other to a local path. */
void web_redirect(web_ctx *c, const char *location);

/* True when the POST carries this session's CSRF value; otherwise answers
 * 403 and returns false. */
bool web_csrf_ok(web_ctx *c);

/* Asks perm_allows for the logged-in user; on refusal answers 403 (409
 * when only the closed cycle stands in the way) and returns false. */
bool web_allow(web_ctx *c, perm_action act, const perm_scope *scope);

/* The parsed framework version (cached for the process; borrowed).  NULL
 * after answering 500 when it cannot be loaded. */
const fw_framework *web_framework(web_ctx *c, const char *id, int version);

/* Loads the cycle of a year with its framework and levels (levels in the
 * request arena).  On failure answers (404 for an unknown year) and
 * returns false. */
bool web_cycle(web_ctx *c, int year, st_cycle *cycle, const fw_framework **fw, uint8_t **levels);

/* The year of the cycle to show when none is named: the newest open one,
 * else the newest.  0 when there is none. */
int web_default_year(web_ctx *c);

/* Answers for a failed store call: 404/409/400 with its message, 500
 * otherwise. */
void web_store_fail(web_ctx *c, store_rc rc);

/* JSON answers for the API. */
void web_json(web_ctx *c, int status, json_t *body);

/* Parses a year path segment; false after answering 404. */
bool web_year(web_ctx *c, const char *s, int *year);

/* The top menu for the logged-in user (nav.c): [{href, label, current}],
 * the cycle links for data's "year" or else web_default_year.  New
 * reference. */
json_t *web_nav(web_ctx *c, const json_t *data);

/* The one place for numbers, dates and times on the pages (base/fmt.h),
 * each in the request arena: Indonesian on Indonesian pages ("3,05",
 * "1.234", "5 Desember 2026", "5 Desember 2026 14.05 WITA"), English
 * formats on English pages and the dot in the API.  Times are in the
 * agency's zone (web_tz).  web_date and web_time give NULL for 0. */
const char *web_idx(web_ctx *c, int hundredths);
const char *web_int(web_ctx *c, int64_t v);
/* A fixed-point value (num_format_fixed: scale digits, shown decimals). */
const char *web_fixed(web_ctx *c, int64_t v, int scale, int shown);
/* A decimal written with a dot ("72.5", as stored) as the page shows it:
 * "72,5" on an Indonesian page, unchanged otherwise; a copy in the
 * request arena either way. */
const char *web_decimal(web_ctx *c, const char *dot_text);
/* A signed difference of hundredths: "+0,65", "-0,05", "0,00". */
const char *web_delta(web_ctx *c, int hundredths);
const char *web_date(web_ctx *c, int64_t t);
const char *web_time(web_ctx *c, int64_t t);
/* A day kept as a date (a deadline: fmt_day), "15 Desember 2026". */
const char *web_day(web_ctx *c, int64_t t);
/* The first 12 hex digits of a hash, for showing beside the full one
 * (kept in a title or a disclosure). */
const char *web_short_hash(web_ctx *c, const char *hash);
/* Reads an index typed by a person, "3,05" or "3.05", as hundredths
 * (num_parse_fixed with scale 2 and max).  0 or -1. */
int web_parse_idx(const char *s, int64_t max, int64_t *out);
/* "YYYY-MM-DD" (UTC) for the value of an <input type="date">; NULL for 0. */
const char *web_date_iso(web_ctx *c, int64_t t);
/* True when this answer shows decimals with a comma (an Indonesian page). */
bool web_decimal_comma(const web_ctx *c);
/* The agency's time zone (read once per request; WIB when unset). */
fmt_tz web_tz(web_ctx *c);

/* Names for the UI. */
const char *web_status_label(const web_ctx *c, assess_status st);
const char *web_status_key(assess_status st); /* "draft", "submitted", ... */
const char *web_cycle_status_label(const web_ctx *c, st_cycle_status st);
const char *web_role_label(const web_ctx *c, perm_role r);

/* The scope of an indicator for the logged-in user. */
/* The acting user for the store's guarded changes (store_guard). */
st_actor web_actor(const web_ctx *c);
void web_scope(web_ctx *c, const st_cycle *cycle, const char *indicator, perm_scope *scope);

/* True when the request carries a live session cookie or a valid API
 * token (checked against the store; used before accepting an upload). */
bool web_credentials_valid(web_app *app, const http_req *req);

/* Settings of the app (app.c). */
const char *web_data_dir(const web_app *app);
/* The folder that holds evidence/ (store/blobs.h): web_config.evidence_dir,
 * else the data folder.  Borrowed. */
const char *web_evidence_dir(const web_app *app);
/* The key folder as configured (web_config.key_dir): NULL means the
 * default, keys_dir_resolve decides.  Borrowed. */
const char *web_key_dir(const web_app *app);
uint64_t web_max_upload(const web_app *app);
bool web_secure_cookies(const web_app *app);
unsigned web_session_max(const web_app *app);
/* A successful login this recent makes the address known to the account:
 * the per-account limit does not apply to it, and the periodic purge keeps
 * successes this long. */
#define WEB_KNOWN_ADDR_DAYS 90
unsigned web_throttle_user(const web_app *app);
unsigned web_throttle_addr(const web_app *app);
unsigned web_throttle_window(const web_app *app);
unsigned web_throttle_account(const web_app *app);
/* A valid Argon2id hash of a random password, made once, for checking
 * unknown usernames in the same time as known ones. */
const char *web_dummy_hash(void);

/* ---- pages ---- */
void page_login_form(web_ctx *c, char **p);
void page_login(web_ctx *c, char **p);
void page_logout(web_ctx *c, char **p);
void page_password_form(web_ctx *c, char **p);
void page_password(web_ctx *c, char **p);
void page_account(web_ctx *c, char **p);
void page_account_token_create(web_ctx *c, char **p);
void page_account_token_revoke(web_ctx *c, char **p);
void page_lang(web_ctx *c, char **p);
void page_home(web_ctx *c, char **p);
void page_dashboard(web_ctx *c, char **p);
void page_dashboard_year(web_ctx *c, char **p);
void page_indicators(web_ctx *c, char **p);
void page_review(web_ctx *c, char **p);
void page_review_home(web_ctx *c, char **p);
void page_indicator(web_ctx *c, char **p);
void page_indicator_save(web_ctx *c, char **p);
void page_indicator_autosave(web_ctx *c, char **p);
void page_admin(web_ctx *c, char **p);
void page_admin_opd(web_ctx *c, char **p);
void page_admin_opd_add(web_ctx *c, char **p);
void page_admin_users(web_ctx *c, char **p);
void page_admin_user_add(web_ctx *c, char **p);
void page_admin_user_action(web_ctx *c, char **p);
void page_admin_user_edit_form(web_ctx *c, char **p); /* page_users.c */
/* page_agency.c: the time-zone form's options [{key, label, selected}]. */
json_t *web_timezone_options(web_ctx *c);
void page_admin_timezone(web_ctx *c, char **p);
/* page_agency.c: the region form's data {has_region, code, name, province,
 * typed, error}: error (translated here) and typed after a refused form. */
json_t *web_agency_region(web_ctx *c, const char *error, const char *typed);
void page_admin_region(web_ctx *c, char **p);
/* page_admin.c: the administration page, with the region form's error and
 * what was typed (both NULL when none; status 400 with an error). */
void web_admin_page(web_ctx *c, const char *region_error, const char *region_typed);
void page_admin_cycles(web_ctx *c, char **p);
void page_admin_cycle_add(web_ctx *c, char **p);
void page_admin_cycle_status(web_ctx *c, char **p);
void page_admin_cycle_close_form(web_ctx *c, char **p);
void page_admin_target(web_ctx *c, char **p);
void page_admin_assign(web_ctx *c, char **p);
void page_admin_assign_form(web_ctx *c, char **p);
void page_admin_frameworks(web_ctx *c, char **p);
void page_admin_framework(web_ctx *c, char **p);
void page_admin_framework_import(web_ctx *c, char **p);
void page_admin_framework_edit_form(web_ctx *c, char **p); /* page_framework.c */
void page_admin_framework_edit(web_ctx *c, char **p);
void page_admin_framework_criteria(web_ctx *c, char **p);
void page_admin_framework_cycle(web_ctx *c, char **p);
void page_admin_mapping(web_ctx *c, char **p);
void page_admin_mapping_save(web_ctx *c, char **p);
void page_admin_mapping_row(web_ctx *c, char **p);
void page_external(web_ctx *c, char **p);
void page_external_save(web_ctx *c, char **p);
void page_admin_conversion(web_ctx *c, char **p);
void page_admin_conversion_save(web_ctx *c, char **p);
/* An external indicator's part of the indicator page (page_external.c):
 * sets data's "ext" (who supplies the value, the stored value and its
 * conversion) when indicator idx of fw is external; nothing otherwise. */
void web_external_section(web_ctx *c, const st_cycle *cycle, const fw_framework *fw, int idx,
                          const perm_scope *scope, json_t *data);
/* Who supplies an external indicator's value, from the newest version of
 * the cycle's framework (borrowed), or NULL when the framework says not. */
/* The cycles for the year switcher, newest first, the current year
 * marked: [{year, framework, current}].  Empty when they cannot be read. */
json_t *web_cycles_json(web_ctx *c, int current);

const char *web_external_supplier(web_ctx *c, const st_cycle *cycle, const char *code);
/* Documents that earlier cycles of another framework linked to the old
 * indicators the mapping gives for indicator idx of fw (page_mapping.c):
 * an array of {id, code, title, year, from_code, from_name, framework},
 * newest first, only those the user may read.  Never NULL. */
json_t *web_mapped_reusable(web_ctx *c, const st_cycle *cycle, const fw_framework *fw, int idx);
void page_admin_mapping_row_save(web_ctx *c, char **p);
/* The mapping from framework from to to (page_mapping.c): the
 * administrator's, else the built-in one; NULL when there is none or it
 * does not parse.  *custom says whose.  The caller frees it with
 * mapping_free. */
struct fw_mapping *web_mapping_load(web_ctx *c, const fw_framework *from, const fw_framework *to,
                                    bool *custom);

void page_tasks(web_ctx *c, char **p);
void page_team_save(web_ctx *c, char **p);
void page_progress(web_ctx *c, char **p);
void page_status(web_ctx *c, char **p);
void page_evidence_upload(web_ctx *c, char **p);
void page_evidence_link(web_ctx *c, char **p);
void page_evidence_action(web_ctx *c, char **p);
void page_evidence_download(web_ctx *c, char **p);

/* The indicator page's evidence, workflow and history (page_evidence_review.c):
 * adds "evidence", "can_upload", "can_review", "steps", "warnings",
 * "history", "reusable" to data. */
void web_indicator_extras(web_ctx *c, const st_cycle *cycle, const fw_framework *fw, int idx,
                          const perm_scope *scope, const st_assessment *a, json_t *data);

/* The indicator page's asesor section (page_asesor.c): adds "asesor",
 * "asesor_form", "lint", "revisi_codes", "show_asesor" to data, and the
 * lint's findings to its "warnings" while the user edits (call after
 * web_indicator_extras). */
void web_asesor_extras(web_ctx *c, const st_cycle *cycle, const fw_framework *fw, int idx,
                       const perm_scope *scope, const st_assessment *a, json_t *data);
void page_asesor_save(web_ctx *c, char **p);
/* audit_text.c: the person behind an audit actor ("web:bpkad" ->
 * "Bambang Sutrisno (BPKAD)", "cli:root" -> "root (baris perintah)"), and
 * an entry about an indicator as a sentence in the request's language
 * ("Rina (BAPPEDA) menaikkan tingkat indikator 5 dari 2 ke 3").  Both in
 * the request arena. */
const char *web_actor_name(web_ctx *c, const char *actor);
const char *web_audit_sentence(web_ctx *c, const st_audit *e, const char *who,
                               const char *indicator);

/* page_official.c */
void page_official(web_ctx *c, char **p);
void page_official_import(web_ctx *c, char **p);

/* page_compare.c */
void page_compare(web_ctx *c, char **p);

/* page_reports.c */
void page_reports(web_ctx *c, char **p);
void page_download(web_ctx *c, char **p);

/* page_insight.c */
void page_whatif(web_ctx *c, char **p);
void page_plan(web_ctx *c, char **p);
void page_gap(web_ctx *c, char **p);
/* Adds "chart_aspects", "chart_levels" and "chart_trend" ({svg, table}
 * or null) to a dashboard's data. */
void web_dashboard_charts(web_ctx *c, int year, const fw_framework *fw, const uint8_t *levels,
                          const score_result *r, int target, json_t *data);

/* ---- api.c ---- */
void api_cycles(web_ctx *c, char **p);
void api_index(web_ctx *c, char **p);
void api_indicator_get(web_ctx *c, char **p);
void api_indicator_put(web_ctx *c, char **p);
void api_evidence_upload(web_ctx *c, char **p);
void api_evidence_file(web_ctx *c, char **p);
void api_indicator_status(web_ctx *c, char **p);

#endif
