/*
 * Evidence (upload, reuse, review, download) and the review workflow of an
 * indicator: submit, return with a note, verify.
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

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"
#include "core/workflow.h"
#include "io/docvalid.h"
#include "io/filetype.h"
#include "store/blobs.h"
#include "web/form.h"
#include "web/web.h"

#define MAX_FILES  20
#define REUSE_PAGE 20 /* documents offered for reuse per page */
#define EV_PAGE    25 /* an indicator's own documents per page */

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
        part->w = blob_writer_new(web_data_dir(app), web_max_upload(app), err, sizeof(err));
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
static bool load_indicator(web_ctx *c, const char *ys, const char *code, int *year, st_cycle *cycle,
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

/* May the user change this indicator's evidence and justification? */
static bool may_edit(web_ctx *c, const perm_scope *scope)
{
        return perm_allows(c->user.role, ACT_EDIT_ASSESSMENT, scope);
}

/* May the user review (diterima / revisi) this indicator's evidence? */
static bool may_review(web_ctx *c, const perm_scope *scope)
{
        return perm_allows(c->user.role, ACT_REVIEW_EVIDENCE, scope);
}

/* May the user download the document id (ACT_VIEW_EVIDENCE)? */
static bool may_read(web_ctx *c, int64_t id)
{
        perm_scope sc;

        memset(&sc, 0, sizeof(sc));
        sc.user_opd = c->user.opd_id;
        if (store_evidence_visible_to(c->st, id, c->user.id, c->user.opd_id, &sc.evidence_own) !=
            STORE_OK)
                sc.evidence_own = false;
        return perm_allows(c->user.role, ACT_VIEW_EVIDENCE, &sc);
}

/* May the user link the document id to an indicator it may edit?  A link
 * lets the indicator's OPD download the document, so a user may link only
 * the documents it may download already. */
static bool may_reuse(web_ctx *c, int64_t id)
{
        return may_read(c, id);
}

/* Answers a refusal of the store's guard (STORE_DENIED) as web_allow does
 * with the scope the guard read, any other failure as web_store_fail. */
static void guard_fail(web_ctx *c, store_rc rc, perm_action act, const perm_scope *scope)
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
        json_t *items;
        store_rc rc;
        st_assessment a;
        st_actor who = web_actor(c);
        char loc[200];

        if (!lv && !combined)
                lv = http_req_form(c->req, "level");
        if (!c->api && !web_csrf_ok(c))
                return;
        if (!load_indicator(c, p[0], p[1], &year, &cycle, &fw, &idx, &scope))
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
        if (claim && claim[0] && fw_level_parse(fw, claim, &claim_level) != 0) {
                web_fail_field(c, 400, "level", web_level_range_msg(fw));
                return;
        }
        if (combined && ((fakta && (!utf8_text_valid(fakta, strlen(fakta)) ||
                                    utf8_length(fakta, strlen(fakta)) > WEB_MAX_TEXT)) ||
                         (analisis && (!utf8_text_valid(analisis, strlen(analisis)) ||
                                       utf8_length(analisis, strlen(analisis)) > WEB_MAX_TEXT)))) {
                web_fail_field(c, 400,
                               fakta && utf8_text_valid(fakta, strlen(fakta)) &&
                                       utf8_length(fakta, strlen(fakta)) <= WEB_MAX_TEXT
                                   ? "analisis"
                                   : "fakta",
                               "Teks memuat karakter yang tidak sah atau terlalu panjang (paling "
                               "banyak 20.000 karakter).");
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
        /* Every file must be of an allowed type before anything is kept. */
        for (size_t i = 0; i < nfiles; i++) {
                size_t hn;
                const unsigned char *head = blob_writer_head(files[i]->w, &hn);
                char found[128], msg[512];

                mimes[i] = filetype_allowed(head, hn, found, sizeof(found));
                if (!mimes[i]) {
                        snprintf(msg, sizeof(msg),
                                 "%s: jenis berkas tidak diterima (%s). Yang diterima: PDF, PNG, "
                                 "JPEG, DOCX, XLSX, PPTX, ODT, ODS.",
                                 names[i] ? names[i] : "berkas", found[0] ? found : "?");
                        web_fail_field(c, 415, "file", msg);
                        return;
                }
        }
        /* ...and must open whole as that type (a "%PDF-" in front of HTML
         * passes the first bytes only). */
        for (size_t i = 0; i < nfiles; i++) {
                docvalid_result v = docvalid_file(blob_writer_path(files[i]->w), mimes[i]);
                char msg[512];

                if (v == DOCVALID_OK)
                        continue;
                if (v == DOCVALID_ERROR) {
                        web_fail(c, 503,
                                 "Berkas tidak dapat diperiksa saat ini. Coba lagi sebentar lagi.");
                        return;
                }
                snprintf(msg, sizeof(msg),
                         "%s: berkas tidak dapat dibuka sebagai %s (rusak, terpotong, terkunci "
                         "sandi, atau isinya bukan %s). Unggah berkas aslinya. Yang diterima: "
                         "PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT, ODS.",
                         names[i] ? names[i] : "berkas", filetype_label(mimes[i]),
                         filetype_label(mimes[i]));
                web_fail_field(c, 415, "file", msg);
                return;
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
                guard_fail(c, rc, ACT_EDIT_ASSESSMENT, &scope);
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
        if (!may_read(c, id)) {
                /* as if it did not exist: whether another OPD has such a
                 * document is not the user's to learn */
                st_evidence_free(&ev);
                web_fail(c, 404, "Bukti tidak ditemukan.");
                return;
        }
        if (blob_path(web_data_dir(c->app), ev.sha256, path, sizeof(path)) != 0 ||
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

/* ---- Reuse, unlink, confirm, review -------------------------------------- */

static void back_to(web_ctx *c, int year, const char *code, const char *ok)
{
        char loc[200];

        snprintf(loc, sizeof(loc), "/siklus/%d/indikator/%s?ok=%s#bukti", year, code, ok);
        web_redirect(c, loc);
}

void page_evidence_link(web_ctx *c, char **p)
{
        int year, idx;
        st_cycle cycle;
        const fw_framework *fw;
        perm_scope scope;
        const char *es = http_req_form(c->req, "evidence");
        const char *lv = http_req_form(c->req, "level");
        int64_t id, level;
        char *code = NULL;
        st_actor who = web_actor(c);
        store_rc rc;

        if (!web_csrf_ok(c) || !load_indicator(c, p[0], p[1], &year, &cycle, &fw, &idx, &scope))
                return;
        st_cycle_free(&cycle);
        if (!web_allow(c, ACT_EDIT_ASSESSMENT, &scope))
                return;
        if (!es || num_parse_int(es, strlen(es), 1, INT64_MAX, &id) != 0 || !lv ||
            num_parse_int(lv, strlen(lv), 1, FW_LEVELS, &level) != 0) {
                web_fail(c, 400, "Pilih bukti dan tingkat yang didukungnya.");
                return;
        }
        if (!may_reuse(c, id)) {
                web_fail(c, 403, "Anda tidak berwenang untuk tindakan ini.");
                return;
        }
        rc = store_begin(c->st);
        if (rc == STORE_OK)
                rc = store_guard(c->st, &who, ACT_EDIT_ASSESSMENT, year, fw->indicators[idx].code,
                                 fw->indicators[idx].external, &scope);
        if (rc == STORE_OK)
                rc = store_evidence_link(c->st, year, fw->indicators[idx].code, id, (int)level,
                                         &code);
        mem_free(code);
        if (rc == STORE_OK)
                rc = store_commit(c->st);
        if (rc != STORE_OK) {
                store_rollback(c->st);
                guard_fail(c, rc, ACT_EDIT_ASSESSMENT, &scope);
                return;
        }
        back_to(c, year, fw->indicators[idx].code, "bukti");
}

void page_evidence_action(web_ctx *c, char **p)
{
        int year, idx;
        st_cycle cycle;
        const fw_framework *fw;
        perm_scope scope;
        int64_t id;
        const char *action = p[3];
        const char *note = http_req_form(c->req, "note");
        st_actor who = web_actor(c);
        perm_action act;
        store_rc rc;

        if (!web_csrf_ok(c) || !load_indicator(c, p[0], p[1], &year, &cycle, &fw, &idx, &scope))
                return;
        st_cycle_free(&cycle);
        if (num_parse_int(p[2], strlen(p[2]), 1, INT64_MAX, &id) != 0) {
                web_fail(c, 404, "Bukti tidak ditemukan.");
                return;
        }
        if (note && (strlen(note) > 2000 || !utf8_text_valid(note, strlen(note)))) {
                web_fail(c, 400, "Catatan paling panjang 2.000 karakter.");
                return;
        }
        if (strcmp(action, "hapus") == 0 || strcmp(action, "konfirmasi") == 0) {
                act = ACT_EDIT_ASSESSMENT;
        } else if (strcmp(action, "diterima") == 0 || strcmp(action, "revisi") == 0) {
                act = ACT_REVIEW_EVIDENCE;
        } else {
                web_fail(c, 404, "Halaman tidak ditemukan.");
                return;
        }
        if (!web_allow(c, act, &scope))
                return;
        if (action[0] == 'r' && (!note || !note[0])) {
                web_fail(c, 400, "Tulis catatan: apa yang perlu direvisi pada bukti ini.");
                return;
        }
        /* checked again with the write: the state may have moved since */
        rc = store_begin(c->st);
        if (rc == STORE_OK)
                rc = store_guard(c->st, &who, act, year, fw->indicators[idx].code,
                                 fw->indicators[idx].external, &scope);
        if (rc == STORE_OK) {
                const char *code = fw->indicators[idx].code;

                if (action[0] == 'h')
                        rc = store_evidence_unlink(c->st, year, code, id);
                else if (action[0] == 'k')
                        rc = store_evidence_confirm(c->st, year, code, id);
                else
                        rc = store_evidence_review(c->st, year, code, id,
                                                   action[0] == 'r' ? REVIEW_REVISE
                                                                    : REVIEW_ACCEPTED,
                                                   note && note[0] ? note : NULL);
        }
        if (rc == STORE_OK)
                rc = store_commit(c->st);
        if (rc != STORE_OK) {
                store_rollback(c->st);
                guard_fail(c, rc, act, &scope);
                return;
        }
        back_to(c, year, fw->indicators[idx].code, "tersimpan");
}

/* ---- Workflow ------------------------------------------------------------- */

/* Moves an indicator one workflow step; answers itself.  Returns the new
 * status, or -1 after answering an error.  The permission and the status
 * the step starts from are read again in the transaction of the move. */
static int status_step(web_ctx *c, char **p, const char *stepname, const char *note)
{
        int year, idx, step, next;
        st_cycle cycle;
        const fw_framework *fw;
        perm_scope scope;
        st_actor who = web_actor(c);
        st_assess_status to = ASSESS_DRAFT;
        store_rc rc;

        if (!load_indicator(c, p[0], p[1], &year, &cycle, &fw, &idx, &scope))
                return -1;
        st_cycle_free(&cycle);
        step = stepname ? workflow_step_parse(stepname) : -1;
        if (step < 0) {
                web_fail(c, 400, "Langkah tidak dikenal: pilih submit, return atau verify.");
                return -1;
        }
        next = workflow_next(scope.status, (wf_step)step);
        if (next < 0 && !scope.cycle_closed) {
                /* No such step from this status: a conflict with the state
                 * for whoever may take this step on this indicator at
                 * another status (everyone else is refused below). */
                perm_scope other = scope;

                for (int st = ASSESS_DRAFT; st <= ASSESS_FINAL; st++) {
                        other.status = (assess_status)st;
                        if (workflow_next(other.status, (wf_step)step) >= 0 &&
                            perm_allows(c->user.role, workflow_action((wf_step)step), &other)) {
                                web_fail(c, 409,
                                         "Langkah ini tidak dapat dilakukan pada status "
                                         "indikator saat ini.");
                                return -1;
                        }
                }
        }
        if (!web_allow(c, workflow_action((wf_step)step), &scope))
                return -1;
        if (note && (strlen(note) > 2000 || !utf8_text_valid(note, strlen(note)))) {
                web_fail(c, 400, "Catatan paling panjang 2.000 karakter.");
                return -1;
        }
        if (workflow_needs_note((wf_step)step) && (!note || !note[0])) {
                web_fail(c, 400, "Tulis catatan: apa yang perlu diperbaiki sebelum diajukan lagi.");
                return -1;
        }
        rc = store_assessment_step_as(c->st, &who, year, fw->indicators[idx].code,
                                      fw->indicators[idx].external, (wf_step)step,
                                      note && note[0] ? note : NULL, &to, &scope);
        if (rc != STORE_OK) {
                guard_fail(c, rc, workflow_action((wf_step)step), &scope);
                return -1;
        }
        return (int)to;
}

void page_status(web_ctx *c, char **p)
{
        if (!web_csrf_ok(c))
                return;
        if (status_step(c, p, http_req_form(c->req, "step"), http_req_form(c->req, "note")) >= 0) {
                int64_t year = 0;
                char loc[200];

                num_parse_int(p[0], strlen(p[0]), 2000, 2100, &year);
                snprintf(loc, sizeof(loc), "/siklus/%d/indikator/%s?ok=status", (int)year, p[1]);
                web_redirect(c, loc);
        }
}

void api_indicator_status(web_ctx *c, char **p)
{
        size_t len;
        const char *text = http_req_body(c->req, &len);
        json_error_t jerr;
        json_t *body = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
        json_t *step, *note;
        int next;

        if (!body || !json_is_object(body) ||
            !json_is_string(step = json_object_get(body, "step")) ||
            ((note = json_object_get(body, "note")) && !json_is_null(note) &&
             !json_is_string(note))) {
                json_decref(body);
                web_fail(c, 400,
                         "Kirim JSON {\"step\": \"submit|return|verify\", \"note\": \"...\"}.");
                return;
        }
        next = status_step(c, p, json_string_value(step),
                           note && json_is_string(note) ? json_string_value(note) : NULL);
        json_decref(body);
        if (next >= 0)
                web_json(c, 200, json_pack("{s:s}", "status", web_status_key((assess_status)next)));
}

/* ---- The indicator page's extras ----------------------------------------- */

static const char *review_key(st_review r)
{
        return r == REVIEW_ACCEPTED ? "accepted" : r == REVIEW_REVISE ? "revise" : "none";
}

static const char *size_label(web_ctx *c, int64_t size)
{
        char *s = http_req_alloc(c->req, 32);

        if (!s)
                return "";
        if (size >= 1000 * 1000)
                snprintf(s, 32, "%.1f MB", (double)size / 1e6);
        else if (size >= 1000)
                snprintf(s, 32, "%lld KB", (long long)(size / 1000));
        else
                snprintf(s, 32, "%lld B", (long long)size);
        return s;
}

/* True when text mentions the code (case-insensitive ASCII). */
static bool mentions(const char *text, const char *code)
{
        size_t n = strlen(code);

        if (!text || !n)
                return false;
        for (const char *t = text; *t; t++) {
                size_t i = 0;

                while (i < n && t[i] && (t[i] | 0x20) == (code[i] | 0x20))
                        i++;
                if (i == n)
                        return true;
        }
        return false;
}

/* "/siklus/<year>/indikator/<code>?cari=<query>&hal=<page>#pakai", the
 * query percent-encoded; in the request's memory. */
static const char *reuse_href(web_ctx *c, int year, const char *code, const char *query, long page)
{
        buf b;
        const char *out;

        buf_init(&b, 1024);
        buf_printf(&b, "/siklus/%d/indikator/%s?", year, code);
        if (query && query[0]) {
                buf_puts(&b, "cari=");
                for (const unsigned char *q = (const unsigned char *)query; *q; q++) {
                        if ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') ||
                            (*q >= '0' && *q <= '9') || strchr("-._~", *q))
                                buf_putc(&b, (char)*q);
                        else
                                buf_printf(&b, "%%%02X", *q);
                }
                buf_putc(&b, '&');
        }
        buf_printf(&b, "hal=%ld#pakai", page);
        out = http_req_strdup(c->req, buf_cstr(&b));
        buf_free(&b);
        return out ? out : "#pakai";
}

/* The "reuse a document" part of the indicator page: one page of
 * REUSE_PAGE documents of the cycle that are not linked here yet and that
 * the user may read, searched by the GET fields cari (code, title or
 * number) and hal (page, from 1), filtered and limited in the store's
 * query (no list of the cycle's documents is ever loaded).  Sets
 * data.reuse; absent when the cycle has nothing to offer and nothing was
 * searched. */
static void reusable_page(web_ctx *c, int year, const char *code, json_t *data)
{
        const char *query = http_req_query(c->req, "cari");
        const char *hal = http_req_query(c->req, "hal");
        int64_t page = 1;
        st_evidence_query q;
        st_evidence_link *rows = NULL;
        size_t n = 0;
        perm_scope sc;
        json_t *items, *reuse;
        bool bad_query = false;

        memset(&q, 0, sizeof(q));
        if (hal && num_parse_int(hal, strlen(hal), 1, STORE_OFFSET_MAX / REUSE_PAGE, &page) != 0)
                page = 1;
        if (query && (strlen(query) > STORE_QUERY_MAX || !utf8_text_valid(query, strlen(query)) ||
                      strchr(query, '\n') || strchr(query, '\r'))) {
                bad_query = true;
                query = NULL;
        }
        /* who may read only some documents is offered only those, filtered
         * in the query (the rule of may_read) */
        memset(&sc, 0, sizeof(sc));
        sc.user_opd = c->user.opd_id;
        q.restricted = !perm_allows(c->user.role, ACT_VIEW_EVIDENCE, &sc);
        q.opd_id = c->user.opd_id;
        q.user_id = c->user.id;
        q.query = query;
        q.offset = (size_t)(page - 1) * REUSE_PAGE;
        q.limit = REUSE_PAGE + 1; /* one more: is there a next page? */
        if (store_evidence_reusable(c->st, year, code, &q, &rows, &n) != STORE_OK)
                n = 0;
        if (n == 0 && page == 1 && !(query && query[0]) && !bad_query) {
                st_evidence_link_list_free(rows, n);
                return;
        }
        items = json_array();
        for (size_t i = 0; i < n && i < REUSE_PAGE; i++)
                json_array_append_new(
                    items, json_pack("{s:I, s:s, s:s, s:s*, s:s*}", "id", (json_int_t)rows[i].ev.id,
                                     "code", rows[i].code, "title", rows[i].ev.title, "doc_number",
                                     rows[i].ev.doc_number, "doc_date", rows[i].ev.doc_date));
        reuse = json_pack("{s:o, s:s, s:i, s:b}", "items", items, "query", query ? query : "",
                          "page", (int)page, "bad_query", bad_query);
        if (page > 1)
                json_object_set_new(reuse, "prev",
                                    json_string(reuse_href(c, year, code, query, (long)page - 1)));
        if (n > REUSE_PAGE)
                json_object_set_new(reuse, "next",
                                    json_string(reuse_href(c, year, code, query, (long)page + 1)));
        json_object_set_new(data, "reuse", reuse);
        st_evidence_link_list_free(rows, n);
}

void web_indicator_extras(web_ctx *c, const st_cycle *cycle, const fw_framework *fw, int idx,
                          const perm_scope *scope, const st_assessment *a, json_t *data)
{
        const char *code = fw->indicators[idx].code;
        st_evidence_link *links = NULL;
        size_t nl = 0, unconfirmed = 0;
        bool edit = may_edit(c, scope), review = may_review(c, scope);
        bool support = false, cited = false;
        json_t *ev = json_array(), *steps = json_array(), *warn = json_array();
        json_t *hist = json_array();
        st_note *notes = NULL;
        size_t nn = 0;
        const char *revise;
        int64_t ev_page = 1, revise_id = 0;

        if (store_evidence_links(c->st, cycle->year, code, &links, &nl) != STORE_OK)
                nl = 0;
        /* the checks read every link; the table shows one page of them */
        {
                const char *hal = http_req_query(c->req, "bukti_hal");

                if (!hal ||
                    num_parse_int(hal, strlen(hal), 1, (int64_t)(nl / EV_PAGE) + 1, &ev_page) != 0)
                        ev_page = 1;
        }
        revise = http_req_query(c->req, "revisi");
        if (!revise || num_parse_int(revise, strlen(revise), 1, INT64_MAX, &revise_id) != 0)
                revise_id = 0;
        for (size_t i = 0; i < nl; i++) {
                const st_evidence_link *l = &links[i];

                support = support || (a->level != ASSESS_NO_LEVEL && l->level >= a->level);
                cited = cited || mentions(a->fakta, l->code) || mentions(a->analisis, l->code);
                unconfirmed += l->needs_confirm;
                if (edit && l->ev.id == revise_id)
                        json_object_set_new(data, "revise",
                                            json_pack("{s:I, s:s, s:s}", "id", (json_int_t)l->ev.id,
                                                      "code", l->code, "title", l->ev.title));
                if (i < (size_t)(ev_page - 1) * EV_PAGE || i >= (size_t)ev_page * EV_PAGE)
                        continue;
                json_array_append_new(
                    ev, json_pack("{s:I, s:s, s:i, s:s, s:s*, s:s*, s:s*, s:s*, s:s*, s:s, "
                                  "s:s, s:s, s:b, s:s, s:s*, s:s*}",
                                  "id", (json_int_t)l->ev.id, "ev_code", l->code, "level", l->level,
                                  "title", l->ev.title, "doc_number", l->ev.doc_number, "doc_date",
                                  l->ev.doc_date, "issuer", l->ev.issuer, "valid_until",
                                  l->ev.valid_until, "filename", l->ev.filename, "size",
                                  size_label(c, l->ev.size), "type", filetype_label(l->ev.mime),
                                  "sha", l->ev.sha256, "needs_confirm", l->needs_confirm, "review",
                                  review_key(l->review), "review_note", l->review_note, "uploader",
                                  l->ev.uploader));
                json_object_set_new(json_array_get(ev, json_array_size(ev) - 1), "sha_short",
                                    json_string(web_short_hash(c, l->ev.sha256)));
        }
        /* Documents of this cycle that could support this indicator too. */
        if (edit)
                reusable_page(c, cycle->year, code, data);
        /* What a reviewer would refuse. */
        if (edit && (scope->status == ASSESS_DRAFT || scope->status == ASSESS_RETURNED)) {
                if (a->level == ASSESS_NO_LEVEL)
                        json_array_append_new(warn,
                                              json_string(web_t(c, "Tingkat belum dipilih.")));
                else if (!support)
                        json_array_append_new(
                            warn, json_string(web_t(c, "Belum ada bukti untuk tingkat yang "
                                                       "diklaim atau yang lebih tinggi.")));
                if (nl && !cited)
                        json_array_append_new(
                            warn, json_string(web_t(c, "Fakta dan Hasil Analisis belum "
                                                       "menyebut kode bukti mana pun (mis. "
                                                       "I1-L3-01).")));
                if (!a->fakta || !a->fakta[0] || !a->analisis || !a->analisis[0])
                        json_array_append_new(
                            warn, json_string(web_t(c, "Fakta atau Hasil Analisis masih "
                                                       "kosong.")));
                if (unconfirmed)
                        json_array_append_new(
                            warn, json_string(web_t(c, "Ada bukti dari tahun lalu yang belum "
                                                       "dikonfirmasi masih berlaku.")));
                {
                        st_assessment last;

                        memset(&last, 0, sizeof(last));
                        if (a->fakta && a->fakta[0] &&
                            store_assessment_get(c->st, cycle->year - 1, code, &last) == STORE_OK &&
                            last.fakta && strcmp(last.fakta, a->fakta) == 0)
                                json_array_append_new(
                                    warn, json_string(web_t(c, "Fakta sama persis dengan "
                                                               "tahun lalu; perbarui dengan "
                                                               "keadaan tahun ini.")));
                        st_assessment_free(&last);
                }
        }
        /* The steps this user may take now. */
        for (int s = 0; s < WF_STEP_COUNT; s++) {
                if (workflow_next(scope->status, (wf_step)s) < 0 ||
                    !perm_allows(c->user.role, workflow_action((wf_step)s), scope))
                        continue;
                json_array_append_new(steps, json_pack("{s:s, s:b}", "step",
                                                       workflow_step_name((wf_step)s), "note",
                                                       workflow_needs_note((wf_step)s) != 0));
        }
        if (store_assessment_notes(c->st, cycle->year, code, &notes, &nn) == STORE_OK) {
                /* why it came back, shown on top while it is returned */
                for (size_t i = nn; scope->status == ASSESS_RETURNED && i-- > 0;) {
                        if (notes[i].to != ASSESS_RETURNED)
                                continue;
                        json_object_set_new(data, "return_note",
                                            json_pack("{s:s, s:s*, s:s*}", "actor",
                                                      web_actor_name(c, notes[i].actor), "at",
                                                      web_time(c, notes[i].at), "note",
                                                      notes[i].note));
                        break;
                }
                for (size_t i = nn; i-- > 0;)
                        json_array_append_new(
                            hist,
                            json_pack("{s:s*, s:s, s:s, s:s, s:s*}", "at", web_time(c, notes[i].at),
                                      "actor", web_actor_name(c, notes[i].actor), "from",
                                      web_status_label(c, notes[i].from), "to",
                                      web_status_label(c, notes[i].to), "note", notes[i].note));
                st_note_list_free(notes, nn);
        }
        {
                char prefix[128];
                st_audit *log = NULL;
                size_t nlog = 0;
                json_t *changes = json_array();

                snprintf(prefix, sizeof(prefix), "cycle/%d/indicator/%s", cycle->year, code);
                if (store_audit_list(c->st, prefix, 0, 0, &log, &nlog) == STORE_OK) {
                        for (size_t i = nlog; i-- > 0 && json_array_size(changes) < 50;)
                                json_array_append_new(
                                    changes,
                                    json_pack(
                                        "{s:s*, s:s, s:s, s:s, s:s, s:s}", "at",
                                        web_time(c, log[i].at), "actor", log[i].actor, "sentence",
                                        web_audit_sentence(c, &log[i],
                                                           web_actor_name(c, log[i].actor), code),
                                        "action", log[i].action, "before",
                                        log[i].before ? log[i].before : "", "after",
                                        log[i].after ? log[i].after : ""));
                        st_audit_list_free(log, nlog);
                }
                json_object_set_new(data, "changes", changes);
        }
        json_object_set_new(data, "evidence", ev);
        json_object_set_new(data, "evidence_total", json_integer((json_int_t)nl));
        if (nl > EV_PAGE) {
                char href[200];
                json_t *pager = json_pack("{s:i, s:i}", "page", (int)ev_page, "pages",
                                          (int)((nl + EV_PAGE - 1) / EV_PAGE));

                if (ev_page > 1) {
                        snprintf(href, sizeof(href), "/siklus/%d/indikator/%s?bukti_hal=%d#bukti",
                                 cycle->year, code, (int)ev_page - 1);
                        json_object_set_new(pager, "prev", json_string(href));
                }
                if ((size_t)ev_page * EV_PAGE < nl) {
                        snprintf(href, sizeof(href), "/siklus/%d/indikator/%s?bukti_hal=%d#bukti",
                                 cycle->year, code, (int)ev_page + 1);
                        json_object_set_new(pager, "next", json_string(href));
                }
                json_object_set_new(data, "evidence_pager", pager);
        }
        json_object_set_new(data, "can_upload", json_boolean(edit));
        json_object_set_new(data, "can_review", json_boolean(review));
        json_object_set_new(data, "steps", steps);
        json_object_set_new(data, "warnings", warn);
        json_object_set_new(data, "history", hist);
        json_object_set_new(data, "max_upload_mb",
                            json_integer((json_int_t)(web_max_upload(c->app) / 1000000)));
        st_evidence_link_list_free(links, nl);
}
