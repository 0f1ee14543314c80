#include "report/lint_load.h"

#include <string.h>

#include "base/mem.h"

/* Appends a code (grows the array); STORE_NOMEM when it can't. */
static store_rc push(lint_set *ls, lint_code c)
{
        if (ls->n == ls->cap) {
                size_t ncap = ls->cap ? ls->cap * 2 : 32;
                lint_code *p = mem_realloc(ls->codes, ncap * sizeof(*p));

                if (!p)
                        return STORE_NOMEM;
                ls->codes = p;
                ls->cap = ncap;
        }
        ls->codes[ls->n++] = c;
        return STORE_OK;
}

/* Reads the history and links of indicator (NULL: of the whole cycle)
 * into a new part and appends its codes: the links of now first (they
 * carry the revision of their document), then the codes given before and
 * linked no more, with the revision their document makes. */
static store_rc add_part(store *s, int year, const char *indicator, lint_set *ls)
{
        lint_part *p = &ls->parts[ls->nparts];
        size_t first = ls->n;
        store_rc rc;

        memset(p, 0, sizeof(*p));
        ls->nparts++;
        if ((rc = store_evidence_code_history(s, year, indicator, &p->hist, &p->nhist)) !=
                STORE_OK ||
            (rc = store_evidence_links(s, year, indicator, &p->links, &p->nlinks)) != STORE_OK)
                return rc;
        for (size_t i = 0; i < p->nlinks; i++) {
                const st_evidence_link *l = &p->links[i];

                if ((rc = push(ls, (lint_code){l->code, l->indicator, l->ev.id, l->ev.replaces,
                                               true})) != STORE_OK)
                        return rc;
        }
        for (size_t i = 0; i < p->nhist; i++) {
                const st_code_ref *h = &p->hist[i];
                st_evidence ev;
                bool known = false;

                for (size_t k = first; k < ls->n && !known; k++)
                        known = strcmp(ls->codes[k].code, h->code) == 0;
                if (known)
                        continue;
                memset(&ev, 0, sizeof(ev));
                if ((rc = store_evidence_get(s, h->evidence_id, &ev)) != STORE_OK &&
                    rc != STORE_NOTFOUND)
                        return rc;
                rc = push(ls,
                          (lint_code){h->code, h->indicator, h->evidence_id, ev.replaces, false});
                st_evidence_free(&ev);
                if (rc != STORE_OK)
                        return rc;
        }
        return STORE_OK;
}

store_rc lint_set_load(store *s, int year, lint_set *out)
{
        store_rc rc;

        memset(out, 0, sizeof(*out));
        if ((rc = add_part(s, year, NULL, out)) != STORE_OK)
                lint_set_free(out);
        return rc;
}

store_rc lint_set_load_for(store *s, int year, const char *indicator, const char *fakta,
                           const char *analisis, lint_set *out)
{
        char cited[2 * (LINT_PARTS - 1)][LINT_CODE_MAX + 1];
        size_t nc;
        store_rc rc;

        memset(out, 0, sizeof(*out));
        nc = lint_cited_indicators(fakta, cited, LINT_PARTS - 1);
        nc += lint_cited_indicators(analisis, cited + nc, LINT_PARTS - 1);
        if ((rc = add_part(s, year, indicator, out)) != STORE_OK)
                goto fail;
        for (size_t i = 0; i < nc && out->nparts < LINT_PARTS; i++) {
                bool seen = strcmp(cited[i], indicator) == 0;

                for (size_t k = 0; k < i && !seen; k++)
                        seen = strcmp(cited[k], cited[i]) == 0;
                if (seen)
                        continue;
                rc = add_part(s, year, cited[i], out);
                if (rc == STORE_INVALID) { /* not an indicator code: its codes are unknown */
                        out->nparts--;
                        continue;
                }
                if (rc != STORE_OK)
                        goto fail;
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
        for (size_t i = 0; i < ls->nparts; i++) {
                st_code_ref_list_free(ls->parts[i].hist, ls->parts[i].nhist);
                st_evidence_link_list_free(ls->parts[i].links, ls->parts[i].nlinks);
        }
        memset(ls, 0, sizeof(*ls));
}

size_t lint_set_check(const lint_set *ls, const char *indicator, const char *fakta,
                      const char *analisis, lint_issue *out, size_t max)
{
        size_t n = lint_text(indicator, LINT_FAKTA, fakta, ls->codes, ls->n, out, max);

        return n + lint_text(indicator, LINT_ANALISIS, analisis, ls->codes, ls->n,
                             n < max ? out + n : NULL, n < max ? max - n : 0);
}
