/*
 * Permissions: the whole matrix of role x action x scope, against a table
 * of expected outcomes written out by hand from the policy (docs/roles.md),
 * not computed by the logic under test.
 *
 * Every role (and one value past the last), every action (and one past the
 * last) is a row of the table.  A row gives the outcome for each of the 100
 * scopes: four cycle states (open, review, closed, reopened: closed and
 * then reopened by the admin) x five statuses (draft,
 * submitted, returned, verified, final) x five relations between the user's
 * OPD and the indicator's lead OPD:
 *
 *   own         user OPD 5, indicator assigned to OPD 5
 *   other       user OPD 5, indicator assigned to OPD 7
 *   no-OPD      user without OPD, indicator assigned to OPD 5
 *   unassigned  user OPD 5, indicator not assigned
 *   neither     user without OPD, indicator not assigned (0 == 0 must not
 *               read as "own")
 *
 * A row is four strings (open, review, closed, reopened); each is five groups
 * (draft submitted returned verified final) of five characters (own other
 * no-OPD unassigned neither), '1' = allowed, '0' = refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/perm.h"

#define N_CYCLE  4
#define N_STATUS 5
#define N_REL    5
#define N_SCOPE  (N_CYCLE * N_STATUS * N_REL)

/* Outcomes that do not depend on the scope. */
#define YES "11111 11111 11111 11111 11111"
#define NO  "00000 00000 00000 00000 00000"

#define ROLE_BAD ROLE_COUNT /* one past the last role */
#define ACT_BAD  ACT_COUNT  /* one past the last action */

typedef struct row {
        int role;
        int act;
        const char *open, *review, *closed, *reopened;
} row;

/* clang-format off */
static const row expected[] = {
    /* ---- admin: the installation; reads everything, does not assess ---- */
    {ROLE_ADMIN, ACT_VIEW_DASHBOARD,   YES, YES, YES, YES},
    {ROLE_ADMIN, ACT_VIEW_INDICATOR,   YES, YES, YES, YES},
    {ROLE_ADMIN, ACT_EDIT_ASSESSMENT,  NO,  NO,  NO, NO},
    {ROLE_ADMIN, ACT_SUBMIT,           NO,  NO,  NO, NO},
    {ROLE_ADMIN, ACT_RETURN,           NO,  NO,  NO, NO},
    {ROLE_ADMIN, ACT_VERIFY,           NO,  NO,  NO, NO},
    {ROLE_ADMIN, ACT_ASSIGN,           NO,  NO,  NO, NO},
    {ROLE_ADMIN, ACT_MANAGE_OPD,       YES, YES, YES, YES},
    {ROLE_ADMIN, ACT_MANAGE_USERS,     YES, YES, YES, YES},
    {ROLE_ADMIN, ACT_MANAGE_CYCLE,     YES, YES, YES, YES},
    {ROLE_ADMIN, ACT_MANAGE_TARGET,    YES, YES, YES, YES},
    {ROLE_ADMIN, ACT_MANAGE_FRAMEWORK, YES, YES, YES, YES},
    {ROLE_ADMIN, ACT_VIEW_ADMIN,       YES, YES, YES, YES},
    {ROLE_ADMIN, ACT_VIEW_AUDIT,       YES, YES, YES, YES},
    {ROLE_ADMIN, ACT_REVIEW_EVIDENCE, NO, NO, NO, NO},
    {ROLE_ADMIN, ACT_VIEW_EVIDENCE,   YES, YES, YES, YES},
    {ROLE_ADMIN, ACT_VIEW_REPORTS,    YES, YES, YES, YES},
    {ROLE_ADMIN, ACT_REOPEN_CYCLE,    NO, NO, YES, NO},
    {ROLE_ADMIN, ACT_ASSESSOR_LEVEL,  NO, NO, NO, NO},
    {ROLE_ADMIN, ACT_BAD,              NO,  NO,  NO, NO},

    /* ---- koordinator: the whole assessment, any indicator ---- */
    {ROLE_KOORDINATOR, ACT_VIEW_DASHBOARD,   YES, YES, YES, YES},
    {ROLE_KOORDINATOR, ACT_VIEW_INDICATOR,   YES, YES, YES, YES},
    /*                                        draft submitted returned verified final */
    {ROLE_KOORDINATOR, ACT_EDIT_ASSESSMENT, "11111 00000 11111 00000 00000", NO, NO, YES},
    {ROLE_KOORDINATOR, ACT_SUBMIT,          "11111 00000 11111 00000 00000", NO, NO, NO},
    {ROLE_KOORDINATOR, ACT_RETURN,          "00000 11111 00000 11111 00000",
                                            "00000 11111 00000 11111 00000", NO, NO},
    {ROLE_KOORDINATOR, ACT_VERIFY,           NO,  NO,  NO, NO},
    {ROLE_KOORDINATOR, ACT_ASSIGN,           YES, YES, NO, NO},
    {ROLE_KOORDINATOR, ACT_MANAGE_OPD,       YES, YES, YES, YES},
    {ROLE_KOORDINATOR, ACT_MANAGE_USERS,     NO,  NO,  NO, NO},
    {ROLE_KOORDINATOR, ACT_MANAGE_CYCLE,     YES, YES, YES, YES},
    {ROLE_KOORDINATOR, ACT_MANAGE_TARGET,    YES, YES, YES, YES},
    {ROLE_KOORDINATOR, ACT_MANAGE_FRAMEWORK, NO,  NO,  NO, NO},
    {ROLE_KOORDINATOR, ACT_VIEW_ADMIN,       YES, YES, YES, YES},
    {ROLE_KOORDINATOR, ACT_VIEW_AUDIT,       YES, YES, YES, YES},
    {ROLE_KOORDINATOR, ACT_REVIEW_EVIDENCE, YES, YES, NO, NO},
    {ROLE_KOORDINATOR, ACT_VIEW_EVIDENCE,   YES, YES, YES, YES},
    {ROLE_KOORDINATOR, ACT_VIEW_REPORTS,    YES, YES, YES, YES},
    {ROLE_KOORDINATOR, ACT_REOPEN_CYCLE,    NO, NO, NO, NO},
    {ROLE_KOORDINATOR, ACT_ASSESSOR_LEVEL,  NO, NO, NO, NO},
    {ROLE_KOORDINATOR, ACT_BAD,              NO,  NO,  NO, NO},

    /* ---- pimpinan: reads, changes nothing ---- */
    {ROLE_PIMPINAN, ACT_VIEW_DASHBOARD,   YES, YES, YES, YES},
    {ROLE_PIMPINAN, ACT_VIEW_INDICATOR,   YES, YES, YES, YES},
    {ROLE_PIMPINAN, ACT_EDIT_ASSESSMENT,  NO,  NO,  NO, NO},
    {ROLE_PIMPINAN, ACT_SUBMIT,           NO,  NO,  NO, NO},
    {ROLE_PIMPINAN, ACT_RETURN,           NO,  NO,  NO, NO},
    {ROLE_PIMPINAN, ACT_VERIFY,           NO,  NO,  NO, NO},
    {ROLE_PIMPINAN, ACT_ASSIGN,           NO,  NO,  NO, NO},
    {ROLE_PIMPINAN, ACT_MANAGE_OPD,       NO,  NO,  NO, NO},
    {ROLE_PIMPINAN, ACT_MANAGE_USERS,     NO,  NO,  NO, NO},
    {ROLE_PIMPINAN, ACT_MANAGE_CYCLE,     NO,  NO,  NO, NO},
    {ROLE_PIMPINAN, ACT_MANAGE_TARGET,    NO,  NO,  NO, NO},
    {ROLE_PIMPINAN, ACT_MANAGE_FRAMEWORK, NO,  NO,  NO, NO},
    {ROLE_PIMPINAN, ACT_VIEW_ADMIN,       NO,  NO,  NO, NO},
    {ROLE_PIMPINAN, ACT_VIEW_AUDIT,       YES, YES, YES, YES},
    {ROLE_PIMPINAN, ACT_REVIEW_EVIDENCE, NO, NO, NO, NO},
    {ROLE_PIMPINAN, ACT_VIEW_EVIDENCE,   YES, YES, YES, YES},
    {ROLE_PIMPINAN, ACT_VIEW_REPORTS,    YES, YES, YES, YES},
    {ROLE_PIMPINAN, ACT_REOPEN_CYCLE,    NO, NO, NO, NO},
    {ROLE_PIMPINAN, ACT_ASSESSOR_LEVEL,  NO, NO, NO, NO},
    {ROLE_PIMPINAN, ACT_BAD,              NO,  NO,  NO, NO},

    /* ---- asesor: reads; returns and verifies what was submitted ---- */
    {ROLE_ASESOR, ACT_VIEW_DASHBOARD,   YES, YES, YES, YES},
    {ROLE_ASESOR, ACT_VIEW_INDICATOR,   YES, YES, YES, YES},
    {ROLE_ASESOR, ACT_EDIT_ASSESSMENT,  NO,  NO,  NO, NO},
    {ROLE_ASESOR, ACT_SUBMIT,           NO,  NO,  NO, NO},
    /*                                   draft submitted returned verified final */
    {ROLE_ASESOR, ACT_RETURN,           "00000 11111 00000 00000 00000",
                                        "00000 11111 00000 00000 00000", NO, NO},
    {ROLE_ASESOR, ACT_VERIFY,           "00000 11111 00000 00000 00000",
                                        "00000 11111 00000 00000 00000", NO, NO},
    {ROLE_ASESOR, ACT_ASSIGN,           NO,  NO,  NO, NO},
    {ROLE_ASESOR, ACT_MANAGE_OPD,       NO,  NO,  NO, NO},
    {ROLE_ASESOR, ACT_MANAGE_USERS,     NO,  NO,  NO, NO},
    {ROLE_ASESOR, ACT_MANAGE_CYCLE,     NO,  NO,  NO, NO},
    {ROLE_ASESOR, ACT_MANAGE_TARGET,    NO,  NO,  NO, NO},
    {ROLE_ASESOR, ACT_MANAGE_FRAMEWORK, NO,  NO,  NO, NO},
    {ROLE_ASESOR, ACT_VIEW_ADMIN,       NO,  NO,  NO, NO},
    {ROLE_ASESOR, ACT_VIEW_AUDIT,       YES, YES, YES, YES},
    {ROLE_ASESOR, ACT_REVIEW_EVIDENCE, YES, YES, NO, NO},
    {ROLE_ASESOR, ACT_VIEW_EVIDENCE,   YES, YES, YES, YES},
    {ROLE_ASESOR, ACT_VIEW_REPORTS,    YES, YES, YES, YES},
    {ROLE_ASESOR, ACT_REOPEN_CYCLE,    NO, NO, NO, NO},
    /*                                   draft submitted returned verified final */
    {ROLE_ASESOR, ACT_ASSESSOR_LEVEL,   "00000 11111 00000 11111 00000",
                                        "00000 11111 00000 11111 00000", NO, NO},
    {ROLE_ASESOR, ACT_BAD,              NO,  NO,  NO, NO},

    /* ---- opd: only the indicators assigned to the user's own OPD ---- */
    {ROLE_OPD, ACT_VIEW_DASHBOARD,   YES, YES, YES, YES},
    /*                                draft submitted returned verified final */
    {ROLE_OPD, ACT_VIEW_INDICATOR,   "10000 10000 10000 10000 10000",
                                     "10000 10000 10000 10000 10000",
                                     "10000 10000 10000 10000 10000",
                                     "10000 10000 10000 10000 10000"},
    {ROLE_OPD, ACT_EDIT_ASSESSMENT,  "10000 00000 10000 00000 00000", NO, NO, NO},
    {ROLE_OPD, ACT_SUBMIT,           "10000 00000 10000 00000 00000", NO, NO, NO},
    {ROLE_OPD, ACT_RETURN,           NO,  NO,  NO, NO},
    {ROLE_OPD, ACT_VERIFY,           NO,  NO,  NO, NO},
    {ROLE_OPD, ACT_ASSIGN,           NO,  NO,  NO, NO},
    {ROLE_OPD, ACT_MANAGE_OPD,       NO,  NO,  NO, NO},
    {ROLE_OPD, ACT_MANAGE_USERS,     NO,  NO,  NO, NO},
    {ROLE_OPD, ACT_MANAGE_CYCLE,     NO,  NO,  NO, NO},
    {ROLE_OPD, ACT_MANAGE_TARGET,    NO,  NO,  NO, NO},
    {ROLE_OPD, ACT_MANAGE_FRAMEWORK, NO,  NO,  NO, NO},
    {ROLE_OPD, ACT_VIEW_ADMIN,       NO,  NO,  NO, NO},
    {ROLE_OPD, ACT_VIEW_AUDIT,       NO,  NO,  NO, NO},
    {ROLE_OPD, ACT_REVIEW_EVIDENCE, NO, NO, NO, NO},
    {ROLE_OPD, ACT_VIEW_EVIDENCE,   NO, NO, NO, NO},
    {ROLE_OPD, ACT_VIEW_REPORTS,    NO, NO, NO, NO},
    {ROLE_OPD, ACT_REOPEN_CYCLE,    NO, NO, NO, NO},
    {ROLE_OPD, ACT_ASSESSOR_LEVEL,  NO, NO, NO, NO},
    {ROLE_OPD, ACT_BAD,              NO,  NO,  NO, NO},

    /* ---- an unknown role: nothing ---- */
    {ROLE_BAD, ACT_VIEW_DASHBOARD,   NO, NO, NO, NO},
    {ROLE_BAD, ACT_VIEW_INDICATOR,   NO, NO, NO, NO},
    {ROLE_BAD, ACT_EDIT_ASSESSMENT,  NO, NO, NO, NO},
    {ROLE_BAD, ACT_SUBMIT,           NO, NO, NO, NO},
    {ROLE_BAD, ACT_RETURN,           NO, NO, NO, NO},
    {ROLE_BAD, ACT_VERIFY,           NO, NO, NO, NO},
    {ROLE_BAD, ACT_ASSIGN,           NO, NO, NO, NO},
    {ROLE_BAD, ACT_MANAGE_OPD,       NO, NO, NO, NO},
    {ROLE_BAD, ACT_MANAGE_USERS,     NO, NO, NO, NO},
    {ROLE_BAD, ACT_MANAGE_CYCLE,     NO, NO, NO, NO},
    {ROLE_BAD, ACT_MANAGE_TARGET,    NO, NO, NO, NO},
    {ROLE_BAD, ACT_MANAGE_FRAMEWORK, NO, NO, NO, NO},
    {ROLE_BAD, ACT_VIEW_ADMIN,       NO, NO, NO, NO},
    {ROLE_BAD, ACT_VIEW_AUDIT,       NO, NO, NO, NO},
    {ROLE_BAD, ACT_REVIEW_EVIDENCE, NO, NO, NO, NO},
    {ROLE_BAD, ACT_VIEW_EVIDENCE,   NO, NO, NO, NO},
    {ROLE_BAD, ACT_VIEW_REPORTS,    NO, NO, NO, NO},
    {ROLE_BAD, ACT_REOPEN_CYCLE,    NO, NO, NO, NO},
    {ROLE_BAD, ACT_ASSESSOR_LEVEL,  NO, NO, NO, NO},
    {ROLE_BAD, ACT_BAD,              NO, NO, NO, NO},
};
/* clang-format on */

static const char *const role_label[] = {"admin",  "koordinator", "pimpinan",
                                         "asesor", "opd",         "(unknown role)"};
static const char *const cycle_label[N_CYCLE] = {"open", "review", "closed", "reopened"};
static const char *const status_label[N_STATUS] = {"draft", "submitted", "returned", "verified",
                                                   "final"};
static const char *const rel_label[N_REL] = {"own", "other", "no-OPD", "unassigned", "neither"};
static const int64_t rel_user[N_REL] = {5, 5, 0, 5, 0};
static const int64_t rel_object[N_REL] = {5, 7, 5, 0, 0};
static const assess_status statuses[N_STATUS] = {ASSESS_DRAFT, ASSESS_SUBMITTED, ASSESS_RETURNED,
                                                 ASSESS_VERIFIED, ASSESS_FINAL};

/* The scope of cycle state c, status st, relation r. */
static perm_scope scope_of(int c, int st, int r)
{
        perm_scope sc;

        memset(&sc, 0, sizeof(sc));
        sc.user_opd = rel_user[r];
        sc.object_opd = rel_object[r];
        sc.cycle_open = c == 0;
        sc.cycle_closed = c == 2;
        sc.cycle_reopened = c == 3;
        sc.status = statuses[st];
        return sc;
}

/* The 100 outcomes of one row as 0/1, after checking the strings' shape. */
static void expand(const row *w, char out[N_SCOPE])
{
        const char *parts[N_CYCLE] = {w->open, w->review, w->closed, w->reopened};
        int c, k, m = 0;

        for (c = 0; c < N_CYCLE; c++) {
                const char *p = parts[c];

                assert_int_equal(strlen(p), N_STATUS * N_REL + N_STATUS - 1);
                for (k = 0; p[k]; k++) {
                        if (k % (N_REL + 1) == N_REL) {
                                assert_int_equal(p[k], ' ');
                                continue;
                        }
                        assert_true(p[k] == '0' || p[k] == '1');
                        out[m++] = p[k];
                }
        }
        assert_int_equal(m, N_SCOPE);
}

static void test_table_covers_everything(void **state)
{
        bool seen[ROLE_COUNT + 1][ACT_COUNT + 1];
        size_t i;
        int r, a;

        (void)state;
        memset(seen, 0, sizeof(seen));
        for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
                const row *w = &expected[i];

                assert_true(w->role >= 0 && w->role <= ROLE_COUNT);
                assert_true(w->act >= 0 && w->act <= ACT_COUNT);
                assert_false(seen[w->role][w->act]);
                seen[w->role][w->act] = true;
        }
        for (r = 0; r <= ROLE_COUNT; r++)
                for (a = 0; a <= ACT_COUNT; a++)
                        assert_true(seen[r][a]);
}

static void test_matrix(void **state)
{
        size_t i;
        int failures = 0, checked = 0;

        (void)state;
        for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
                const row *w = &expected[i];
                char want[N_SCOPE];
                int c, st, r, m = 0;

                expand(w, want);
                for (c = 0; c < N_CYCLE; c++) {
                        for (st = 0; st < N_STATUS; st++) {
                                for (r = 0; r < N_REL; r++, m++) {
                                        perm_scope sc = scope_of(c, st, r);
                                        bool got = perm_allows((perm_role)w->role,
                                                               (perm_action)w->act, &sc);

                                        checked++;
                                        if (got == (want[m] == '1'))
                                                continue;
                                        failures++;
                                        printf("role %s, action %d, cycle %s, status %s, %s: "
                                               "expected %s, got %s\n",
                                               role_label[w->role], w->act, cycle_label[c],
                                               status_label[st], rel_label[r],
                                               want[m] == '1' ? "allowed" : "refused",
                                               got ? "allowed" : "refused");
                                }
                        }
                }
        }
        assert_int_equal(checked, (ROLE_COUNT + 1) * (ACT_COUNT + 1) * N_SCOPE);
        assert_int_equal(failures, 0);
}

/* Values far outside the enums, and a status outside assess_status. */
static void test_unknown_values_refused(void **state)
{
        perm_scope sc = scope_of(0, 0, 0);
        int a, r;

        (void)state;
        for (a = 0; a <= ACT_COUNT; a++) {
                assert_false(perm_allows((perm_role)-1, (perm_action)a, &sc));
                assert_false(perm_allows((perm_role)1000, (perm_action)a, &sc));
        }
        for (r = 0; r <= ROLE_COUNT; r++) {
                assert_false(perm_allows((perm_role)r, (perm_action)-1, &sc));
                assert_false(perm_allows((perm_role)r, (perm_action)1000, &sc));
        }
        /* an unknown status allows no change, for anyone */
        sc.status = (assess_status)99;
        for (r = 0; r < ROLE_COUNT; r++) {
                assert_false(perm_allows((perm_role)r, ACT_EDIT_ASSESSMENT, &sc));
                assert_false(perm_allows((perm_role)r, ACT_SUBMIT, &sc));
                assert_false(perm_allows((perm_role)r, ACT_RETURN, &sc));
                assert_false(perm_allows((perm_role)r, ACT_VERIFY, &sc));
        }
}

/* A scope that says open and closed at once is closed: nothing changes. */
static void test_closed_wins(void **state)
{
        perm_scope sc;
        int r, st;

        (void)state;
        for (r = 0; r < ROLE_COUNT; r++) {
                for (st = 0; st < N_STATUS; st++) {
                        sc = scope_of(0, st, 0);
                        sc.cycle_closed = true;
                        assert_false(perm_allows((perm_role)r, ACT_EDIT_ASSESSMENT, &sc));
                        assert_false(perm_allows((perm_role)r, ACT_SUBMIT, &sc));
                        assert_false(perm_allows((perm_role)r, ACT_RETURN, &sc));
                        assert_false(perm_allows((perm_role)r, ACT_VERIFY, &sc));
                        assert_false(perm_allows((perm_role)r, ACT_ASSIGN, &sc));
                }
        }
        /* negative OPD ids are ids like any other: equal means own */
        sc = scope_of(0, 0, 0);
        sc.user_opd = -3;
        sc.object_opd = -3;
        assert_true(perm_allows(ROLE_OPD, ACT_EDIT_ASSESSMENT, &sc));
        sc.object_opd = 3;
        assert_false(perm_allows(ROLE_OPD, ACT_EDIT_ASSESSMENT, &sc));
}

/* Without a scope only the actions that need none pass. */
static void test_null_scope(void **state)
{
        (void)state;
        assert_true(perm_allows(ROLE_ADMIN, ACT_MANAGE_USERS, NULL));
        assert_true(perm_allows(ROLE_ADMIN, ACT_VIEW_INDICATOR, NULL));
        assert_true(perm_allows(ROLE_PIMPINAN, ACT_VIEW_DASHBOARD, NULL));
        assert_true(perm_allows(ROLE_OPD, ACT_VIEW_DASHBOARD, NULL));
        assert_false(perm_allows(ROLE_OPD, ACT_VIEW_INDICATOR, NULL));
        assert_false(perm_allows(ROLE_OPD, ACT_EDIT_ASSESSMENT, NULL));
        assert_false(perm_allows(ROLE_KOORDINATOR, ACT_EDIT_ASSESSMENT, NULL));
        assert_false(perm_allows(ROLE_KOORDINATOR, ACT_ASSIGN, NULL));
        assert_false(perm_allows(ROLE_ASESOR, ACT_VERIFY, NULL));
}

static void test_role_names(void **state)
{
        static const char *const names[ROLE_COUNT] = {"admin", "koordinator", "pimpinan", "asesor",
                                                      "opd"};
        int r;

        (void)state;
        for (r = 0; r < ROLE_COUNT; r++) {
                assert_string_equal(perm_role_name((perm_role)r), names[r]);
                assert_int_equal(perm_role_parse(names[r]), r);
        }
        assert_int_equal(perm_role_parse("admin"), ROLE_ADMIN);
        assert_int_equal(perm_role_parse("opd"), ROLE_OPD);
        assert_null(perm_role_name(ROLE_COUNT));
        assert_null(perm_role_name((perm_role)-1));
        assert_int_equal(perm_role_parse(NULL), -1);
        assert_int_equal(perm_role_parse(""), -1);
        assert_int_equal(perm_role_parse("Admin"), -1);
        assert_int_equal(perm_role_parse("admin "), -1);
        assert_int_equal(perm_role_parse("adm"), -1);
        assert_int_equal(perm_role_parse("superuser"), -1);
}

/* A contributing OPD (not the lead) may see the indicator and work on its
 * evidence and justification while it is editable, but only the lead OPD
 * submits; a contributor flag means nothing without a user OPD, and it
 * changes nothing for the other roles. */
static void test_contributor(void **state)
{
        /* user OPD 7, indicator led by OPD 3, OPD 7 contributes */
        perm_scope sc = {7, 3, true, false, ASSESS_DRAFT, true, false, false, false};
        perm_scope none_opd = {0, 3, true, false, ASSESS_DRAFT, true, false, false, false};
        perm_scope returned = {7, 3, true, false, ASSESS_RETURNED, true, false, false, false};
        perm_scope submitted = {7, 3, true, false, ASSESS_SUBMITTED, true, false, false, false};
        perm_scope closed = {7, 3, false, true, ASSESS_DRAFT, true, false, false, false};
        perm_scope outsider = {7, 3, true, false, ASSESS_DRAFT, false, false, false, false};

        (void)state;
        assert_true(perm_allows(ROLE_OPD, ACT_VIEW_INDICATOR, &sc));
        assert_true(perm_allows(ROLE_OPD, ACT_EDIT_ASSESSMENT, &sc));
        assert_true(perm_allows(ROLE_OPD, ACT_EDIT_ASSESSMENT, &returned));
        assert_false(perm_allows(ROLE_OPD, ACT_SUBMIT, &sc));
        assert_false(perm_allows(ROLE_OPD, ACT_EDIT_ASSESSMENT, &submitted));
        assert_true(perm_allows(ROLE_OPD, ACT_VIEW_INDICATOR, &submitted));
        assert_false(perm_allows(ROLE_OPD, ACT_EDIT_ASSESSMENT, &closed));
        assert_true(perm_allows(ROLE_OPD, ACT_VIEW_INDICATOR, &closed));
        assert_false(perm_allows(ROLE_OPD, ACT_VIEW_INDICATOR, &none_opd));
        assert_false(perm_allows(ROLE_OPD, ACT_VIEW_INDICATOR, &outsider));
        assert_false(perm_allows(ROLE_OPD, ACT_RETURN, &submitted));
        assert_false(perm_allows(ROLE_PIMPINAN, ACT_EDIT_ASSESSMENT, &sc));
        assert_false(perm_allows(ROLE_ASESOR, ACT_SUBMIT, &sc));
        assert_true(perm_allows(ROLE_KOORDINATOR, ACT_SUBMIT, &sc));
}

/* The scope fields outside the matrix change only what they are for:
 * external only EDIT_ASSESSMENT and SUBMIT of roles other than the
 * koordinator (refused), evidence_own only VIEW_EVIDENCE of an OPD member
 * (allowed), contributor only VIEW_INDICATOR and EDIT_ASSESSMENT of an OPD
 * member (test_contributor has the cases). */
static void test_scope_flags(void **state)
{
        int c, st, r, role, act;

        (void)state;
        for (c = 0; c < N_CYCLE; c++)
                for (st = 0; st < N_STATUS; st++)
                        for (r = 0; r < N_REL; r++)
                                for (role = 0; role < ROLE_COUNT; role++)
                                        for (act = 0; act < ACT_COUNT; act++) {
                                                perm_scope sc = scope_of(c, st, r), x = sc, ev = sc;
                                                bool base = perm_allows((perm_role)role,
                                                                        (perm_action)act, &sc);
                                                bool fill =
                                                    act == ACT_EDIT_ASSESSMENT || act == ACT_SUBMIT;

                                                x.external = true;
                                                ev.evidence_own = true;
                                                assert_int_equal(perm_allows((perm_role)role,
                                                                             (perm_action)act, &x),
                                                                 fill && role != ROLE_KOORDINATOR
                                                                     ? false
                                                                     : base);
                                                assert_int_equal(perm_allows((perm_role)role,
                                                                             (perm_action)act, &ev),
                                                                 act == ACT_VIEW_EVIDENCE &&
                                                                         role == ROLE_OPD
                                                                     ? true
                                                                     : base);
                                        }
}

/* A reopened cycle that is also marked closed is closed; reopening needs
 * a real scope of a closed cycle. */
static void test_reopened(void **state)
{
        perm_scope sc = scope_of(3, 4, 0);

        (void)state;
        assert_true(perm_allows(ROLE_KOORDINATOR, ACT_EDIT_ASSESSMENT, &sc));
        sc.external = true; /* corrections include the external values */
        assert_true(perm_allows(ROLE_KOORDINATOR, ACT_EDIT_ASSESSMENT, &sc));
        sc.cycle_closed = true;
        assert_false(perm_allows(ROLE_KOORDINATOR, ACT_EDIT_ASSESSMENT, &sc));
        sc.status = (assess_status)99;
        sc.cycle_closed = false;
        assert_false(perm_allows(ROLE_KOORDINATOR, ACT_EDIT_ASSESSMENT, &sc));
        assert_false(perm_allows(ROLE_ADMIN, ACT_REOPEN_CYCLE, NULL));
}

/* ---- docs/roles.md says what perm_allows does ---------------------------- */

/* One scope of the document check: the matrix's scopes times contributor,
 * external and evidence_own. */
typedef struct doc_scope {
        int c, st, r;
        bool contributor, external, evidence_own;
} doc_scope;

/* True when one condition word of the document holds in d. */
static bool doc_cond(const char *w, size_t n, const doc_scope *d)
{
        bool own = rel_user[d->r] != 0 && rel_user[d->r] == rel_object[d->r];
        static const char letters[N_STATUS] = {'D', 'S', 'R', 'V', 'F'};

#define IS(lit) (n == sizeof(lit) - 1 && memcmp(w, lit, n) == 0)
        if (IS("buka"))
                return d->c == 0;
        if (IS("aktif"))
                return d->c == 0 || d->c == 1;
        if (IS("ditutup"))
                return d->c == 2;
        if (IS("dibuka kembali"))
                return d->c == 3;
        if (IS("sendiri"))
                return own;
        if (IS("tim"))
                return own || (rel_user[d->r] != 0 && d->contributor);
        if (IS("internal"))
                return !d->external;
        if (IS("bukti sendiri"))
                return d->evidence_own;
#undef IS
        /* a set of statuses: D/R, S/V, S ... */
        for (size_t i = 0; i < n; i += 2) {
                const char *l = memchr(letters, w[i], N_STATUS);

                if (!l || (i + 1 < n && w[i + 1] != '/'))
                        fail_msg("docs/roles.md: unknown condition \"%.*s\"", (int)n, w);
                if (l - letters == d->st)
                        return true;
        }
        return false;
}

/* The outcome a cell of the document's table gives in d: "ya", "–", or
 * alternatives separated by " atau " of conditions separated by ", ". */
static bool doc_cell(const char *cell, const doc_scope *d)
{
        const char *p = cell;

        if (strcmp(cell, "ya") == 0)
                return true;
        if (strcmp(cell, "–") == 0 || strcmp(cell, "-") == 0)
                return false;
        while (*p) {
                const char *end = strstr(p, " atau ");
                size_t alen = end ? (size_t)(end - p) : strlen(p);
                bool all = true;

                for (size_t i = 0; i < alen;) {
                        const char *comma = memchr(p + i, ',', alen - i);
                        size_t wlen = comma ? (size_t)(comma - (p + i)) : alen - i;

                        all = doc_cond(p + i, wlen, d) && all;
                        i += wlen;
                        while (i < alen && (p[i] == ',' || p[i] == ' '))
                                i++;
                }
                if (all)
                        return true;
                p = end ? end + 6 : p + alen;
        }
        return false;
}

static const char *const act_names[ACT_COUNT] = {
    "VIEW_DASHBOARD", "VIEW_INDICATOR",   "EDIT_ASSESSMENT", "SUBMIT",         "RETURN",
    "VERIFY",         "ASSIGN",           "MANAGE_OPD",      "MANAGE_USERS",   "MANAGE_CYCLE",
    "MANAGE_TARGET",  "MANAGE_FRAMEWORK", "VIEW_ADMIN",      "VIEW_AUDIT",     "REVIEW_EVIDENCE",
    "VIEW_EVIDENCE",  "VIEW_REPORTS",     "REOPEN_CYCLE",    "ASSESSOR_LEVEL",
};

/* Splits a table line "| a | b | ... |" into at most max trimmed cells
 * (written into the line); the number of cells. */
static int split_cells(char *line, char **cells, int max)
{
        int n = 0;
        char *p = strchr(line, '|');

        while (p && n < max) {
                char *next = strchr(p + 1, '|');
                char *b = p + 1, *e = next;

                if (!next)
                        break;
                while (b < e && *b == ' ')
                        b++;
                while (e > b && e[-1] == ' ')
                        e--;
                *e = '\0';
                cells[n++] = b;
                p = next;
        }
        return n;
}

/* The permission table of docs/roles.md (its rows are named by action, its
 * columns by role) gives, cell by cell, exactly what perm_allows answers in
 * every scope; every action has one row, every role one column. */
static void test_roles_doc(void **state)
{
        FILE *f = fopen(MONEV_SOURCE_DIR "/docs/roles.md", "r");
        char line[1024];
        int col[ROLE_COUNT], rows_seen[ACT_COUNT] = {0};
        bool header = false;
        int checked = 0;

        (void)state;
        assert_non_null(f);
        while (fgets(line, sizeof(line), f)) {
                char *cells[8];
                int n, act = -1;

                if (line[0] != '|')
                        continue;
                line[strcspn(line, "\n")] = '\0';
                n = split_cells(line, cells, 8);
                if (n == ROLE_COUNT + 1 && strcmp(cells[0], "tindakan") == 0) {
                        for (int k = 0; k < ROLE_COUNT; k++) {
                                col[k] = perm_role_parse(cells[k + 1]);
                                assert_true(col[k] >= 0);
                        }
                        header = true;
                        continue;
                }
                if (!header || n != ROLE_COUNT + 1)
                        continue;
                for (int a = 0; a < ACT_COUNT; a++) {
                        size_t len = strlen(act_names[a]);

                        if (strncmp(cells[0], act_names[a], len) == 0 &&
                            (cells[0][len] == '\0' || cells[0][len] == ' '))
                                act = a;
                }
                if (act < 0)
                        continue;
                rows_seen[act]++;
                for (int k = 0; k < ROLE_COUNT; k++) {
                        for (int bits = 0; bits < N_CYCLE * N_STATUS * N_REL * 8; bits++) {
                                doc_scope d = {bits / (N_STATUS * N_REL * 8) % N_CYCLE,
                                               bits / (N_REL * 8) % N_STATUS,
                                               bits / 8 % N_REL,
                                               (bits & 1) != 0,
                                               (bits & 2) != 0,
                                               (bits & 4) != 0};
                                perm_scope sc = scope_of(d.c, d.st, d.r);
                                bool want = doc_cell(cells[k + 1], &d);

                                sc.contributor = d.contributor;
                                sc.external = d.external;
                                sc.evidence_own = d.evidence_own;
                                if (perm_allows((perm_role)col[k], (perm_action)act, &sc) != want)
                                        fail_msg("docs/roles.md row %s, column %s (\"%s\"): "
                                                 "cycle %s, status %s, %s, contributor %d, "
                                                 "external %d, evidence_own %d: the document "
                                                 "says %s",
                                                 act_names[act], perm_role_name((perm_role)col[k]),
                                                 cells[k + 1], cycle_label[d.c], status_label[d.st],
                                                 rel_label[d.r], d.contributor, d.external,
                                                 d.evidence_own, want ? "allowed" : "refused");
                                checked++;
                        }
                }
                header = true;
        }
        fclose(f);
        assert_true(header);
        for (int a = 0; a < ACT_COUNT; a++)
                if (rows_seen[a] != 1)
                        fail_msg("docs/roles.md: action %s has %d rows in the table (want 1)",
                                 act_names[a], rows_seen[a]);
        assert_int_equal(checked, ACT_COUNT * ROLE_COUNT * N_CYCLE * N_STATUS * N_REL * 8);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_table_covers_everything),
            cmocka_unit_test(test_matrix),
            cmocka_unit_test(test_unknown_values_refused),
            cmocka_unit_test(test_closed_wins),
            cmocka_unit_test(test_null_scope),
            cmocka_unit_test(test_role_names),
            cmocka_unit_test(test_contributor),
            cmocka_unit_test(test_scope_flags),
            cmocka_unit_test(test_reopened),
            cmocka_unit_test(test_roles_doc),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
