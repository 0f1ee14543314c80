#include "io/levels_csv.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "io/csv.h"
#include "io/table_in.h"

typedef struct ctx {
        const fw_framework *fw;
        uint8_t *levels;
        int *first_line; /* line of each indicator's row, 0 when none yet */
        bool header_seen;
        diag *d;
} ctx;

/* The field without surrounding spaces and tabs. */
static csv_field trim(csv_field f)
{
        while (f.n && (f.p[0] == ' ' || f.p[0] == '\t')) {
                f.p++;
                f.n--;
        }
        while (f.n && (f.p[f.n - 1] == ' ' || f.p[f.n - 1] == '\t'))
                f.n--;
        return f;
}

static bool field_is(csv_field f, const char *name)
{
        f = trim(f);
        return f.n == strlen(name) && strncasecmp(f.p, name, f.n) == 0;
}

static bool too_many(const ctx *c)
{
        return c->d->errors >= LEVELS_CSV_MAX_ERRORS;
}

/* One CSV record: the header first, then indicator rows. */
static int on_record(void *p, int line, const csv_field *f, size_t nf)
{
        ctx *c = p;
        csv_field code, lv;
        char shown[64];
        int64_t level;
        int idx;

        if (!c->header_seen) {
                c->header_seen = true;
                if (nf != 2 || !field_is(f[0], "indicator") || !field_is(f[1], "level")) {
                        diag_add(c->d, DIAG_ERROR, line,
                                 "header harus \"indicator,level\" (kode indikator, tingkat %d-%d)",
                                 fw_level_min(c->fw), fw_level_max(c->fw));
                        return -1;
                }
                return 0;
        }
        if (nf != 2) {
                diag_add(c->d, DIAG_ERROR, line, "baris harus berisi 2 kolom, bukan %zu", nf);
                return too_many(c) ? -1 : 0;
        }
        code = trim(f[0]);
        lv = trim(f[1]);
        idx = fw_find_indicator(c->fw, code.p, code.n);
        if (idx < 0) {
                table_in_show(code, shown, sizeof(shown));
                diag_add(c->d, DIAG_ERROR, line, "indikator \"%s\" tidak ada dalam kerangka %s",
                         shown, c->fw->id);
                return too_many(c) ? -1 : 0;
        }
        if (num_parse_int(lv.p, lv.n, fw_level_min(c->fw), fw_level_max(c->fw), &level) != 0) {
                table_in_show(lv, shown, sizeof(shown));
                diag_add(c->d, DIAG_ERROR, line,
                         "tingkat \"%s\" untuk indikator %s tidak sah: harus bilangan bulat %d-%d",
                         shown, c->fw->indicators[idx].code, fw_level_min(c->fw),
                         fw_level_max(c->fw));
                return too_many(c) ? -1 : 0;
        }
        if (c->first_line[idx]) {
                diag_add(c->d, DIAG_ERROR, line, "indikator %s muncul dua kali (baris %d dan %d)",
                         c->fw->indicators[idx].code, c->first_line[idx], line);
                return too_many(c) ? -1 : 0;
        }
        c->first_line[idx] = line;
        c->levels[idx] = (uint8_t)level;
        return 0;
}

int levels_csv_parse(const fw_framework *fw, const char *text, size_t len, bool allow_incomplete,
                     uint8_t *levels, diag *d)
{
        ctx c = {fw, levels, NULL, false, d};
        size_t errors_before = d->errors;
        int rc = -1;

        memset(levels, fw_level_none(fw), fw->nindicators);
        c.first_line = mem_calloc(fw->nindicators ? fw->nindicators : 1, sizeof(int));
        if (!c.first_line) {
                diag_add(d, DIAG_ERROR, 0, "memori habis");
                goto out;
        }
        if (csv_parse(text, len, on_record, &c, d) != 0 && d->errors == errors_before)
                diag_add(d, DIAG_ERROR, 0, "berkas CSV tidak dapat dibaca");
        if (!c.header_seen && d->errors == errors_before)
                diag_add(d, DIAG_ERROR, 1, "berkas kosong: header \"indicator,level\" tidak ada");
        if (d->errors == errors_before && !allow_incomplete) {
                buf missing;
                size_t count = 0;

                buf_init(&missing, 1 << 16);
                for (size_t i = 0; i < fw->nindicators; i++) {
                        if (!fw_level_is_none(fw, levels[i]))
                                continue;
                        buf_printf(&missing, "%s%s", count ? ", " : "", fw->indicators[i].code);
                        count++;
                }
                if (count)
                        diag_add(d, DIAG_ERROR, 0,
                                 "%zu indikator belum diisi: %s (pakai --allow-incomplete untuk "
                                 "indeks sementara)",
                                 count, buf_cstr(&missing));
                buf_free(&missing);
        }
        rc = d->errors == errors_before ? 0 : -1;
out:
        mem_free(c.first_line);
        return rc;
}
