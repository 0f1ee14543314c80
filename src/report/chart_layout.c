/*
 * chart_layout: each kind of chart laid out on the painter, in integer
 * arithmetic on a canvas w units wide (see chart.h).
 */
#include "report/chart.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "report/chart_int.h"

/* ---- layout ---- */

#define INK      "#1d2733"
#define MUTED    "#5b6670"
#define GRID     "#dde3ea"
#define AXIS     "#9aa7b4"
#define BRAND    "#14487a"
#define TEAL     "#0e7c66"
#define TRACK    "#f1f4f7"
#define UNFILLED "#eef1f4"

static const char *const level_fill[6] = {UNFILLED,  "#c0392b", "#d97a1d",
                                          "#c9a400", "#4c9a2a", "#1f7a4d"};
/* The label colour of the better contrast on each fill. */
static const char *const level_ink[6] = {MUTED, WHITE, INK, INK, INK, WHITE};
static const char *const status_fill[CHART_NSTATUS] = {"#9aa7b4", "#2f6fb0", "#a15c00", "#1b7f3b",
                                                       "#0f3a63"};
static const char *const status_ink[CHART_NSTATUS] = {INK, WHITE, WHITE, WHITE, WHITE};
static const char *const band_fill[2] = {"#f3f6f9", "#e8eef4"};

#define PAD      12 /* outer margin */
#define FS_TITLE 16
#define FS_LABEL 13
#define FS_SMALL 12
#define FS_TINY  11
#define ROW_BAR  44  /* label line + bar + gap */
#define TREND_H  240 /* the trend's plot height and x labels */

enum { MARK_BOX = 0, MARK_OUTLINE, MARK_DASH, MARK_LINE };

typedef struct legend_item {
        int mark;
        const char *color;
        char text[TEXT_MAX];
} legend_item;

int chart_draw_title(painter *p, const char *title, int w, int after)
{
        char line[TEXT_MAX];
        const char *s = title;
        size_t n = strlen(s), k;
        int maxw = w - 2 * PAD, y = PAD + FS_TITLE;

        if (chart_text_width(s, n, FS_TITLE, 1) <= maxw) {
                pt_text(p, PAD, y, s, FS_TITLE, T_BOLD, INK);
                return y + after;
        }
        k = chart_cut_width(s, n, FS_TITLE, 1, maxw);
        for (size_t sp = k; sp > 0; sp--)
                if (s[sp] == ' ') {
                        k = sp;
                        break;
                }
        chart_fit_text(s, k, FS_TITLE, 1, maxw, line);
        pt_text(p, PAD, y, line, FS_TITLE, T_BOLD, INK);
        while (k < n && s[k] == ' ')
                k++;
        chart_fit_text(s + k, n - k, FS_TITLE, 1, maxw, line);
        pt_text(p, PAD, y + 21, line, FS_TITLE, T_BOLD, INK);
        return y + 21 + after;
}

/* The chart's title; the y below it. */
static int draw_title(const chart *c, painter *p, int w)
{
        return chart_draw_title(p, c->title, w, 14);
}

/* Draws the legend items flowing over as many lines as needed from y; the
 * y below it. */
static int draw_legend(painter *p, int w, int y, const legend_item *items, size_t n)
{
        int x = PAD;

        for (size_t i = 0; i < n; i++) {
                const legend_item *it = &items[i];
                int iw = 22 + chart_text_width(it->text, strlen(it->text), FS_SMALL, 0);

                if (x > PAD && x + iw > w - PAD) {
                        x = PAD;
                        y += 20;
                }
                switch (it->mark) {
                case MARK_BOX:
                        pt_rect(p, x + 1, y + 3, 13, 13, 2, it->color, NULL, DASH_NONE, NULL, NULL);
                        break;
                case MARK_OUTLINE:
                        pt_rect(p, x + 1, y + 3, 13, 13, 2, it->color, AXIS, DASH_SHORT, NULL,
                                NULL);
                        break;
                case MARK_DASH:
                        pt_line(p, x, y + 10, x + 16, y + 10, it->color, 2, DASH_LONG);
                        break;
                default:
                        pt_line(p, x, y + 10, x + 16, y + 10, it->color, 2, DASH_NONE);
                        pt_circle(p, x + 8, y + 10, 3, it->color, NULL, NULL, NULL);
                        break;
                }
                if (iw > w - 2 * PAD) {
                        char cut[TEXT_MAX];

                        chart_fit_text(it->text, strlen(it->text), FS_SMALL, 0, w - 2 * PAD - 22,
                                       cut);
                        pt_text(p, x + 22, y + 14, cut, FS_SMALL, 0, INK);
                } else {
                        pt_text(p, x + 22, y + 14, it->text, FS_SMALL, 0, INK);
                }
                x += iw + 18;
        }
        return y + 28;
}

/* The "nothing to show" line of an empty chart; the height used. */
static int draw_empty(const chart *c, painter *p, int y)
{
        pt_text(p, PAD, y + 14, chart_txt(c, CHART_TEXT_NONE), FS_LABEL, T_ITALIC, MUTED);
        return y + 14 + PAD + 6;
}

/* x of hundredths v on the 0..500 scale from x0 to x1. */
static int scale_x(int v, int x0, int x1)
{
        return x0 + (int)((int64_t)(x1 - x0) * v / 500);
}

static int lay_bars(const chart *c, painter *p, int w)
{
        int y = draw_title(c, p, w), x0 = PAD, x1 = w - PAD - 44, top, bottom;
        char label[TEXT_MAX], v[16];

        if (c->target != CHART_NONE) {
                legend_item items[2] = {{MARK_BOX, BRAND, ""}, {MARK_DASH, TEAL, ""}};

                chart_str_add(items[0].text, TEXT_MAX, chart_txt(c, CHART_TEXT_VALUE));
                chart_fmt_value(c, c->target, v, sizeof(v));
                chart_str_add(items[1].text, TEXT_MAX, chart_txt(c, CHART_TEXT_TARGET));
                chart_str_add(items[1].text, TEXT_MAX, " ");
                chart_str_add(items[1].text, TEXT_MAX, v);
                y = draw_legend(p, w, y, items, 2);
        } else {
                y += 6;
        }
        if (c->nitems == 0)
                return draw_empty(c, p, y);
        top = y;
        bottom = top + (int)c->nitems * ROW_BAR - 6;
        for (int t = 1; t <= 5; t++)
                pt_line(p, scale_x(t * 100, x0, x1), top, scale_x(t * 100, x0, x1), bottom, GRID, 1,
                        DASH_NONE);
        pt_line(p, x0, top, x0, bottom, AXIS, 1, DASH_NONE);
        for (int t = 0; t <= 5; t++) {
                char tick[4] = {(char)('0' + t), '\0'};

                pt_text(p, scale_x(t * 100, x0, x1), bottom + 16, tick, FS_SMALL, t ? T_MIDDLE : 0,
                        MUTED);
        }
        /* bars, then the target line over them, then all text on top */
        for (size_t i = 0; i < c->nitems; i++) {
                const chart_item *it = &c->items[i];

                if (it->value == CHART_NONE)
                        continue;
                chart_fmt_value(c, it->value, v, sizeof(v));
                pt_rect(p, x0, top + (int)i * ROW_BAR + 19, scale_x(it->value, x0, x1) - x0, 18, 2,
                        BRAND, NULL, DASH_NONE, it->label, v);
        }
        if (c->target != CHART_NONE) {
                int tx = scale_x(c->target, x0, x1);

                pt_line(p, tx, top - 2, tx, bottom, TEAL, 2, DASH_LONG);
        }
        for (size_t i = 0; i < c->nitems; i++) {
                const chart_item *it = &c->items[i];
                int ry = top + (int)i * ROW_BAR;

                chart_fit_text(it->label, strlen(it->label), FS_LABEL, 0, w - 2 * PAD, label);
                pt_text(p, x0, ry + 13, label, FS_LABEL, 0, INK);
                if (it->value == CHART_NONE) {
                        pt_text(p, x0 + 6, ry + 32, chart_txt(c, CHART_TEXT_NONE), FS_SMALL,
                                T_ITALIC, MUTED);
                        continue;
                }
                chart_fmt_value(c, it->value, v, sizeof(v));
                pt_text(p, scale_x(it->value, x0, x1) + 6, ry + 33, v, FS_LABEL, T_BOLD | T_HALO,
                        INK);
        }
        return bottom + 16 + PAD;
}

static int lay_heat(const chart *c, painter *p, int w)
{
        enum { CW = 60, CH = 42, GAP = 6 };
        int y = draw_title(c, p, w), per_line = (w - 2 * PAD + GAP) / (CW + GAP);
        legend_item items[6];
        char label[TEXT_MAX], tip[TEXT_MAX];

        /* levels 1..5, then "not filled" */
        for (int l = 0; l <= 5; l++) {
                legend_item *li = &items[l ? l - 1 : 5];

                li->mark = l ? MARK_BOX : MARK_OUTLINE;
                li->color = level_fill[l];
                li->text[0] = '\0';
                if (l == 0) {
                        chart_str_add(li->text, TEXT_MAX, chart_txt(c, CHART_TEXT_UNFILLED));
                } else {
                        char d[2] = {(char)('0' + l), '\0'};

                        chart_str_add(li->text, TEXT_MAX, chart_txt(c, CHART_TEXT_LEVEL));
                        chart_str_add(li->text, TEXT_MAX, " ");
                        chart_str_add(li->text, TEXT_MAX, d);
                }
        }
        y = draw_legend(p, w, y, items, 6);
        if (c->nitems == 0)
                return draw_empty(c, p, y);
        for (size_t r = 0; r < c->nitems; r++) {
                const chart_item *it = &c->items[r];

                chart_fit_text(it->label, strlen(it->label), FS_LABEL, 1, w - 2 * PAD, label);
                pt_text(p, PAD, y + 13, label, FS_LABEL, T_BOLD, INK);
                y += 20;
                if (it->ncells == 0) {
                        pt_text(p, PAD, y + 12, chart_txt(c, CHART_TEXT_NONE), FS_SMALL, T_ITALIC,
                                MUTED);
                        y += 20;
                }
                for (size_t i = 0; i < it->ncells; i++) {
                        const chart_cell *cell = &c->cells[it->first_cell + i];
                        int cx = PAD + (int)(i % (size_t)per_line) * (CW + GAP);
                        int cy = y + (int)(i / (size_t)per_line) * (CH + GAP);
                        char d[2] = {(char)('0' + cell->level), '\0'};

                        tip[0] = '\0';
                        if (cell->filled) {
                                chart_str_add(tip, TEXT_MAX, chart_txt(c, CHART_TEXT_LEVEL));
                                chart_str_add(tip, TEXT_MAX, " ");
                                chart_str_add(tip, TEXT_MAX, d);
                        } else {
                                chart_str_add(tip, TEXT_MAX, chart_txt(c, CHART_TEXT_UNFILLED));
                        }
                        pt_rect(p, cx, cy, CW, CH, 4, level_fill[cell->level],
                                cell->filled ? NULL : AXIS, DASH_SHORT, cell->code, tip);
                        chart_fit_text(cell->code, strlen(cell->code), FS_TINY, 0, CW - 6, label);
                        pt_text(p, cx + CW / 2, cy + 15, label, FS_TINY, T_MIDDLE,
                                level_ink[cell->level]);
                        pt_text(p, cx + CW / 2, cy + 34, cell->filled ? d : "\xe2\x80\x93", 16,
                                T_BOLD | T_MIDDLE, level_ink[cell->level]);
                }
                if (it->ncells)
                        y += (int)((it->ncells + (size_t)per_line - 1) / (size_t)per_line) *
                             (CH + GAP);
                y += 8;
        }
        return y + PAD - 8;
}

/* y of hundredths v on the 1..5 scale from yb (1.00) up to yt (5.00),
 * clamped to the plot. */
static int scale_y(int v, int yt, int yb)
{
        if (v < 100)
                v = 100;
        return yb - (int)((int64_t)(yb - yt) * (v - 100) / 400);
}

/* Draws one series of the trend: the line through present values (broken
 * at missing ones), dots and value labels. */
static void trend_series(const chart *c, painter *p, const int *px, int yt, int yb, int is_target,
                         int labels)
{
        int xy[2 * CHART_MAX_ITEMS];
        size_t run = 0;
        const char *color = is_target ? TEAL : BRAND;

        for (size_t i = 0; i <= c->nitems; i++) {
                int v = i < c->nitems ? (is_target ? c->items[i].target : c->items[i].value)
                                      : CHART_NONE;

                /* a change of framework breaks the line like a missing value */
                if (i > 0 && i < c->nitems && chart_framework_changes(c, i)) {
                        pt_poly(p, xy, run, color, is_target ? 2 : 3,
                                is_target ? DASH_LONG : DASH_NONE);
                        run = 0;
                }
                if (v == CHART_NONE) {
                        pt_poly(p, xy, run, color, is_target ? 2 : 3,
                                is_target ? DASH_LONG : DASH_NONE);
                        run = 0;
                        continue;
                }
                xy[2 * run] = px[i];
                xy[2 * run + 1] = scale_y(v, yt, yb);
                run++;
        }
        for (size_t i = 0; i < c->nitems; i++) {
                const chart_item *it = &c->items[i];
                int v = is_target ? it->target : it->value, other, y, above;
                char s[16];

                if (v == CHART_NONE)
                        continue;
                other = is_target ? it->value : it->target;
                y = scale_y(v, yt, yb);
                /* the higher of the two values is labelled above its dot,
                 * the lower below; the index wins a tie */
                above = other == CHART_NONE || v > other || (v == other && !is_target);
                chart_fmt_value(c, v, s, sizeof(s));
                if (is_target) {
                        char tip[TEXT_MAX] = "";

                        chart_str_add(tip, TEXT_MAX, chart_txt(c, CHART_TEXT_TARGET));
                        chart_str_add(tip, TEXT_MAX, " ");
                        chart_str_add(tip, TEXT_MAX, s);
                        pt_circle(p, px[i], y, 4, WHITE, TEAL, it->label, tip);
                } else {
                        pt_circle(p, px[i], y, 5, BRAND, WHITE, it->label, s);
                }
                if (labels)
                        pt_text(
                            p, px[i], above ? y - 10 : y + 20, s, is_target ? FS_TINY : FS_SMALL,
                            T_MIDDLE | T_HALO | (is_target ? 0 : T_BOLD), is_target ? TEAL : INK);
        }
}

static int lay_trend(const chart *c, painter *p, int w, int h)
{
        int y = draw_title(c, p, w), x0 = PAD + 22, x1 = w - PAD, yt, yb, height, step, every;
        int px[CHART_MAX_ITEMS], has_target = 0, widest = 0, bandw = 0;
        legend_item items[2] = {{MARK_LINE, BRAND, ""}, {MARK_DASH, TEAL, ""}};

        for (size_t i = 0; i < c->nitems; i++)
                if (c->items[i].target != CHART_NONE)
                        has_target = 1;
        chart_str_add(items[0].text, TEXT_MAX, chart_txt(c, CHART_TEXT_VALUE));
        chart_str_add(items[1].text, TEXT_MAX, chart_txt(c, CHART_TEXT_TARGET));
        y = draw_legend(p, w, y, items, has_target ? 2 : 1);
        if (c->nitems == 0)
                return draw_empty(c, p, y);
        height = y + TREND_H;
        if (h > height)
                height = h;
        yt = y + 14;
        yb = height - PAD - 24;
        /* band names get a column right of the plot, on their band's tint */
        for (size_t b = 0; b < c->nbands; b++) {
                int bw = chart_text_width(c->bands[b].name, strlen(c->bands[b].name), FS_TINY, 0);

                if (bw > bandw)
                        bandw = bw;
        }
        if (bandw > w / 4)
                bandw = w / 4;
        if (bandw)
                x1 -= bandw + 10;
        for (size_t b = 0; b < c->nbands; b++) {
                const chart_band *band = &c->bands[b];
                int by0 = scale_y(band->to, yt, yb), by1 = scale_y(band->from, yt, yb);
                char name[TEXT_MAX];

                if (by1 - by0 < 1)
                        continue;
                pt_rect(p, x0, by0, w - PAD - x0, by1 - by0, 0, band_fill[b % 2], NULL, DASH_NONE,
                        band->name, NULL);
                if (by1 - by0 >= 12) {
                        chart_fit_text(band->name, strlen(band->name), FS_TINY, 0, bandw, name);
                        pt_text(p, x1 + 6, (by0 + by1) / 2 + 4, name, FS_TINY, 0, MUTED);
                }
        }
        for (int t = 1; t <= 5; t++) {
                char tick[2] = {(char)('0' + t), '\0'};
                int ty = scale_y(t * 100, yt, yb);

                pt_line(p, x0, ty, x1, ty, t == 1 ? AXIS : GRID, 1, DASH_NONE);
                pt_text(p, x0 - 8, ty + 4, tick, FS_SMALL, T_END, MUTED);
        }
        if (c->nitems == 1) {
                px[0] = (x0 + x1) / 2;
                step = x1 - x0;
        } else {
                step = (x1 - x0 - 60) / (int)(c->nitems - 1);
                for (size_t i = 0; i < c->nitems; i++)
                        px[i] =
                            x0 + 30 +
                            (int)((int64_t)(x1 - x0 - 60) * (int64_t)i / (int64_t)(c->nitems - 1));
        }
        for (size_t i = 0; i < c->nitems; i++) {
                int lw =
                    chart_text_width(c->items[i].label, strlen(c->items[i].label), FS_SMALL, 0);

                if (lw > widest)
                        widest = lw;
        }
        every = step > 0 ? (widest + 10 + step - 1) / step : (int)c->nitems;
        if (every < 1)
                every = 1;
        for (size_t i = 0; i < c->nitems; i++) {
                char label[TEXT_MAX];

                if (i % (size_t)every)
                        continue;
                chart_fit_text(c->items[i].label, strlen(c->items[i].label), FS_SMALL, 0,
                               step > 0 ? step * every - 6 : x1 - x0, label);
                pt_text(p, px[i], yb + 20, label, FS_SMALL, T_MIDDLE, INK);
        }
        /* where the framework changes: a dashed separator midway between
         * the two points, the old name left of it and the new one right */
        for (size_t i = 1; i < c->nitems; i++) {
                int sx = (px[i - 1] + px[i]) / 2, room;
                char name[TEXT_MAX];

                if (!chart_framework_changes(c, i))
                        continue;
                pt_line(p, sx, yt - 13, sx, yb, INK, 2, DASH_SHORT);
                room = sx - x0 - 6;
                if (c->items[i - 1].framework && room > 20) {
                        chart_fit_text(c->items[i - 1].framework, strlen(c->items[i - 1].framework),
                                       FS_TINY, 1, room, name);
                        pt_text(p, sx - 5, yt - 3, name, FS_TINY, T_END | T_HALO | T_BOLD, INK);
                }
                room = w - PAD - sx - 6;
                if (c->items[i].framework && room > 20) {
                        chart_fit_text(c->items[i].framework, strlen(c->items[i].framework),
                                       FS_TINY, 1, room, name);
                        pt_text(p, sx + 5, yt - 3, name, FS_TINY, T_HALO | T_BOLD, INK);
                }
        }
        {
                int labels = step >= chart_text_width("5.00", 4, FS_SMALL, 1) + 6;

                if (has_target)
                        trend_series(c, p, px, yt, yb, 1, labels);
                trend_series(c, p, px, yt, yb, 0, labels);
        }
        return height;
}

static int lay_progress(const chart *c, painter *p, int w)
{
        int y = draw_title(c, p, w), x0 = PAD, x1 = w - PAD - 48;
        int64_t most = 1;
        legend_item items[CHART_NSTATUS];
        char label[TEXT_MAX], n[16];

        for (int s = 0; s < CHART_NSTATUS; s++) {
                items[s].mark = MARK_BOX;
                items[s].color = status_fill[s];
                items[s].text[0] = '\0';
                chart_str_add(items[s].text, TEXT_MAX,
                              chart_txt(c, (chart_text)(CHART_TEXT_DRAFT + s)));
        }
        y = draw_legend(p, w, y, items, CHART_NSTATUS);
        if (c->nitems == 0)
                return draw_empty(c, p, y);
        for (size_t i = 0; i < c->nitems; i++) {
                int64_t total = 0;

                for (int s = 0; s < CHART_NSTATUS; s++)
                        total += c->items[i].counts[s];
                if (total > most)
                        most = total;
        }
        for (size_t i = 0; i < c->nitems; i++) {
                const chart_item *it = &c->items[i];
                int ry = y + (int)i * ROW_BAR, end = x0;
                int64_t cum = 0;

                chart_fit_text(it->label, strlen(it->label), FS_LABEL, 0, w - 2 * PAD, label);
                pt_text(p, x0, ry + 13, label, FS_LABEL, 0, INK);
                pt_rect(p, x0, ry + 19, x1 - x0, 18, 0, TRACK, NULL, DASH_NONE, NULL, NULL);
                for (int s = 0; s < CHART_NSTATUS; s++) {
                        int sx0, sx1;

                        if (!it->counts[s])
                                continue;
                        sx0 = x0 + (int)((x1 - x0) * cum / most);
                        cum += it->counts[s];
                        sx1 = x0 + (int)((x1 - x0) * cum / most);
                        end = sx1;
                        chart_fmt_int(it->counts[s], n, sizeof(n));
                        pt_rect(p, sx0, ry + 19, sx1 - sx0, 18, 0, status_fill[s], NULL, DASH_NONE,
                                chart_txt(c, (chart_text)(CHART_TEXT_DRAFT + s)), n);
                        if (sx1 - sx0 >= chart_text_width(n, strlen(n), FS_SMALL, 1) + 6)
                                pt_text(p, (sx0 + sx1) / 2, ry + 33, n, FS_SMALL, T_BOLD | T_MIDDLE,
                                        status_ink[s]);
                }
                chart_fmt_int((int)cum, n, sizeof(n));
                pt_text(p, end + 6, ry + 33, n, FS_LABEL, T_BOLD, cum ? INK : MUTED);
        }
        return y + (int)c->nitems * ROW_BAR - 6 + PAD;
}

/* Lays the chart out w wide and, when p draws, draws it; h is the final
 * height (0 in a dry run).  Returns the height used. */
int chart_lay(const chart *c, painter *p, int w, int h)
{
        assert(w >= CHART_MIN_WIDTH && w <= CHART_MAX_WIDTH);
        switch (c->kind) {
        case CHART_BARS:
                return lay_bars(c, p, w);
        case CHART_HEAT:
                return lay_heat(c, p, w);
        case CHART_TREND:
                return lay_trend(c, p, w, h);
        default:
                return lay_progress(c, p, w);
        }
}

int chart_height(const chart *c, int width)
{
        painter dry = {0};

        if (!c || width < CHART_MIN_WIDTH || width > CHART_MAX_WIDTH)
                return -1;
        return chart_lay(c, &dry, width, 0);
}
