#include "report/cairo_util.h"

#include <math.h>

void cairo_util_round_rect(cairo_t *cr, double x, double y, double w, double h, double r)
{
        if (r <= 0) {
                cairo_rectangle(cr, x, y, w, h);
                return;
        }
        cairo_new_sub_path(cr);
        cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
        cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
        cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
        cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
        cairo_close_path(cr);
}
