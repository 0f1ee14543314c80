/*
 * cairo_util: drawing helpers that the PDF report and the charts' cairo
 * back end share.
 */
#ifndef MONEV_REPORT_CAIRO_UTIL_H
#define MONEV_REPORT_CAIRO_UTIL_H

#include <cairo.h>

/* Adds the path of a rectangle with corners rounded by r (r <= 0: square
 * corners) as a new sub-path; the caller fills or strokes it. */
void cairo_util_round_rect(cairo_t *cr, double x, double y, double w, double h, double r);

#endif
