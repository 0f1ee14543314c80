#include "report/lint_load.h"

#include <string.h>

#include "base/mem.h"

store_rc lint_set_load(store *s, int year, lint_set *out)
{
        store_rc rc;
        size_t cap;

        memset(out, 0, sizeof(*out));
        if ((rc = store_evidence_code_history(s, year, &out->hist, &out->nhist)) != STORE_OK ||
            (rc = store_evidence_links(s, year, NULL, &out->links, &out->nlinks)) != STORE_OK)
                goto fail;
        cap = out->nhist + out->nlinks;
        out->codes = mem_calloc(cap ? cap : 1, sizeof(lint_code));
        if (!out->codes) {
                rc = STORE_NOMEM;
                goto fail;
        }
        /* the links of now first: they carry the revision of their document */
        for (size_t i = 0; i < out->nlinks; i++) {
                const st_evidence_link *l = &out->links[i];

                out->codes[out->n++] =
                    (lint_code){l->code, l->indicator, l->ev.id, l->ev.replaces, true};
        }
        for (size_t i = 0; i < out->nhist; i++) {
                const st_code_ref *h = &out->hist[i];
                st_evidence ev;
                bool known = false;

                for (size_t k = 0; k < out->nlinks && !known; k++)
                        known = strcmp(out->links[k].code, h->code) == 0;
                for (size_t k = out->nlinks; k < out->n && !known; k++)
                        known = strcmp(out->codes[k].code, h->code) == 0;
                if (known)
                        continue;
                memset(&ev, 0, sizeof(ev));
                if ((rc = store_evidence_get(s, h->evidence_id, &ev)) != STORE_OK &&
                    rc != STORE_NOTFOUND)
                        goto fail;
                out->codes[out->n++] =
                    (lint_code){h->code, h->indicator, h->evidence_id, ev.replaces, false};
                st_evidence_free(&ev);
        }
        return STORE_OK;
fail:
        lint_set_free(out);
        return rc;
}

void lint_set_free(lint_set *ls)
{
        if (!ls)
                return;
        mem_free(ls->codes);
        st_code_ref_list_free(ls->hist, ls->nhist);
        st_evidence_link_list_free(ls->links, ls->nlinks);
        memset(ls, 0, sizeof(*ls));
}

size_t lint_set_check(const lint_set *ls, const char *indicator, const char *fakta,
                      const char *analisis, lint_issue *out, size_t max)
{
        size_t n = lint_text(indicator, LINT_FAKTA, fakta, ls->codes, ls->n, out, max);

        return n + lint_text(indicator, LINT_ANALISIS, analisis, ls->codes, ls->n,
                             n < max ? out + n : NULL, n < max ? max - n : 0);
}
