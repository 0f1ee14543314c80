/*
 * Fuzz target for the framework reader: any bytes go to fw_io_parse; a
 * framework that parses is written back as YAML, which must parse again to
 * an equal model, and exported as JSON.  Any failed check aborts, which
 * libFuzzer (or the replay test) reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "core/framework.h"
#include "io/fw_io.h"

/* Aborts with a message when cond is false. */
static void check(int cond, const char *what)
{
        if (!cond) {
                fprintf(stderr, "fuzz_framework: check failed: %s\n", what);
                abort();
        }
}

/* True when both strings are NULL or equal. */
static int same(const char *a, const char *b)
{
        return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Aborts unless a and b hold the same framework (lines aside). */
static void check_equal(const fw_framework *a, const fw_framework *b)
{
        check(same(a->id, b->id) && a->version == b->version && same(a->title, b->title) &&
                  same(a->regulation, b->regulation) && same(a->index_name, b->index_name),
              "header");
        check(a->ndomains == b->ndomains && a->naspects == b->naspects &&
                  a->nfamilies == b->nfamilies && a->nindicators == b->nindicators &&
                  a->nbands == b->nbands,
              "counts");
        for (size_t i = 0; i < a->ndomains; i++)
                check(same(a->domains[i].code, b->domains[i].code) &&
                          same(a->domains[i].name, b->domains[i].name) &&
                          a->domains[i].weight == b->domains[i].weight,
                      "domain");
        for (size_t i = 0; i < a->naspects; i++)
                check(same(a->aspects[i].code, b->aspects[i].code) &&
                          same(a->aspects[i].name, b->aspects[i].name) &&
                          a->aspects[i].weight == b->aspects[i].weight &&
                          a->aspects[i].domain == b->aspects[i].domain,
                      "aspect");
        for (size_t i = 0; i < a->nfamilies; i++) {
                check(same(a->families[i].id, b->families[i].id), "family id");
                for (int l = 0; l < FW_LEVELS; l++)
                        check(same(a->families[i].levels[l], b->families[i].levels[l]),
                              "level name");
        }
        for (size_t i = 0; i < a->nindicators; i++) {
                const fw_indicator *x = &a->indicators[i], *y = &b->indicators[i];

                check(same(x->code, y->code) && same(x->name, y->name) && x->weight == y->weight &&
                          x->aspect == y->aspect && x->family == y->family &&
                          x->external == y->external,
                      "indicator");
                for (int l = 0; l < FW_LEVELS; l++)
                        check(same(x->criteria[l], y->criteria[l]), "criteria");
        }
        for (size_t i = 0; i < a->nbands; i++)
                check(a->bands[i].min == b->bands[i].min && a->bands[i].max == b->bands[i].max &&
                          same(a->bands[i].name, b->bands[i].name) &&
                          same(a->bands[i].label, b->bands[i].label),
                      "band");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        fw_framework *fw = NULL, *back = NULL;
        diag d, d2;
        buf out;
        json_t *j;

        diag_init(&d, NULL);
        diag_init(&d2, NULL);
        buf_init(&out, 0);
        if (fw_io_parse((const char *)data, size, &d, &fw) != 0) {
                check(fw == NULL && d.errors > 0, "failure without an error");
                goto out;
        }
        check(fw != NULL && d.errors == 0, "success with an error");
        check(fw_io_write_yaml(fw, &out) == 0, "write");
        if (fw_io_parse(out.data, out.len, &d2, &back) != 0) {
                buf msgs;

                buf_init(&msgs, 0);
                diag_render(&d2, &msgs);
                fprintf(stderr, "%s\n--- written:\n%s\n", buf_cstr(&msgs), buf_cstr(&out));
                buf_free(&msgs);
                check(0, "reparse of written YAML");
        }
        check_equal(fw, back);
        j = fw_io_to_json(fw);
        check(j != NULL, "json");
        json_decref(j);
        for (int h = FW_INDEX_MIN; h <= FW_INDEX_MAX; h++)
                check(fw_band_for(fw, h) != NULL, "band coverage");
out:
        fw_free(back);
        fw_free(fw);
        buf_free(&out);
        diag_free(&d2);
        diag_free(&d);
        return 0;
}
