/*
 * Evidence: upload and download, and the checks the evidence pages share
 * (page_evidence_int.h).  Reuse, review, the review workflow and the
 * indicator page's evidence section are page_evidence_review.c.
 *
 * Uploads stream to the blob store (store/blobs.h) through the upload sink
 * below: the file is hashed while it arrives, kept in a temporary file,
 * sniffed against the allowlist, opened whole by its type's parser in a
 * child process (io/docvalid.h), and moved into place only when the whole
 * request is accepted.  Downloads are always attachments named after the
 * document's code and its detected type (I12-L3-01.pdf), never after the
 * client's file name, and check the permission every time.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"
#include "io/filetype.h"
#include "store/blobs.h"
#include "web/form.h"
#include "web/page_evidence_int.h"
#include "web/web.h"

#define MAX_FILES 20

/* ---- The upload sink ------------------------------------------------------ */

typedef struct web_part {
        blob_writer *w;
        char sha[65];
        uint64_t size;
        bool finished;
} web_part;

/* True for the paths of the two upload routes:
 * /siklus/Y/indikator/C/bukti and /api/v1/cycles/Y/indicators/C/evidence. */
static bool upload_path(const char *path)
{
        const char *seg[8];
        size_t len[8], n = 0;
        const char *p = path;

        while (*p == '/' && n < 8) {
                const char *e = strchr(p + 1, '/');

                seg[n] = p + 1;
                len[n] = e ? (size_t)(e - p - 1) : strlen(p + 1);
                n++;
                if (!e)
                        break;
                p = e;
        }
        if (n == 5 && len[0] == 6 && memcmp(seg[0], "siklus", 6) == 0 && len[2] == 9 &&
            memcmp(seg[2], "indikator", 9) == 0 && len[4] == 5 && memcmp(seg[4], "bukti", 5) == 0)
                return true;
        return n == 7 && len[0] == 3 && memcmp(seg[0], "api", 3) == 0 && len[1] == 2 &&
               memcmp(seg[1], "v1", 2) == 0 && len[2] == 6 && memcmp(seg[2], "cycles", 6) == 0 &&
               len[4] == 10 && memcmp(seg[4], "indicators", 10) == 0 && len[6] == 8 &&
               memcmp(seg[6], "evidence", 8) == 0;
}

static bool sink_wants(void *app, const http_req *req)
{
        /* Only requests of a valid session or token are streamed to disk. */
        return strcmp(http_req_method(req), "POST") == 0 && upload_path(http_req_path(req)) &&
               web_credentials_valid(app, req);
}

static void *sink_open(void *appv, const char *field, const char *filename)
{
        web_app *app = appv;
        web_part *part = mem_calloc(1, sizeof(*part));
        char err[256];

        (void)field;
        (void)filename;
        if (!part)
                return NULL;
        part->w = blob_writer_new(web_evidence_dir(app), web_max_upload(app), err, sizeof(err));
        if (!part->w) {
                mem_free(part);
                return NULL;
        }
        return part;
}

/* True when errno says the disk (or a quota, or a file size limit) is full. */
static bool no_space(int e)
{
        return e == ENOSPC || e == EDQUOT || e == EFBIG;
}

static int sink_write(void *partv, const void *data, size_t n)
{
        web_part *part = partv;

        if (blob_writer_write(part->w, data, n) == 0)
                return 0;
        if (blob_writer_too_big(part->w))
                return -2;                /* answered 413 */
        return no_space(errno) ? -3 : -1; /* 507, 500 */
}

static int sink_close(void *partv)
{
        web_part *part = partv;

        if (blob_writer_finish(part->w, part->sha, &part->size) != 0)
                return no_space(errno) ? -3 : -1;
        part->finished = true;
        return 0;
}

static void sink_release(void *partv)
{
        web_part *part = partv;

        if (!part)
                return;
        blob_writer_free(part->w); /* removes the temporary file unless committed */
        mem_free(part);
}

static const http_upload_sink sink = {sink_wants, sink_open, sink_write, sink_close, sink_release};

const http_upload_sink *web_upload_sink(void)
{
        return &sink;
}

/* ---- Shared checks -------------------------------------------------------- */

/* The indicator of a cycle with the user's scope; false after answering. */
bool ev_load_indicator(web_ctx *c, const char *ys, const char *code, int *year, st_cycle *cycle,
                       const fw_framework **fw, int *idx, perm_scope *scope)
{
        if (!web_year(c, ys, year))
                return false;
        if (!web_cycle(c, *year, cycle, fw, NULL))
                return false;
        *idx = fw_find_indicator(*fw, code, strlen(code));
        if (*idx < 0) {
                st_cycle_free(cycle);
                web_fail(c, 404, "Indikator tidak ditemukan.");
                return false;
        }
        web_scope(c, cycle, (*fw)->indicators[*idx].code, scope);
        return true;
}

/* May the user download the document id (ACT_VIEW_EVIDENCE)? */
bool ev_may_read(web_ctx *c, int64_t id)
{
        perm_scope sc;

        memset(&sc, 0, sizeof(sc));
        sc.user_opd = c->user.opd_id;
        if (store_evidence_visible_to(c->st, id, c->user.id, c->user.opd_id, &sc.evidence_own) !=
            STORE_OK)
                sc.evidence_own = false;
        return perm_allows(c->user.role, ACT_VIEW_EVIDENCE, &sc);
}

/* Answers a refusal of the store's guard (STORE_DENIED) as web_allow does
 * with the scope the guard read, any other failure as web_store_fail. */
void ev_guard_fail(web_ctx *c, store_rc rc, perm_action act, const perm_scope *scope)
{
        if (rc == STORE_DENIED)
                web_allow(c, act, scope);
        else
                web_store_fail(c, rc);
}

/* The display name of an uploaded file: no directories, one printable line
 * without bidirectional controls (utf8_display_clean), at most 200 bytes
 * (cut at a character boundary). */
static char *display_name(web_ctx *c, const char *name)
{
        const char *base = name ? name : "";
        char *out;

        for (const char *p = base; *p; p++)
                if (*p == '/' || *p == '\\')
                        base = p + 1;
        out = http_req_alloc(c->req, 201);
        if (!out)
                return NULL;
        utf8_display_clean(base, out, 201);
        if (!out[0] || strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
                return http_req_strdup(c->req, "berkas");
        return out;
}

/* An optional one-line form field of at most max bytes; false when bad. */
static bool opt_line(const char *s, size_t max)
{
        return !s || !s[0] ||
               (strlen(s) <= max && utf8_text_valid(s, strlen(s)) && !strchr(s, '\n') &&
                !strchr(s, '\r'));
}

static bool opt_day(const char *s)
{
        int64_t t;

        return !s || !s[0] || num_parse_day(s, &t) == 0;
}

/* ---- Upload --------------------------------------------------------------- */

static void evidence_upload(web_ctx *c, char **p)
{
        int year, idx;
        st_cycle cycle;
        const fw_framework *fw;
        perm_scope scope;
        size_t nup = 0, nfiles = 0;
        const http_upload *ups = http_req_uploads(c->req, &nup);
        const web_part *files[MAX_FILES];
        const char *names[MAX_FILES];
        const char *mimes[MAX_FILES];
        const char *title = http_req_form(c->req, "title");
        /* The indicator page posts the upload together with the assessment
         * form (fakta, analisis, the claimed level; the document's level is
         * then ev_level): the typed texts are saved as the draft with the
         * upload, in its transaction, or shown again when they cannot be. */
        const char *fakta = c->api ? NULL : http_req_form(c->req, "fakta");
        const char *analisis = c->api ? NULL : http_req_form(c->req, "analisis");
        bool combined = fakta || analisis;
        const char *claim = combined ? http_req_form(c->req, "level") : NULL;
        const char *lv = http_req_form(c->req, "ev_level");
        const char *number = http_req_form(c->req, "document_number");
        const char *date = http_req_form(c->req, "document_date");
        const char *issuer = http_req_form(c->req, "issuer");
        const char *until = http_req_form(c->req, "valid_until");
        const char *rev = http_req_form(c->req, "replaces");
        int64_t replaces = 0;
        int64_t level = 0;
        int claim_level = ASSESS_NO_LEVEL;
        app_refusal claim_why;
        json_t *items;
        store_rc rc;
        st_assessment a;
        st_actor who = web_actor(c);
        char loc[200];

        if (!lv && !combined)
                lv = http_req_form(c->req, "level");
        if (!c->api && !web_csrf_ok(c))
                return;
        if (!ev_load_indicator(c, p[0], p[1], &year, &cycle, &fw, &idx, &scope))
                return;
        st_cycle_free(&cycle);
        if (!web_allow(c, ACT_EDIT_ASSESSMENT, &scope))
                return;
        for (size_t i = 0; i < nup; i++) {
                const web_part *part = ups[i].part;

                if (strcmp(ups[i].field, "file") != 0 || !part || !part->finished ||
                    (part->size == 0 && (!ups[i].filename || !ups[i].filename[0])))
                        continue;
                if (nfiles == MAX_FILES) {
                        web_fail_field(c, 400, "file", "Paling banyak 20 berkas sekali unggah.");
                        return;
                }
                names[nfiles] = display_name(c, ups[i].filename);
                files[nfiles++] = part;
        }
        if (nfiles == 0) {
                web_fail_field(c, 400, "file", "Pilih berkas bukti untuk diunggah (kolom file).");
                return;
        }
        if (lv && lv[0] && num_parse_int(lv, strlen(lv), 1, FW_LEVELS, &level) != 0) {
                web_fail_field(c, 400, "ev_level", "Tingkat yang didukung bukti harus 1 sampai 5.");
                return;
        }
        /* the claim the indicator form carries: the form's own rules
         * (app/assess.c); its level may still be empty here */
        if (combined &&
            app_claim_read(fw, claim, true, fakta, analisis, &claim_level, &claim_why) != 0) {
                web_fail_field(c, 400, claim_why.field, claim_why.msg);
                return;
        }
        if (!opt_line(title, 300) || !opt_line(number, 200) || !opt_line(issuer, 200)) {
                web_fail_field(c, 400, "title",
                               "Judul, nomor dokumen dan penerbit harus satu baris teks.");
                return;
        }
        if (rev && rev[0]) {
                /* a revision replaces a document of this indicator, one file at a time */
                st_evidence_link *cur = NULL;
                size_t ncur = 0;
                bool found = false;

                if (nfiles != 1 || num_parse_int(rev, strlen(rev), 1, INT64_MAX, &replaces) != 0 ||
                    store_evidence_links(c->st, year, fw->indicators[idx].code, &cur, &ncur) !=
                        STORE_OK) {
                        web_fail(c, 400,
                                 "Revisi dibuat untuk satu berkas dan satu dokumen "
                                 "indikator ini.");
                        return;
                }
                for (size_t i = 0; i < ncur; i++)
                        found |= cur[i].ev.id == replaces;
                st_evidence_link_list_free(cur, ncur);
                if (!found) {
                        web_fail(c, 400, "Dokumen yang direvisi tidak tertaut ke indikator ini.");
                        return;
                }
        }
        if (!opt_day(date) || !opt_day(until)) {
                web_fail_field(c, 400, "document_date",
                               "Tanggal dokumen dan masa berlaku ditulis TTTT-BB-HH.");
                return;
        }
        if (!level) {
                memset(&a, 0, sizeof(a));
                if (store_assessment_get(c->st, year, fw->indicators[idx].code, &a) == STORE_OK &&
                    a.level > 0)
                        level = a.level;
                st_assessment_free(&a);
                if (!level)
                        level = 1;
        }
        /* Every file must be of an allowed type, and open whole as that
         * type, before anything is kept. */
        for (size_t i = 0; i < nfiles; i++) {
                size_t hn;
                const unsigned char *head = blob_writer_head(files[i]->w, &hn);
                char msg[512];

                switch (app_document_check(blob_writer_path(files[i]->w), head, hn,
                                           names[i] ? names[i] : "berkas", &mimes[i], msg,
                                           sizeof(msg))) {
                case APP_DOC_OK:
                        continue;
                case APP_DOC_ERROR:
                        web_fail(c, 503,
                                 "Berkas tidak dapat diperiksa saat ini. Coba lagi sebentar lagi.");
                        return;
                default:
                        web_fail_field(c, 415, "file", msg);
                        return;
                }
        }
        for (size_t i = 0; i < nfiles; i++) {
                char err[256];

                if (blob_writer_commit(files[i]->w, err, sizeof(err)) != 0) {
                        bool full = no_space(errno);

                        fprintf(stderr, "monev: %s: %s\n", http_req_path(c->req), err);
                        if (full)
                                web_fail(c, 507,
                                         "Disk server penuh: berkas tidak dapat disimpan. Minta "
                                         "administrator mengosongkan ruang disk, lalu coba lagi.");
                        else
                                web_fail(c, 500,
                                         "Berkas tidak dapat disimpan. Coba lagi sebentar lagi.");
                        return;
                }
        }
        items = json_array();
        rc = store_begin(c->st);
        if (rc == STORE_OK)
                rc = store_guard(c->st, &who, ACT_EDIT_ASSESSMENT, year, fw->indicators[idx].code,
                                 fw->indicators[idx].external, &scope);
        for (size_t i = 0; i < nfiles && rc == STORE_OK; i++) {
                st_evidence ev;
                int64_t id = 0;
                char *code = NULL;
                char t[301];

                memset(&ev, 0, sizeof(ev));
                ev.sha256 = http_req_strdup(c->req, files[i]->sha);
                ev.size = (int64_t)files[i]->size;
                ev.mime = http_req_strdup(c->req, mimes[i]);
                ev.filename = http_req_strdup(c->req, names[i]);
                if (title && title[0] && nfiles == 1) {
                        snprintf(t, sizeof(t), "%s", title);
                } else if (title && title[0]) {
                        snprintf(t, sizeof(t), "%.280s (%zu)", title, i + 1);
                } else {
                        const char *dot = strrchr(names[i], '.');
                        int len =
                            dot && dot != names[i] ? (int)(dot - names[i]) : (int)strlen(names[i]);
                        snprintf(t, sizeof(t), "%.*s", len > 300 ? 300 : len, names[i]);
                }
                while (strlen(t) && !utf8_text_valid(t, strlen(t)))
                        t[strlen(t) - 1] = '\0';
                ev.title = t;
                ev.doc_number = number && number[0] ? http_req_strdup(c->req, number) : NULL;
                ev.doc_date = date && date[0] ? http_req_strdup(c->req, date) : NULL;
                ev.issuer = issuer && issuer[0] ? http_req_strdup(c->req, issuer) : NULL;
                ev.valid_until = until && until[0] ? http_req_strdup(c->req, until) : NULL;
                ev.uploaded_by = c->user.id;
                ev.replaces = replaces;
                rc = store_evidence_add(c->st, &ev, &id);
                if (rc == STORE_OK)
                        rc = store_evidence_link(c->st, year, fw->indicators[idx].code, id,
                                                 (int)level, &code);
                /* the old version stays stored and on record; the indicator
                 * now points to the new one */
                if (rc == STORE_OK && replaces)
                        rc = store_evidence_unlink(c->st, year, fw->indicators[idx].code, replaces);
                if (rc == STORE_OK)
                        json_array_append_new(
                            items,
                            json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:i}", "id",
                                      (json_int_t)id, "code", code, "sha256", files[i]->sha, "size",
                                      (json_int_t)files[i]->size, "mime", mimes[i], "title", t,
                                      "filename", names[i], "level", (int)level));
                mem_free(code);
        }
        /* the draft as typed, allowed by the same guard */
        if (rc == STORE_OK && combined && claim_level != ASSESS_NO_LEVEL)
                rc = store_assessment_set(c->st, year, fw->indicators[idx].code, claim_level,
                                          fakta ? fakta : "", analisis ? analisis : "");
        if (rc == STORE_OK)
                rc = store_commit(c->st);
        if (rc != STORE_OK) {
                store_rollback(c->st);
                json_decref(items);
                ev_guard_fail(c, rc, ACT_EDIT_ASSESSMENT, &scope);
                return;
        }
        if (combined && claim_level == ASSESS_NO_LEVEL &&
            ((fakta && fakta[0]) || (analisis && analisis[0])) &&
            !http_req_form(c->req, "dari_js")) {
                /* uploaded; the texts could not be saved without a level:
                 * the page again with them in the form */
                json_decref(items);
                web_fail_field(c, 400, "level",
                               "Bukti sudah diunggah, tetapi teks Anda belum tersimpan karena "
                               "tingkat belum dipilih. Pilih tingkat lalu simpan draf.");
                return;
        }
        if (c->api) {
                web_json(c, 201,
                         json_array_size(items) == 1 ? json_incref(json_array_get(items, 0))
                                                     : json_pack("{s:O}", "items", items));
                json_decref(items);
                return;
        }
        json_decref(items);
        snprintf(loc, sizeof(loc), "/siklus/%d/indikator/%s?ok=bukti#bukti", year,
                 fw->indicators[idx].code);
        web_redirect(c, loc);
}

void page_evidence_upload(web_ctx *c, char **p)
{
        evidence_upload(c, p);
}

void api_evidence_upload(web_ctx *c, char **p)
{
        evidence_upload(c, p);
}

/* ---- Download ------------------------------------------------------------- */

/* Content-Disposition for a file name: the name with anything outside
 * printable ASCII (and '"', '\\') as '_', and the UTF-8 name
 * percent-encoded (RFC 6266 / 5987) only when that changed it. */
static void disposition(buf *b, const char *name)
{
        bool plain = true;

        buf_puts(b, "attachment; filename=\"");
        for (const unsigned char *q = (const unsigned char *)name; *q; q++) {
                bool bad = *q < 0x20 || *q >= 0x7f || *q == '"' || *q == '\\';

                buf_putc(b, bad ? '_' : (char)*q);
                plain = plain && !bad;
        }
        buf_putc(b, '"');
        if (plain)
                return;
        buf_puts(b, "; filename*=UTF-8''");
        for (const unsigned char *q = (const unsigned char *)name; *q; q++) {
                if ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') ||
                    (*q >= '0' && *q <= '9') || strchr("-._~", *q))
                        buf_putc(b, (char)*q);
                else
                        buf_printf(b, "%%%02X", *q);
        }
}

/* The download name of a document: "<code>.<ext>" (I12-L3-01.pdf) after
 * its newest link, "dokumen-<id>.<ext>" when it is linked nowhere; the
 * extension is that of the type detected at upload (filetype).  The
 * client's file name never takes part: it may say ".html" or hide one
 * behind a U+202E. */
static void download_name(web_ctx *c, const st_evidence *ev, char *out, size_t n)
{
        char *code = NULL;
        const char *ext = filetype_download_ext(ev->mime);
        bool ok = store_evidence_code(c->st, ev->id, &code) == STORE_OK && code && code[0];

        for (char *p = ok ? code : NULL; p && *p; p++)
                if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
                        *p = '_';
        if (ok)
                snprintf(out, n, "%s.%s", code, ext);
        else
                snprintf(out, n, "dokumen-%lld.%s", (long long)ev->id, ext);
        mem_free(code);
}

static void evidence_file(web_ctx *c, const char *ids)
{
        int64_t id;
        st_evidence ev;
        char path[4096], name[128];
        buf cd;

        if (num_parse_int(ids, strlen(ids), 1, INT64_MAX, &id) != 0 ||
            store_evidence_get(c->st, id, &ev) != STORE_OK) {
                web_fail(c, 404, "Bukti tidak ditemukan.");
                return;
        }
        if (!ev_may_read(c, id)) {
                /* as if it did not exist: whether another OPD has such a
                 * document is not the user's to learn */
                st_evidence_free(&ev);
                web_fail(c, 404, "Bukti tidak ditemukan.");
                return;
        }
        if (blob_path(web_evidence_dir(c->app), ev.sha256, path, sizeof(path)) != 0 ||
            http_resp_file(c->resp, path, (uint64_t)ev.size) != 0) {
                st_evidence_free(&ev);
                web_fail(c, 500,
                         "Berkas bukti tidak ada di penyimpanan. Administrator dapat memeriksa "
                         "dengan monev check.");
                return;
        }
        download_name(c, &ev, name, sizeof(name));
        buf_init(&cd, 4096);
        disposition(&cd, name);
        http_resp_type(c->resp, "application/octet-stream");
        http_resp_header(c->resp, "Content-Disposition", buf_cstr(&cd));
        buf_free(&cd);
        st_evidence_free(&ev);
}

void page_evidence_download(web_ctx *c, char **p)
{
        evidence_file(c, p[0]);
}

void api_evidence_file(web_ctx *c, char **p)
{
        evidence_file(c, p[0]);
}
