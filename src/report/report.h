/*
 * report: everything a cycle's report says, gathered once from the store
 * (report_load), then written as PDF (cairo + pango), XLSX
 * (libxlsxwriter), CSV or JSON.  The writers only read the model, so all
 * four formats always say the same thing.
 */
#ifndef MONEV_REPORT_REPORT_H
#define MONEV_REPORT_REPORT_H

#include <jansson.h>
#include <stdint.h>

#include "base/buf.h"
#include "core/framework.h"
#include "core/score.h"
#include "store/store.h"

typedef struct report_indicator {
        const char *code, *name; /* borrowed from fw */
        int aspect;              /* index into fw->aspects */
        int level;               /* 1..5, 0 when not filled */
        const char *level_name;  /* borrowed from fw, NULL when not filled */
        st_assess_status status;
        char *opd;              /* lead OPD code, NULL when unassigned */
        char *fakta, *analisis; /* may be NULL */
        int official;           /* the assessors' final level, 0 when none imported */
        size_t nevidence;
} report_indicator;

typedef struct report_evidence {
        char *code;      /* I12-L3-01 */
        char *indicator; /* the indicator code */
        int level;
        char *title, *filename, *sha256, *mime;
        char *doc_number, *doc_date, *issuer; /* may be NULL */
        int64_t id, size;
        st_review review;
} report_evidence;

typedef struct report_point {
        int year;
        char *framework; /* framework id of that year's cycle */
        int index;       /* hundredths, -1 when nothing filled */
        int target;      /* hundredths, -1 when none */
} report_point;

typedef struct report {
        char *agency;
        int year;
        fw_framework *fw; /* the cycle's framework version (owned) */
        uint8_t *levels;  /* fw->nindicators entries */
        score_result score;
        int target; /* hundredths, -1 when none */
        st_cycle_status cycle_status;
        char *generated_at;    /* "2026-11-28 09:30 UTC" */
        report_indicator *ind; /* fw->nindicators entries, framework order */
        report_evidence *ev;
        size_t nev;
        report_point *trend; /* every cycle, by year */
        size_t ntrend;
        int64_t audit_seq; /* the audit chain's head when loaded */
        char audit_head[65];
} report;

/* Loads the report of the year's cycle.  0, or -1 with the reason (in
 * Indonesian) in err. */
int report_load(store *s, int year, report **out, char *err, size_t errlen);
void report_free(report *r);

/* Writers.  Each returns 0, or -1 with the reason in err.  The PDF and
 * XLSX writers write the file at path (through a temporary file renamed
 * when complete). */
int report_write_pdf(const report *r, const char *path, char *err, size_t errlen);
int report_write_xlsx(const report *r, const char *path, char *err, size_t errlen);
/* CSV, one row per indicator, with the separator sep (',' or ';') and
 * cells that start with = + - @ (or tab / CR) prefixed with ' so that a
 * spreadsheet never runs them as formulas. */
int report_write_csv(const report *r, char sep, buf *out);
json_t *report_json(const report *r);

#endif
