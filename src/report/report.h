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
#include "core/lint.h"
#include "core/score.h"
#include "io/keys.h"
#include "store/store.h"

typedef struct report_indicator {
        const char *code, *name; /* borrowed from fw */
        int aspect;              /* index into fw->aspects */
        int level;               /* 0..5, ASSESS_NO_LEVEL when not filled */
        const char *level_name;  /* borrowed from fw, NULL when not filled */
        st_assess_status status;
        char *opd;              /* lead OPD code, NULL when unassigned */
        char *opd_name;         /* its name, NULL when unassigned */
        char *fakta, *analisis; /* may be NULL */
        int official;           /* the assessors' final level, ASSESS_NO_LEVEL when none */
        size_t nevidence;
        int asesor;        /* the internal asesor's level, ASSESS_NO_LEVEL when none */
        char *asesor_note; /* may be NULL */
        char *asesor_by;   /* who recorded it, NULL when none */
} report_indicator;

/* One evidence code a justification cites that is replaced, unlinked,
 * another indicator's or unknown (core/lint.h). */
typedef struct report_check {
        const char *indicator; /* borrowed from fw */
        lint_kind kind;
        lint_field field;
        char code[LINT_CODE_MAX + 1];
        char suggest[LINT_CODE_MAX + 1]; /* LINT_REPLACED: the revision's code */
        char other[40];                  /* LINT_OTHER: the indicator it belongs to */
} report_check;

/* The asesor's levels against the claims, like the official result:
 * indicators with both, claims over / under / equal, and the index computed
 * from the asesor's levels alone (hundredths, -1 when none; complete when
 * every indicator has one). */
typedef struct report_asesor_cmp {
        size_t assessed, over, under, same;
        int index;
        bool complete;
} report_asesor_cmp;

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
        char *framework;  /* framework id of that year's cycle */
        char fw_name[64]; /* its short name, "SPBE 2020" (score_report_fw_name) */
        int index;        /* hundredths, -1 when nothing filled */
        int target;       /* hundredths, -1 when none */
} report_point;

typedef struct report {
        char *agency;
        char *agency_kind; /* "kota", "kabupaten", "provinsi", "kementerian", "lembaga" */
        int year;
        fw_framework *fw; /* the cycle's framework version (owned) */
        uint8_t *levels;  /* fw->nindicators entries */
        score_result score;
        int target; /* hundredths, -1 when none */
        st_cycle_status cycle_status;
        char *generated_at;    /* "2026-11-28 09:30 UTC" */
        int64_t generated;     /* the same moment in unix seconds */
        int tz;                /* the agency's time zone (base/fmt.h fmt_tz) for people */
        report_indicator *ind; /* fw->nindicators entries, framework order */
        report_evidence *ev;
        size_t nev;
        report_point *trend; /* every cycle, by year */
        size_t ntrend;
        /* A year's change from the point before it is shown only when both
         * use the same framework (report_trend_change); a change of
         * framework is a change of scale, marked as such. */
        int64_t audit_seq; /* the audit chain's head when loaded */
        char audit_head[65];
        st_reopen *reopens; /* every reopening of the closed cycle, with its reason */
        size_t nreopens;
        report_check *checks; /* cited evidence codes to correct, by indicator */
        size_t nchecks;
        /* The fingerprint of the agency's signing key (io/keys.h), the one
         * its submission packs are signed with; "" when not set
         * (report_set_signer), and the cover then says nothing of it. */
        char key_fingerprint[KEYS_FINGERPRINT_LEN];
} report;

/* Loads the report of the year's cycle in one read snapshot: the cycle,
 * its framework version, every indicator (framework order), the evidence
 * links (by indicator in framework order, then level and code), the trend
 * of every cycle up to this year and the audit chain's head.  The moment
 * of generation is now, or SOURCE_DATE_EPOCH when set (reproducible
 * builds of the same data give the same bytes).  0, or -1 with the reason
 * (in Indonesian) in err; *out is then NULL.  The caller frees *out with
 * report_free. */
int report_load(store *s, int year, report **out, char *err, size_t errlen);
void report_free(report *r); /* NULL is fine */

/* Fills r->key_fingerprint from the public key in the key folder key_dir
 * (its sign.pub).  0, or -1 with the reason (Indonesian) in err and the
 * field left empty. */
int report_set_signer(report *r, const char *key_dir, char *err, size_t errlen);

/* The change of trend point i from point i - 1 in hundredths, or INT_MIN
 * when there is none: the first point, a missing index, or a different
 * framework (another scale). */
int report_trend_change(const report *r, size_t i);

/* The comparison of the asesor's levels with the claims (above).  0, or
 * -1 when out of memory. */
int report_asesor_compare(const report *r, report_asesor_cmp *out);

/* A check as a sentence, e.g. "Indikator 4, Fakta: I4-L3-01 sudah diganti
 * revisi dokumennya; sebut kode barunya: I4-L3-02", into out. */
void report_check_message(const report_check *c, char *out, size_t n);

/* The rounded index in hundredths, -1 when nothing is filled. */
int report_index(const report *r);

/* The index minus the target (both rounded), in hundredths; INT_MIN when
 * either is missing. */
int report_gap(const report *r);

/* Indonesian labels: "Draf", "Diajukan", "Dikembalikan", "Terverifikasi",
 * "Final"; "Terbuka", "Reviu", "Ditutup".  Borrowed, never NULL. */
const char *report_status_label(st_assess_status st);
const char *report_cycle_label(st_cycle_status st);

/* The status column of an indicator in r: report_status_label, except
 * that in a closed (or closed and reopened) cycle a draft, submitted or
 * returned assessment reads "Tidak diverifikasi (draf)", "... (diajukan)",
 * "... (dikembalikan)": closing finalizes only verified ones
 * (store_cycle_close).  Borrowed, never NULL. */
const char *report_status_text(const report *r, st_assess_status st);
/* The same for a cycle that is (or was) closed or not; the submission
 * pack's text files use it too. */
const char *report_status_closed(st_assess_status st, bool closed);

/* Writing a file whole or not at all: report_tmp_open makes a temporary
 * file next to path (its name in tmp, at least strlen(path) + 16 bytes)
 * and returns its descriptor, or -1 with the reason in err;
 * report_tmp_commit flushes it to disk and renames it over path (0), or
 * removes it (-1, reason in err).  A failed writer removes tmp with
 * unlink. */
int report_tmp_open(const char *path, char *tmp, size_t tmplen, char *err, size_t errlen);
int report_tmp_commit(const char *tmp, const char *path, char *err, size_t errlen);

/* Writers.  Each returns 0, or -1 with the reason in err.  The PDF and
 * XLSX writers write the file at path (through a temporary file renamed
 * when complete). */
int report_write_pdf(const report *r, const char *path, char *err, size_t errlen);
int report_write_xlsx(const report *r, const char *path, char *err, size_t errlen);
/* Frees the process-wide font caches the PDF writer filled (pango's font
 * map, cairo's static data) so that a leak checker sees a clean exit.
 * Only at process exit, when no other thread draws; harmless when no PDF
 * was written. */
void report_pdf_release(void);
/* CSV (RFC 4180, CRLF, a UTF-8 BOM), a header row and one row per
 * indicator, with the separator sep (',' or ';') and cells that start
 * with = + - @ (or tab / CR) prefixed with ' so that a spreadsheet never
 * runs them as formulas.  With ';' (Indonesian Excel's list separator)
 * decimals are written with a comma, as that Excel reads them; with ','
 * with a point.  Appends to out; 0, or -1 when out's cap is reached. */
int report_write_csv(const report *r, char sep, buf *out);
/* The whole report as one JSON object (indices as "3.05" strings, null
 * when missing); NULL when out of memory.  The caller decrefs. */
json_t *report_json(const report *r);

#endif
