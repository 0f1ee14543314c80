/*
 * Audit entries as sentences for people ("Rina Wulandari (BAPPEDA)
 * menaikkan tingkat indikator 5 dari 2 ke 3"), and actors by name instead
 * of "web:bpkad".  The raw entry stays available to the auditor beside
 * the sentence.  Sentences are built from translated fragments in the
 * order subject, verb phrase, object, which Indonesian and English share.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "web/web.h"

/* Copies b's text into the request arena ("" when out of memory). */
static const char *arena_buf(web_ctx *c, const buf *b)
{
        size_t n = b->data ? b->len : 0;
        char *s = http_req_alloc(c->req, n + 1);

        if (!s)
                return "";
        if (n)
                memcpy(s, b->data, n);
        s[n] = '\0';
        return s;
}

const char *web_actor_name(web_ctx *c, const char *actor)
{
        st_user u;
        buf b;
        const char *out;

        if (!actor || !actor[0] || strcmp(actor, "system") == 0)
                return web_t(c, "Sistem");
        buf_init(&b, 512);
        if (strncmp(actor, "web:", 4) == 0 && store_user_get(c->st, actor + 4, &u) == STORE_OK) {
                buf_puts(&b, u.name);
                if (u.opd_code)
                        buf_printf(&b, " (%s)", u.opd_code);
                st_user_free(&u);
        } else if (strncmp(actor, "cli:", 4) == 0) {
                buf_printf(&b, "%s (%s)", actor + 4, web_t(c, "baris perintah"));
        } else {
                buf_puts(&b, strncmp(actor, "web:", 4) == 0 ? actor + 4 : actor);
        }
        out = arena_buf(c, &b);
        buf_free(&b);
        return out;
}

/* The level in an entry's JSON object (before or after), -1 when none. */
static int level_of(const json_t *o)
{
        json_t *v = json_object_get(o, "level");

        return json_is_integer(v) ? (int)json_integer_value(v) : -1;
}

/* True when the entry changes key (present in after and different). */
static bool changed(const json_t *before, const json_t *after, const char *key)
{
        json_t *a = json_object_get(after, key), *b = json_object_get(before, key);

        return a && !json_equal(a, b ? b : json_null());
}

static const struct {
        const char *action, *verb;
} verbs[] = {
    {"assessment.submit", "mengajukan indikator"},
    {"assessment.verify", "memverifikasi indikator"},
    {"assessment.return", "mengembalikan indikator"},
    {"assessment.finalize", "memfinalkan indikator"},
    {"assessment.reopen", "membuka kembali indikator"},
    {"assessment.draft", "mengembalikan ke draf indikator"},
    {"assign.set", "menugaskan indikator"},
    {"assign.delete", "menghapus penugasan indikator"},
    {"assign.team", "mengatur penanggung jawab dan tim indikator"},
    {"evidence.link", "menautkan bukti ke indikator"},
    {"evidence.unlink", "melepas bukti dari indikator"},
    {"evidence.review", "mereviu bukti indikator"},
};

const char *web_audit_sentence(web_ctx *c, const st_audit *e, const char *who,
                               const char *indicator)
{
        json_t *before = e->before ? json_loads(e->before, 0, NULL) : NULL;
        json_t *after = e->after ? json_loads(e->after, 0, NULL) : NULL;
        bool en = strcmp(c->lang, "en") == 0; /* "dari" is "of" elsewhere */
        const char *out;
        buf b;

        buf_init(&b, 2048);
        buf_puts(&b, who);
        if (strcmp(e->action, "assessment.set") == 0) {
                int from = level_of(before), to = level_of(after);
                bool first = true;

                if (changed(before, after, "level") && to >= 0) {
                        if (from < 0)
                                buf_printf(&b, " %s %s: %d",
                                           web_t(c, "menetapkan tingkat indikator"), indicator, to);
                        else
                                buf_printf(&b, " %s %s %s %d %s %d",
                                           web_t(c, to > from ? "menaikkan tingkat indikator"
                                                              : "menurunkan tingkat indikator"),
                                           indicator, en ? "from" : "dari", from, en ? "to" : "ke",
                                           to);
                        first = false;
                } else if (changed(before, after, "level")) {
                        buf_printf(&b, " %s %s", web_t(c, "mengosongkan tingkat indikator"),
                                   indicator);
                        first = false;
                }
                if (changed(before, after, "fakta") || changed(before, after, "analisis")) {
                        const char *what =
                            changed(before, after, "fakta") && changed(before, after, "analisis")
                                ? "Fakta dan Hasil Analisis"
                            : changed(before, after, "fakta") ? "Fakta"
                                                              : "Hasil Analisis";
                        if (first)
                                buf_printf(&b, " %s %s %s %s", web_t(c, "mengubah"), web_t(c, what),
                                           web_t(c, "indikator"), indicator);
                        else
                                buf_printf(&b, "; %s %s", web_t(c, "mengubah"), web_t(c, what));
                        first = false;
                }
                if (first)
                        buf_printf(&b, " %s %s", web_t(c, "menyimpan indikator"), indicator);
        } else if (strcmp(e->action, "assessor.set") == 0) {
                int to = (int)json_integer_value(json_object_get(after, "assessor_level"));

                buf_printf(&b, " %s %s", web_t(c, "mencatat tingkat asesor indikator"), indicator);
                if (changed(before, after, "assessor_level") && to > 0)
                        buf_printf(&b, ": %d", to);
        } else if (strcmp(e->action, "external.set") == 0) {
                const char *v = json_string_value(json_object_get(after, "nilai"));
                json_t *lv = json_object_get(after, "tingkat_konversi");

                buf_printf(&b, " %s %s", web_t(c, "mencatat nilai eksternal indikator"), indicator);
                if (v) {
                        buf_printf(&b, ": %s", web_decimal(c, v));
                        if (json_is_integer(lv) && json_integer_value(lv) >= 0)
                                buf_printf(&b, " \xE2\x86\x92 %s %d", web_t(c, "tingkat"),
                                           (int)json_integer_value(lv));
                }
        } else {
                size_t i;

                for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
                        if (strcmp(e->action, verbs[i].action) == 0)
                                break;
                if (i < sizeof(verbs) / sizeof(verbs[0]))
                        buf_printf(&b, " %s %s", web_t(c, verbs[i].verb), indicator);
                else
                        buf_printf(&b, ": %s", e->action);
        }
        json_decref(before);
        json_decref(after);
        out = arena_buf(c, &b);
        buf_free(&b);
        return out;
}
