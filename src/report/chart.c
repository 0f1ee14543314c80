/*
 * chart: the model (chart_new and the adders) and the small text helpers
 * the layout and the outputs share; chart_int.h says where the rest lives.
 */
#include "report/chart.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"
#include "core/perm.h"
#include "report/chart_int.h"

_Static_assert(ASSESS_DRAFT == 0 && ASSESS_FINAL == CHART_NSTATUS - 1,
               "progress counts are indexed by assess_status");
_Static_assert(CHART_TEXT_FINAL - CHART_TEXT_DRAFT == CHART_NSTATUS - 1,
               "status texts follow assess_status");

/* ---- the model ---- */

static const char *const default_text[CHART_TEXT_COUNT] = {
    [CHART_TEXT_CATEGORY] = "",
    [CHART_TEXT_VALUE] = "Indeks",
    [CHART_TEXT_TARGET] = "Target",
    [CHART_TEXT_NONE] = "belum ada nilai",
    [CHART_TEXT_UNFILLED] = "Belum diisi",
    [CHART_TEXT_LEVEL] = "Level",
    [CHART_TEXT_INDICATOR] = "Indikator",
    [CHART_TEXT_TOTAL] = "Jumlah",
    [CHART_TEXT_DRAFT] = "Draf",
    [CHART_TEXT_SUBMITTED] = "Diajukan",
    [CHART_TEXT_RETURNED] = "Dikembalikan",
    [CHART_TEXT_VERIFIED] = "Terverifikasi",
    [CHART_TEXT_FINAL] = "Final",
    [CHART_TEXT_FRAMEWORK] = "Kerangka",
};

static const char *const default_category[] = {"Domain", "Aspek", "Tahun", "Perangkat Daerah"};

/* The shown text for key: the one set, or the default.  Borrowed. */
const char *chart_txt(const chart *c, chart_text key)
{
        if (c->text[key])
                return c->text[key];
        if (key == CHART_TEXT_CATEGORY)
                return default_category[c->kind];
        return default_text[key];
}

/* True when s is a label we accept: valid text of 0..CHART_MAX_TEXT bytes. */
static int text_ok(const char *s)
{
        size_t n;

        if (!s)
                return 0;
        n = strnlen(s, CHART_MAX_TEXT + 1);
        return n <= CHART_MAX_TEXT && utf8_text_valid(s, n);
}

static int value_ok(int v)
{
        return v == CHART_NONE || (v >= 0 && v <= 500);
}

chart *chart_new(chart_kind kind, const char *title)
{
        chart *c;

        if ((int)kind < CHART_BARS || kind > CHART_PROGRESS || !text_ok(title))
                return NULL;
        c = mem_calloc(1, sizeof(*c));
        if (!c)
                return NULL;
        c->kind = kind;
        c->target = CHART_NONE;
        memcpy(c->id, "chart", 6);
        c->title = mem_strdup(title);
        if (!c->title) {
                mem_free(c);
                return NULL;
        }
        return c;
}

void chart_free(chart *c)
{
        if (!c)
                return;
        for (size_t i = 0; i < c->nitems; i++) {
                mem_free(c->items[i].label);
                mem_free(c->items[i].framework);
        }
        for (size_t i = 0; i < c->ncells; i++)
                mem_free(c->cells[i].code);
        for (size_t i = 0; i < c->nbands; i++)
                mem_free(c->bands[i].name);
        for (int k = 0; k < CHART_TEXT_COUNT; k++)
                mem_free(c->text[k]);
        mem_free(c->items);
        mem_free(c->cells);
        mem_free(c->bands);
        mem_free(c->title);
        mem_free(c);
}

bool chart_id_ok(const char *id, size_t cap)
{
        size_t n;

        if (!id)
                return false;
        n = strnlen(id, cap);
        if (n == 0 || n >= cap)
                return false;
        if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= 'A' && id[0] <= 'Z')))
                return false;
        for (size_t i = 0; i < n; i++) {
                char ch = id[i];

                if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
                        return false;
        }
        return true;
}

int chart_set_id(chart *c, const char *id)
{
        if (!c || !chart_id_ok(id, sizeof(c->id)))
                return -1;
        memcpy(c->id, id, strlen(id) + 1);
        return 0;
}

int chart_set_text(chart *c, chart_text key, const char *text)
{
        char *s;

        if (!c || (int)key < 0 || key >= CHART_TEXT_COUNT || !text_ok(text))
                return -1;
        s = mem_strdup(text);
        if (!s)
                return -1;
        mem_free(c->text[key]);
        c->text[key] = s;
        return 0;
}

/* Appends an item with a copy of label; NULL (nothing changed) when out of
 * memory or at the limit. */
static chart_item *add_item(chart *c, const char *label)
{
        chart_item *it;
        char *copy;

        if (c->nitems >= CHART_MAX_ITEMS)
                return NULL;
        if (c->nitems == c->items_cap) {
                size_t cap = c->items_cap ? c->items_cap * 2 : 8;
                chart_item *p = mem_realloc(c->items, cap * sizeof(*p));

                if (!p)
                        return NULL;
                c->items = p;
                c->items_cap = cap;
        }
        copy = mem_strdup(label);
        if (!copy)
                return NULL;
        it = &c->items[c->nitems++];
        memset(it, 0, sizeof(*it));
        it->label = copy;
        it->value = CHART_NONE;
        it->target = CHART_NONE;
        it->first_cell = c->ncells;
        return it;
}

int chart_add_bar(chart *c, const char *label, int hundredths)
{
        chart_item *it;

        if (!c || c->kind != CHART_BARS || !text_ok(label) || !value_ok(hundredths))
                return -1;
        it = add_item(c, label);
        if (!it)
                return -1;
        it->value = hundredths;
        return 0;
}

int chart_set_target(chart *c, int hundredths)
{
        if (!c || c->kind != CHART_BARS || !value_ok(hundredths))
                return -1;
        c->target = hundredths;
        return 0;
}

int chart_add_row(chart *c, const char *label)
{
        if (!c || c->kind != CHART_HEAT || !text_ok(label))
                return -1;
        return add_item(c, label) ? 0 : -1;
}

int chart_add_cell(chart *c, const char *code, int level)
{
        chart_cell *cell;
        char *copy;

        if (!c || c->kind != CHART_HEAT || c->nitems == 0 || !text_ok(code) || level < -1 ||
            level > 5 || c->ncells >= CHART_MAX_CELLS)
                return -1;
        if (c->ncells == c->cells_cap) {
                size_t cap = c->cells_cap ? c->cells_cap * 2 : 16;
                chart_cell *p = mem_realloc(c->cells, cap * sizeof(*p));

                if (!p)
                        return -1;
                c->cells = p;
                c->cells_cap = cap;
        }
        copy = mem_strdup(code);
        if (!copy)
                return -1;
        cell = &c->cells[c->ncells++];
        cell->code = copy;
        cell->level = level < 0 ? 0 : level;
        cell->filled = level >= 0;
        assert(c->items[c->nitems - 1].first_cell + c->items[c->nitems - 1].ncells ==
               c->ncells - 1);
        c->items[c->nitems - 1].ncells++;
        return 0;
}

int chart_add_point(chart *c, const char *label, int hundredths, int target)
{
        chart_item *it;

        if (!c || c->kind != CHART_TREND || !text_ok(label) || !value_ok(hundredths) ||
            !value_ok(target))
                return -1;
        it = add_item(c, label);
        if (!it)
                return -1;
        it->value = hundredths;
        it->target = target;
        return 0;
}

int chart_point_framework(chart *c, const char *name)
{
        char *copy;

        if (!c || c->kind != CHART_TREND || c->nitems == 0 || !text_ok(name))
                return -1;
        copy = mem_strdup(name);
        if (!copy)
                return -1;
        mem_free(c->items[c->nitems - 1].framework);
        c->items[c->nitems - 1].framework = copy;
        return 0;
}

/* True when trend points i - 1 and i belong to different frameworks. */
int chart_framework_changes(const chart *c, size_t i)
{
        const char *a = c->items[i - 1].framework, *b = c->items[i].framework;

        if (!a || !b)
                return a != b;
        return strcmp(a, b) != 0;
}

/* True when some point names its framework. */
int chart_has_frameworks(const chart *c)
{
        for (size_t i = 0; i < c->nitems; i++)
                if (c->items[i].framework)
                        return 1;
        return 0;
}

int chart_add_band(chart *c, const char *name, int from, int to)
{
        chart_band *p;
        char *copy;

        if (!c || c->kind != CHART_TREND || !text_ok(name) || from < 0 || to > 500 || from >= to ||
            c->nbands >= CHART_MAX_BANDS)
                return -1;
        if (!c->bands) {
                c->bands = mem_calloc(CHART_MAX_BANDS, sizeof(*c->bands));
                if (!c->bands)
                        return -1;
        }
        copy = mem_strdup(name);
        if (!copy)
                return -1;
        p = &c->bands[c->nbands++];
        p->name = copy;
        p->from = from;
        p->to = to;
        return 0;
}

int chart_add_counts(chart *c, const char *label, const int counts[CHART_NSTATUS])
{
        chart_item *it;

        if (!c || c->kind != CHART_PROGRESS || !text_ok(label) || !counts)
                return -1;
        for (int s = 0; s < CHART_NSTATUS; s++)
                if (counts[s] < 0 || counts[s] > CHART_MAX_COUNT)
                        return -1;
        it = add_item(c, label);
        if (!it)
                return -1;
        memcpy(it->counts, counts, sizeof(it->counts));
        return 0;
}

/* ---- small text helpers (no allocation) ---- */

/* Appends s to the NUL-terminated out of size n, cutting at a character
 * boundary when it would not fit. */
void chart_str_add(char *out, size_t n, const char *s)
{
        size_t len = strlen(out), k = strlen(s);

        if (len + k >= n) {
                k = n - 1 - len;
                while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
                        k--;
        }
        memcpy(out + len, s, k);
        out[len + k] = '\0';
}

/* Writes hundredths as "3.05", or "3,05" for a chart with the decimal
 * comma (at least 8 bytes). */
void chart_fmt_value(const chart *c, int v, char *out, size_t n)
{
        if (num_format_fixed(v, 2, 2, out, n) < 0)
                out[0] = '\0';
        for (char *q = out; c->comma && *q; q++)
                if (*q == '.')
                        *q = ',';
}

void chart_set_decimal_comma(chart *c, bool on)
{
        c->comma = on;
}

/* Writes a non-negative integer in decimal. */
void chart_fmt_int(int v, char *out, size_t n)
{
        if (num_format_fixed(v, 0, 0, out, n) < 0)
                out[0] = '\0';
}

/* The estimated width of s[0..n) at the font size: 0.60 em per character,
 * 0.66 em bold, wide enough for Noto Sans and DejaVu Sans in practice.  The
 * layout uses only this estimate so that both back ends agree. */
int chart_text_width(const char *s, size_t n, int size, int bold)
{
        size_t chars = 0;

        for (size_t i = 0; i < n; i++)
                if (((unsigned char)s[i] & 0xC0) != 0x80)
                        chars++;
        return (int)((chars * (size_t)size * (bold ? 66u : 60u) + 99) / 100);
}

/* The length of the longest prefix of s[0..n) (whole characters) that is at
 * most maxw wide. */
size_t chart_cut_width(const char *s, size_t n, int size, int bold, int maxw)
{
        size_t k = 0;

        while (k < n) {
                size_t next = k + 1;

                while (next < n && ((unsigned char)s[next] & 0xC0) == 0x80)
                        next++;
                if (chart_text_width(s, next, size, bold) > maxw)
                        break;
                k = next;
        }
        return k;
}

/* Copies s[0..n) into out (TEXT_MAX bytes), cut with "…" to maxw. */
void chart_fit_text(const char *s, size_t n, int size, int bold, int maxw, char *out)
{
        size_t k = n;

        if (chart_text_width(s, n, size, bold) > maxw) {
                k = chart_cut_width(s, n, size, bold,
                                    maxw - chart_text_width("\xe2\x80\xa6", 3, size, bold));
                while (k > 0 && s[k - 1] == ' ')
                        k--;
        }
        while (k > TEXT_MAX - 4 || (k < n && ((unsigned char)s[k] & 0xC0) == 0x80))
                k--;
        memcpy(out, s, k);
        out[k] = '\0';
        if (k < n)
                chart_str_add(out, TEXT_MAX, "\xe2\x80\xa6");
}
