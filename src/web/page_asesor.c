/*
 * The indicator page's asesor section (issue 9): the asesor's own level
 * and note beside the claim, compared with it; the evidence codes the
 * justification cites that are replaced, unlinked, another indicator's or
 * unknown (core/lint.h), also among the warnings before submitting; and
 * why verifying is refused while a document is marked revisi.
 */
#include <stdio.h>
#include <string.h>

#include "base/limit.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"
#include "report/lint_load.h"
#include "web/web.h"

#define LINT_SHOWN 30 /* issues listed on the page */

/* One lint issue in the user's language. */
static json_t *lint_json(web_ctx *c, const lint_issue *is)
{
        const char *tail = is->kind == LINT_REPLACED ? is->suggest
                           : is->kind == LINT_OTHER  ? is->other
                                                     : NULL;
        char msg[400];

        snprintf(msg, sizeof(msg), "%s: %s %s%s%s.", web_t(c, lint_field_name(is->field)), is->code,
                 web_t(c, lint_phrase(is->kind)), tail ? " " : "", tail ? tail : "");
        return json_string(msg);
}

void web_asesor_extras(web_ctx *c, const st_cycle *cycle, const fw_framework *fw, int idx,
                       const perm_scope *scope, const st_assessment *a, json_t *data)
{
        const fw_indicator *ind = &fw->indicators[idx];
        const char *code = ind->code;
        st_assessor *al = NULL;
        size_t nal = 0;
        const st_assessor *mine = NULL;
        lint_set ls;
        lint_issue issues[LINT_SHOWN];
        size_t nis = 0;
        json_t *lint = json_array(), *warn = json_object_get(data, "warnings");
        bool editing = perm_allows(c->user.role, ACT_EDIT_ASSESSMENT, scope) &&
                       (scope->status == ASSESS_DRAFT || scope->status == ASSESS_RETURNED);

        /* the codes the justification cites */
        if (lint_set_load_for(c->st, cycle->year, code, a->fakta, a->analisis, &ls) == STORE_OK) {
                nis = lint_set_check(&ls, code, a->fakta, a->analisis, issues, LINT_SHOWN);
                for (size_t i = 0; i < nis && i < LINT_SHOWN; i++) {
                        json_array_append_new(lint, lint_json(c, &issues[i]));
                        if (editing && json_is_array(warn))
                                json_array_append_new(warn, lint_json(c, &issues[i]));
                }
                /* documents under revision: verifying waits for them */
                if (perm_allows(c->user.role, ACT_VERIFY, scope)) {
                        char codes[600] = "";

                        const lint_part *own = &ls.parts[0]; /* this indicator's */

                        for (size_t i = 0; i < own->nlinks; i++) {
                                size_t used = strlen(codes);

                                if (own->links[i].review != REVIEW_REVISE ||
                                    used + strlen(own->links[i].code) + 8 >= sizeof(codes))
                                        continue;
                                snprintf(codes + used, sizeof(codes) - used, "%s%s",
                                         used ? ", " : "", own->links[i].code);
                        }
                        if (codes[0])
                                json_object_set_new(data, "revisi_codes", json_string(codes));
                }
                lint_set_free(&ls);
        }
        json_object_set_new(data, "lint", lint);
        /* the asesor's level beside the claim */
        if (store_assessor_list(c->st, cycle->year, &al, &nal) == STORE_OK)
                for (size_t i = 0; i < nal && !mine; i++)
                        if (strcmp(al[i].indicator, code) == 0)
                                mine = &al[i];
        if (mine) {
                bool has = a->level != ASSESS_NO_LEVEL;
                int d = has ? a->level - mine->level : 0;

                json_object_set_new(
                    data, "asesor",
                    json_pack("{s:i, s:s, s:s*, s:s, s:s*, s:b, s:b, s:b, s:i, s:i}", "level",
                              mine->level, "level_name",
                              fw_level_name(fw, ind->family, mine->level), "note", mine->note, "by",
                              mine->by, "at", web_date(c, mine->at), "over", has && d > 0, "under",
                              has && d < 0, "same", has && d == 0, "diff", d, "diff_abs",
                              d < 0 ? -d : d));
        }
        if (perm_allows(c->user.role, ACT_ASSESSOR_LEVEL, scope)) {
                json_t *choices = json_array();

                for (int l = fw_level_min(fw); l <= fw_level_max(fw); l++)
                        json_array_append_new(choices,
                                              json_pack("{s:i, s:s*, s:b}", "level", l, "name",
                                                        fw_level_name(fw, ind->family, l),
                                                        "checked", mine && mine->level == l));
                json_object_set_new(
                    data, "asesor_form",
                    json_pack("{s:o, s:s*}", "choices", choices, "note", mine ? mine->note : NULL));
        }
        json_object_set_new(data, "show_asesor",
                            json_boolean(mine || json_object_get(data, "asesor_form") ||
                                         json_array_size(lint) ||
                                         json_object_get(data, "revisi_codes")));
        st_assessor_list_free(al, nal);
}

void page_asesor_save(web_ctx *c, char **p)
{
        const char *lv = http_req_form(c->req, "asesor_level");
        const char *note = http_req_form(c->req, "asesor_note");
        const fw_framework *fw;
        st_actor who = web_actor(c);
        perm_scope scope;
        st_cycle cycle;
        int64_t level = 0;
        int year, idx;
        store_rc rc;
        char loc[200];

        if (!web_year(c, p[0], &year) || !web_csrf_ok(c) || !web_cycle(c, year, &cycle, &fw, NULL))
                return;
        idx = fw_find_indicator(fw, p[1], strlen(p[1]));
        if (idx < 0) {
                st_cycle_free(&cycle);
                web_fail(c, 404, "Indikator tidak ditemukan.");
                return;
        }
        web_scope(c, &cycle, fw->indicators[idx].code, &scope);
        st_cycle_free(&cycle);
        if (!web_allow(c, ACT_ASSESSOR_LEVEL, &scope))
                return;
        if (!lv || num_parse_int(lv, strlen(lv), fw_level_min(fw), fw_level_max(fw), &level) != 0) {
                web_fail(c, 400,
                         fw_level_min(fw) == 0 ? "Pilih tingkat asesor 0 sampai 5."
                                               : "Pilih tingkat asesor 1 sampai 5.");
                return;
        }
        if (note && (strlen(note) > LIMIT_NOTE_BYTES || !utf8_text_valid(note, strlen(note)))) {
                web_fail(c, 400, "Catatan asesor paling panjang 4.000 karakter.");
                return;
        }
        rc = store_assessor_set_as(c->st, &who, year, fw->indicators[idx].code,
                                   fw->indicators[idx].external, (int)level,
                                   note && note[0] ? note : NULL, &scope);
        if (rc == STORE_DENIED) {
                web_allow(c, ACT_ASSESSOR_LEVEL, &scope);
                return;
        }
        if (rc != STORE_OK) {
                web_store_fail(c, rc);
                return;
        }
        snprintf(loc, sizeof(loc), "/siklus/%d/indikator/%s?ok=tersimpan#asesor", year,
                 fw->indicators[idx].code);
        web_redirect(c, loc);
}
