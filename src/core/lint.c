/*
 * lint: evidence codes cited in justifications (see lint.h).
 */
#include "core/lint.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define CHAIN_MAX 32 /* revisions followed back from a linked document */

static bool is_alnum(char c)
{
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
        return c >= '0' && c <= '9';
}

/* The length of a code at t ("I" indicator "-L" digits "-" digits, the
 * indicator of letters, digits and dots), 0 when there is none. */
static size_t code_at(const char *t)
{
        size_t i = 1, k;

        if (t[0] != 'I' && t[0] != 'i')
                return 0;
        while (is_alnum(t[i]) || t[i] == '.')
                i++;
        if (i == 1)
                return 0;
        /* the indicator part ends before "-L" */
        if (t[i] != '-' || (t[i + 1] != 'L' && t[i + 1] != 'l'))
                return 0;
        i += 2;
        for (k = i; is_digit(t[i]); i++)
                ;
        if (i == k || t[i] != '-')
                return 0;
        i++;
        for (k = i; is_digit(t[i]); i++)
                ;
        if (i == k || is_alnum(t[i]))
                return 0;
        return i;
}

static const lint_code *find_code(const lint_code *codes, size_t n, const char *c, size_t len)
{
        for (size_t i = 0; i < n; i++)
                if (strlen(codes[i].code) == len && strncasecmp(codes[i].code, c, len) == 0)
                        return &codes[i];
        return NULL;
}

static const lint_code *find_ev(const lint_code *codes, size_t n, int64_t ev)
{
        for (size_t i = 0; i < n; i++)
                if (codes[i].evidence_id == ev && codes[i].replaces)
                        return &codes[i];
        for (size_t i = 0; i < n; i++)
                if (codes[i].evidence_id == ev)
                        return &codes[i];
        return NULL;
}

/* The linked code of indicator whose document revises (directly or
 * through earlier revisions) the document ev; NULL when none. */
static const char *revision_of(const char *indicator, int64_t ev, const lint_code *codes, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                int64_t x;

                if (!codes[i].linked || strcmp(codes[i].indicator, indicator) != 0 ||
                    codes[i].evidence_id == ev)
                        continue;
                x = codes[i].replaces;
                for (int step = 0; x && step < CHAIN_MAX; step++) {
                        const lint_code *p;

                        if (x == ev)
                                return codes[i].code;
                        p = find_ev(codes, n, x);
                        x = p ? p->replaces : 0;
                }
        }
        return NULL;
}

/* True when the code (linked to the indicator) stands: the indicator's
 * current link with that code. */
static bool linked_here(const char *indicator, const lint_code *c, const lint_code *codes, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (codes[i].linked && strcasecmp(codes[i].code, c->code) == 0 &&
                    strcmp(codes[i].indicator, indicator) == 0)
                        return true;
        return false;
}

size_t lint_text(const char *indicator, lint_field field, const char *text, const lint_code *codes,
                 size_t ncodes, lint_issue *out, size_t max)
{
        size_t found = 0;

        if (!text || !indicator)
                return 0;
        for (const char *t = text; *t; t++) {
                const lint_code *c;
                lint_issue is;
                size_t len;
                bool dup = false;

                if ((t > text && (is_alnum(t[-1]) || t[-1] == '-')) || !(len = code_at(t)))
                        continue;
                if (len > LINT_CODE_MAX) {
                        t += len - 1;
                        continue;
                }
                memset(&is, 0, sizeof(is));
                is.field = field;
                memcpy(is.code, t, len);
                is.code[len] = '\0';
                t += len - 1;
                c = find_code(codes, ncodes, is.code, len);
                if (!c) {
                        is.kind = LINT_UNKNOWN;
                } else if (linked_here(indicator, c, codes, ncodes)) {
                        continue;
                } else if (strcmp(c->indicator, indicator) != 0) {
                        is.kind = LINT_OTHER;
                        is.other = c->indicator;
                } else if ((is.suggest = revision_of(indicator, c->evidence_id, codes, ncodes))) {
                        is.kind = LINT_REPLACED;
                } else {
                        is.kind = LINT_UNLINKED;
                }
                for (size_t k = 0; k < found && k < max && !dup; k++)
                        dup = strcasecmp(out[k].code, is.code) == 0;
                if (dup)
                        continue;
                if (found < max)
                        out[found] = is;
                found++;
        }
        return found;
}

size_t lint_cited_indicators(const char *text, char (*out)[LINT_CODE_MAX + 1], size_t max)
{
        size_t n = 0;

        if (!text)
                return 0;
        for (const char *t = text; *t && n < max; t++) {
                size_t len, ilen;
                bool dup = false;

                if ((t > text && (is_alnum(t[-1]) || t[-1] == '-')) || !(len = code_at(t)))
                        continue;
                /* the indicator part: after "I", up to "-L" */
                for (ilen = 1; t[ilen] != '-'; ilen++)
                        ;
                ilen--;
                if (len <= LINT_CODE_MAX) {
                        for (size_t k = 0; k < n && !dup; k++)
                                dup =
                                    strlen(out[k]) == ilen && strncasecmp(out[k], t + 1, ilen) == 0;
                        if (!dup) {
                                memcpy(out[n], t + 1, ilen);
                                out[n++][ilen] = '\0';
                        }
                }
                t += len - 1;
        }
        return n;
}

const char *lint_field_name(lint_field field)
{
        return field == LINT_ANALISIS ? "Hasil Analisis" : "Fakta";
}

const char *lint_phrase(lint_kind kind)
{
        switch (kind) {
        case LINT_REPLACED:
                return "sudah diganti revisi dokumennya; sebut kode barunya:";
        case LINT_UNLINKED:
                return "tidak lagi tertaut ke indikator ini";
        case LINT_OTHER:
                return "adalah bukti milik indikator";
        case LINT_UNKNOWN:
        default:
                return "bukan kode bukti yang dikenal di siklus ini";
        }
}

void lint_message(const lint_issue *is, char *buf, size_t n)
{
        const char *tail = is->kind == LINT_REPLACED ? is->suggest
                           : is->kind == LINT_OTHER  ? is->other
                                                     : NULL;

        if (!n)
                return;
        snprintf(buf, n, "%s: %s %s%s%s.", lint_field_name(is->field), is->code,
                 lint_phrase(is->kind), tail ? " " : "", tail ? tail : "");
}
