/*
 * national: the views a national or provincial reader runs over many
 * agencies' scores of one framework (issue 11, point 5): the ranking, the
 * distribution over predicates, each province's aggregate, the weakest
 * indicators, the progress of the cycle and the trend over years.
 *
 * Pure computation over exact integers.  An agency's score is kept as it
 * is stored when a level changes (nat_score: sum of level x weight, weight
 * filled, the level of each indicator), so that a view is a query over
 * those numbers, never a recomputation from assessments.  Every view takes
 * the framework the scores were made with and refuses a score of another
 * framework or version (NAT_EMIXED): frameworks are compared only within
 * themselves.  Rounding happens only where a value is shown: hundredths,
 * half up, as score.c does; predicates come from the rounded value.
 *
 * Everything allocated comes from base/mem; each result has its free
 * function, and a failed call leaves its result empty.
 */
#ifndef MONEV_CORE_NATIONAL_H
#define MONEV_CORE_NATIONAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/framework.h"

#define NAT_NO_LEVEL     (-1)   /* nat_score.levels: the indicator has no level */
#define NAT_MAX_AGENCIES 100000 /* agencies one view takes: keeps every sum in int64 */
#define NAT_MAX_YEARS    200    /* points of one trend */

typedef enum nat_rc {
        NAT_OK = 0,
        NAT_ENOMEM = -1, /* out of memory */
        NAT_EINVAL = -2, /* a malformed input: a level outside the range, a bad
                          * region code, too many agencies, a duplicate year */
        NAT_EMIXED = -3, /* a score of another framework or version */
} nat_rc;

/* One agency's score of one cycle: exact integers, as stored. */
typedef struct nat_score {
        char fw_id[FW_MAX_CODE + 1]; /* the framework it was made with */
        int fw_version;
        int64_t num; /* sum of level x weight over filled indicators (FW_WEIGHT_SCALE units) */
        int64_t den; /* sum of the weights of the filled indicators; 0 when none */
        size_t filled, total;
        int8_t *levels; /* total entries: the level, or NAT_NO_LEVEL */
} nat_score;

/* Builds s from fw and levels (a levels array as score_compute takes it:
 * fw_level_none(fw) for "no level").  num and den are exactly
 * score_compute's overall fraction.  NAT_OK, NAT_EINVAL for a level
 * outside the range or a framework id longer than FW_MAX_CODE,
 * NAT_ENOMEM; s is empty after a failure.  The caller frees s with
 * nat_score_free. */
int nat_score_build(const fw_framework *fw, const uint8_t *levels, nat_score *s);

void nat_score_free(nat_score *s);

/* True when at least one indicator has a level. */
bool nat_score_has_value(const nat_score *s);

/* The index rounded half up to hundredths (score_hundredths); 0 when
 * nothing is filled.  Can't fail. */
int nat_score_hundredths(const nat_score *s);

/* Compares an/ad with bn/bd exactly (num >= 0, den > 0): -1, 0 or 1.
 * Cross-multiplies when the products fit in int64, otherwise compares the
 * continued fractions, so no input overflows.  Can't fail. */
int nat_frac_cmp(int64_t an, int64_t ad, int64_t bn, int64_t bd);

/* One agency of a view.  Everything is borrowed from the caller. */
typedef struct nat_agency {
        int64_t id;
        const char *region; /* "NN" (a province), "NN.NN" (a regency or
                             * city), NULL for a ministry or an agency
                             * without a region */
        const char *name;
        const char *kind;          /* the caller's label ("kota", "kementerian"); may be NULL */
        const nat_score *self;     /* the self-assessment; required */
        const nat_score *official; /* the official index; NULL when none */
} nat_agency;

/* Which of an agency's two scores a view reads. */
typedef enum nat_side { NAT_SELF, NAT_OFFICIAL } nat_side;

/* ---- Ranking -------------------------------------------------------------- */

typedef struct nat_rank_row {
        size_t agency; /* index into the input array */
        size_t rank;   /* 1-based; agencies with exactly equal indices share
                        * the rank ("1, 2, 2, 4"); 0 when the ranked side
                        * has no value */
        bool has_self, has_official;
        int self_h, official_h; /* hundredths, rounded half up */
        bool has_diff;
        int diff_h; /* official_h - self_h: the difference of the shown values */
} nat_rank_row;

typedef struct nat_ranking {
        nat_rank_row *rows; /* n rows, best first */
        size_t n;
} nat_ranking;

/* Orders the agencies by the exact index of side, highest first; agencies
 * without a value on that side come last.  Exact ties are broken by
 * region code (no region last), then name (bytes), then id, so the order
 * is deterministic; tied agencies share their rank.  NAT_OK, NAT_EINVAL
 * (more than NAT_MAX_AGENCIES, a NULL self), NAT_EMIXED, NAT_ENOMEM.
 * The caller frees out with nat_ranking_free. */
int nat_rank(const fw_framework *fw, const nat_agency *a, size_t n, nat_side side,
             nat_ranking *out);
void nat_ranking_free(nat_ranking *r);

/* ---- Distribution over predicates ----------------------------------------- */

typedef struct nat_distribution {
        size_t nbands;                   /* fw->nbands */
        size_t *self;                    /* nbands counts, in the order of fw->bands */
        size_t *official;                /* nbands counts */
        size_t self_none, official_none; /* agencies without a value (or a band) */
} nat_distribution;

/* Counts the agencies per predicate band of fw, the band of the rounded
 * index (fw_band_for), for both sides.  Every agency is counted once per
 * side: sum(self) + self_none == n.  Errors as nat_rank.  The caller
 * frees out with nat_distribution_free. */
int nat_distribute(const fw_framework *fw, const nat_agency *a, size_t n, nat_distribution *out);
void nat_distribution_free(nat_distribution *d);

/* ---- Provinces ------------------------------------------------------------ */

/*
 * A province's aggregate is the mean of its members' shown indices
 * (hundredths), held exactly as sum_h / nscored and rounded half up only
 * in mean_h.  Why the shown values and not the mean of the exact
 * fractions: the province page lists every member with its shown index,
 * and a reader who adds them up must find the province's number; the
 * shown (rounded) index is also the one the regulation publishes and
 * takes predicates from, so the mean is one of published values, not a
 * new index.  The exact mean of fractions num_i/den_i would need the
 * least common multiple of the members' denominators, which for
 * provisional (incomplete) scores outgrows any fixed width; the mean of
 * hundredths is exact for any number of members (sum <= 500 x n).
 */
typedef struct nat_province {
        char code[3];                  /* "NN" */
        size_t *members;               /* indices into the input, in input order */
        size_t nmembers;               /* agencies whose region starts with code */
        size_t nscored;                /* members with a value on the side */
        int64_t sum_h;                 /* sum of those members' hundredths */
        int mean_h;                    /* sum_h / nscored rounded half up; 0 when nscored is 0 */
        size_t min_agency, max_agency; /* exact lowest / highest index (ties:
                                        * the first in ranking order); valid
                                        * when nscored > 0 */
        int min_h, max_h;
} nat_province;

typedef struct nat_provinces {
        nat_province *v; /* in ascending order of code */
        size_t n;
} nat_provinces;

/* Groups the agencies with a region by province (the first two digits of
 * the code; a province agency "NN" is a member of its own province) and
 * aggregates side.  Agencies without a region belong to none.  Errors as
 * nat_rank, and NAT_EINVAL for a region that is not "NN" or "NN.NN".
 * The caller frees out with nat_provinces_free. */
int nat_provinces_compute(const fw_framework *fw, const nat_agency *a, size_t n, nat_side side,
                          nat_provinces *out);
void nat_provinces_free(nat_provinces *p);

/* ---- Weakest indicators --------------------------------------------------- */

/*
 * The index points an indicator loses over a set of agencies:
 *   lost = sum over agencies with a level of (level_max - level) x weight
 * in FW_WEIGHT_SCALE units; the points of the index are lost / FW_WEIGHT_TOTAL.
 * The divisor is the framework's whole weight for every agency: it is
 * what the filled level costs the agency's final index, whatever its
 * other indicators become, and for a complete agency (den = the whole
 * weight) it is exactly (max - level) x weight / den.  A common divisor
 * keeps the sum an exact integer over any number of agencies and makes
 * the order a comparison of integers.  An indicator without a level loses
 * nothing yet and is counted in nunfilled.
 */
typedef struct nat_weak_row {
        size_t indicator;          /* index into fw->indicators */
        int64_t lost;              /* FW_WEIGHT_SCALE units: index points x FW_WEIGHT_TOTAL */
        size_t nfilled, nunfilled; /* agencies with / without a level on it */
} nat_weak_row;

typedef struct nat_weakest {
        nat_weak_row *rows; /* fw->nindicators rows, most lost first, ties in
                             * the framework's order */
        size_t n;
        size_t nagencies; /* agencies counted */
} nat_weakest;

/* The weakest indicators of side over the agencies, or only over those of
 * province (two digits) when province is not NULL.  Errors as
 * nat_provinces_compute, and NAT_EINVAL for a malformed province.  The
 * caller frees out with nat_weakest_free. */
int nat_weakest_compute(const fw_framework *fw, const nat_agency *a, size_t n, nat_side side,
                        const char *province, nat_weakest *out);
void nat_weakest_free(nat_weakest *w);

/* ---- Progress of the cycle ------------------------------------------------ */

/* What the caller counts per agency for the current cycle. */
typedef struct nat_progress_in {
        size_t total;     /* indicators of the cycle */
        size_t filled;    /* indicators with a level */
        size_t submitted; /* submitted, verified or final */
        size_t overdue;   /* indicators past their own deadline (progress_overdue) */
        int64_t deadline; /* the cycle's deadline, unix seconds; 0 = none */
} nat_progress_in;

typedef enum nat_progress_list {
        NAT_NOT_STARTED, /* nothing filled, nothing submitted */
        NAT_IN_PROGRESS, /* started, not everything submitted */
        NAT_SUBMITTED,   /* every indicator submitted (total > 0) */
        NAT_LATE,        /* overdue indicators, or the cycle's deadline passed
                          * before now with indicators not submitted; an
                          * agency here is also in one of the lists above */
        NAT_PROGRESS_LISTS
} nat_progress_list;

typedef struct nat_progress {
        size_t *list[NAT_PROGRESS_LISTS]; /* indices into the input, in input order */
        size_t count[NAT_PROGRESS_LISTS];
} nat_progress;

/* Sorts the n agencies (p[i] is agency i's counts) into the lists at
 * time now.  NAT_OK, NAT_EINVAL (filled or submitted above total, overdue
 * above total, n above NAT_MAX_AGENCIES), NAT_ENOMEM.  The caller frees
 * out with nat_progress_free. */
int nat_progress_compute(const nat_progress_in *p, size_t n, int64_t now, nat_progress *out);
void nat_progress_free(nat_progress *p);

/* ---- Trend over years ----------------------------------------------------- */

/* One year of one agency (num/den from its nat_score) or of an aggregate
 * (a province's mean: num = sum_h, den = 100 x nscored). */
typedef struct nat_trend_in {
        int year;
        const char *fw_id; /* borrowed */
        int fw_version;
        bool has_value;
        int64_t num, den; /* the exact index when has_value (num >= 0, den > 0) */
} nat_trend_in;

typedef struct nat_trend_point {
        int year;
        bool has_value;
        int h;                  /* hundredths, half up */
        bool framework_changed; /* another framework or version than the year before */
        bool has_delta;         /* both years have a value and one framework */
        int delta_h;            /* h - the year before's h */
} nat_trend_point;

typedef struct nat_trend {
        nat_trend_point *v; /* in ascending order of year */
        size_t n;
} nat_trend;

/* The trend of n years (in any order).  Across a change of framework no
 * difference is given: frameworks are compared only within themselves.
 * NAT_OK, NAT_EINVAL (a year twice, n above NAT_MAX_YEARS, a NULL fw_id,
 * a bad fraction), NAT_ENOMEM.  The caller frees out with nat_trend_free. */
int nat_trend_compute(const nat_trend_in *in, size_t n, nat_trend *out);
void nat_trend_free(nat_trend *t);

#endif
