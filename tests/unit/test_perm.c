/*
 * Permissions: the whole matrix of role x action x scope, against a table
 * of expected outcomes written out by hand from the policy (docs/roles.md),
 * not computed by the logic under test.
 *
 * Every role (and one value past the last), every action (and one past the
 * last) is a row of the table.  A row gives the outcome for each of the 75
 * scopes: three cycle states (open, review, closed) x five statuses (draft,
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
 * A row is three strings (open, review, closed); each is five groups
 * (draft submitted returned verified final) of five characters (own other
 * no-OPD unassigned neither), '1' = allowed, '0' = refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/perm.h"

#define N_CYCLE  3
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
        const char *open, *review, *closed;
} row;

/* clang-format off */
static const row expected[] = {
    /* ---- admin: the installation; reads everything, does not assess ---- */
    {ROLE_ADMIN, ACT_VIEW_DASHBOARD,   YES, YES, YES},
    {ROLE_ADMIN, ACT_VIEW_INDICATOR,   YES, YES, YES},
    {ROLE_ADMIN, ACT_EDIT_ASSESSMENT,  NO,  NO,  NO},
    {ROLE_ADMIN, ACT_SUBMIT,           NO,  NO,  NO},
    {ROLE_ADMIN, ACT_RETURN,           NO,  NO,  NO},
    {ROLE_ADMIN, ACT_VERIFY,           NO,  NO,  NO},
    {ROLE_ADMIN, ACT_ASSIGN,           NO,  NO,  NO},
    {ROLE_ADMIN, ACT_MANAGE_OPD,       YES, YES, YES},
    {ROLE_ADMIN, ACT_MANAGE_USERS,     YES, YES, YES},
    {ROLE_ADMIN, ACT_MANAGE_CYCLE,     YES, YES, YES},
    {ROLE_ADMIN, ACT_MANAGE_TARGET,    YES, YES, YES},
    {ROLE_ADMIN, ACT_MANAGE_FRAMEWORK, YES, YES, YES},
    {ROLE_ADMIN, ACT_VIEW_ADMIN,       YES, YES, YES},
    {ROLE_ADMIN, ACT_VIEW_AUDIT,       YES, YES, YES},
    {ROLE_ADMIN, ACT_BAD,              NO,  NO,  NO},

    /* ---- koordinator: the whole assessment, any indicator ---- */
    {ROLE_KOORDINATOR, ACT_VIEW_DASHBOARD,   YES, YES, YES},
    {ROLE_KOORDINATOR, ACT_VIEW_INDICATOR,   YES, YES, YES},
    /*                                        draft submitted returned verified final */
    {ROLE_KOORDINATOR, ACT_EDIT_ASSESSMENT, "11111 00000 11111 00000 00000", NO, NO},
    {ROLE_KOORDINATOR, ACT_SUBMIT,          "11111 00000 11111 00000 00000", NO, NO},
    {ROLE_KOORDINATOR, ACT_RETURN,          "00000 11111 00000 11111 00000",
                                            "00000 11111 00000 11111 00000", NO},
    {ROLE_KOORDINATOR, ACT_VERIFY,           NO,  NO,  NO},
    {ROLE_KOORDINATOR, ACT_ASSIGN,           YES, YES, NO},
    {ROLE_KOORDINATOR, ACT_MANAGE_OPD,       YES, YES, YES},
    {ROLE_KOORDINATOR, ACT_MANAGE_USERS,     NO,  NO,  NO},
    {ROLE_KOORDINATOR, ACT_MANAGE_CYCLE,     YES, YES, YES},
    {ROLE_KOORDINATOR, ACT_MANAGE_TARGET,    YES, YES, YES},
    {ROLE_KOORDINATOR, ACT_MANAGE_FRAMEWORK, NO,  NO,  NO},
    {ROLE_KOORDINATOR, ACT_VIEW_ADMIN,       YES, YES, YES},
    {ROLE_KOORDINATOR, ACT_VIEW_AUDIT,       YES, YES, YES},
    {ROLE_KOORDINATOR, ACT_BAD,              NO,  NO,  NO},

    /* ---- pimpinan: reads, changes nothing ---- */
    {ROLE_PIMPINAN, ACT_VIEW_DASHBOARD,   YES, YES, YES},
    {ROLE_PIMPINAN, ACT_VIEW_INDICATOR,   YES, YES, YES},
    {ROLE_PIMPINAN, ACT_EDIT_ASSESSMENT,  NO,  NO,  NO},
    {ROLE_PIMPINAN, ACT_SUBMIT,           NO,  NO,  NO},
    {ROLE_PIMPINAN, ACT_RETURN,           NO,  NO,  NO},
    {ROLE_PIMPINAN, ACT_VERIFY,           NO,  NO,  NO},
    {ROLE_PIMPINAN, ACT_ASSIGN,           NO,  NO,  NO},
    {ROLE_PIMPINAN, ACT_MANAGE_OPD,       NO,  NO,  NO},
    {ROLE_PIMPINAN, ACT_MANAGE_USERS,     NO,  NO,  NO},
    {ROLE_PIMPINAN, ACT_MANAGE_CYCLE,     NO,  NO,  NO},
    {ROLE_PIMPINAN, ACT_MANAGE_TARGET,    NO,  NO,  NO},
    {ROLE_PIMPINAN, ACT_MANAGE_FRAMEWORK, NO,  NO,  NO},
    {ROLE_PIMPINAN, ACT_VIEW_ADMIN,       NO,  NO,  NO},
    {ROLE_PIMPINAN, ACT_VIEW_AUDIT,       YES, YES, YES},
    {ROLE_PIMPINAN, ACT_BAD,              NO,  NO,  NO},

    /* ---- asesor: reads; returns and verifies what was submitted ---- */
    {ROLE_ASESOR, ACT_VIEW_DASHBOARD,   YES, YES, YES},
    {ROLE_ASESOR, ACT_VIEW_INDICATOR,   YES, YES, YES},
    {ROLE_ASESOR, ACT_EDIT_ASSESSMENT,  NO,  NO,  NO},
    {ROLE_ASESOR, ACT_SUBMIT,           NO,  NO,  NO},
    /*                                   draft submitted returned verified final */
    {ROLE_ASESOR, ACT_RETURN,           "00000 11111 00000 00000 00000",
                                        "00000 11111 00000 00000 00000", NO},
    {ROLE_ASESOR, ACT_VERIFY,           "00000 11111 00000 00000 00000",
                                        "00000 11111 00000 00000 00000", NO},
    {ROLE_ASESOR, ACT_ASSIGN,           NO,  NO,  NO},
    {ROLE_ASESOR, ACT_MANAGE_OPD,       NO,  NO,  NO},
    {ROLE_ASESOR, ACT_MANAGE_USERS,     NO,  NO,  NO},
    {ROLE_ASESOR, ACT_MANAGE_CYCLE,     NO,  NO,  NO},
    {ROLE_ASESOR, ACT_MANAGE_TARGET,    NO,  NO,  NO},
    {ROLE_ASESOR, ACT_MANAGE_FRAMEWORK, NO,  NO,  NO},
    {ROLE_ASESOR, ACT_VIEW_ADMIN,       NO,  NO,  NO},
    {ROLE_ASESOR, ACT_VIEW_AUDIT,       YES, YES, YES},
    {ROLE_ASESOR, ACT_BAD,              NO,  NO,  NO},

    /* ---- opd: only the indicators assigned to the user's own OPD ---- */
    {ROLE_OPD, ACT_VIEW_DASHBOARD,   YES, YES, YES},
    /*                                draft submitted returned verified final */
    {ROLE_OPD, ACT_VIEW_INDICATOR,   "10000 10000 10000 10000 10000",
                                     "10000 10000 10000 10000 10000",
                                     "10000 10000 10000 10000 10000"},
    {ROLE_OPD, ACT_EDIT_ASSESSMENT,  "10000 00000 10000 00000 00000", NO, NO},
    {ROLE_OPD, ACT_SUBMIT,           "10000 00000 10000 00000 00000", NO, NO},
    {ROLE_OPD, ACT_RETURN,           NO,  NO,  NO},
    {ROLE_OPD, ACT_VERIFY,           NO,  NO,  NO},
    {ROLE_OPD, ACT_ASSIGN,           NO,  NO,  NO},
    {ROLE_OPD, ACT_MANAGE_OPD,       NO,  NO,  NO},
    {ROLE_OPD, ACT_MANAGE_USERS,     NO,  NO,  NO},
    {ROLE_OPD, ACT_MANAGE_CYCLE,     NO,  NO,  NO},
    {ROLE_OPD, ACT_MANAGE_TARGET,    NO,  NO,  NO},
    {ROLE_OPD, ACT_MANAGE_FRAMEWORK, NO,  NO,  NO},
    {ROLE_OPD, ACT_VIEW_ADMIN,       NO,  NO,  NO},
    {ROLE_OPD, ACT_VIEW_AUDIT,       NO,  NO,  NO},
    {ROLE_OPD, ACT_BAD,              NO,  NO,  NO},

    /* ---- an unknown role: nothing ---- */
    {ROLE_BAD, ACT_VIEW_DASHBOARD,   NO, NO, NO},
    {ROLE_BAD, ACT_VIEW_INDICATOR,   NO, NO, NO},
    {ROLE_BAD, ACT_EDIT_ASSESSMENT,  NO, NO, NO},
    {ROLE_BAD, ACT_SUBMIT,           NO, NO, NO},
    {ROLE_BAD, ACT_RETURN,           NO, NO, NO},
    {ROLE_BAD, ACT_VERIFY,           NO, NO, NO},
    {ROLE_BAD, ACT_ASSIGN,           NO, NO, NO},
    {ROLE_BAD, ACT_MANAGE_OPD,       NO, NO, NO},
    {ROLE_BAD, ACT_MANAGE_USERS,     NO, NO, NO},
    {ROLE_BAD, ACT_MANAGE_CYCLE,     NO, NO, NO},
    {ROLE_BAD, ACT_MANAGE_TARGET,    NO, NO, NO},
    {ROLE_BAD, ACT_MANAGE_FRAMEWORK, NO, NO, NO},
    {ROLE_BAD, ACT_VIEW_ADMIN,       NO, NO, NO},
    {ROLE_BAD, ACT_VIEW_AUDIT,       NO, NO, NO},
    {ROLE_BAD, ACT_BAD,              NO, NO, NO},
};
/* clang-format on */

static const char *const role_label[] = {"admin",  "koordinator", "pimpinan",
                                         "asesor", "opd",         "(unknown role)"};
static const char *const cycle_label[N_CYCLE] = {"open", "review", "closed"};
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
        sc.status = statuses[st];
        return sc;
}

/* The 75 outcomes of one row as 0/1, after checking the strings' shape. */
static void expand(const row *w, char out[N_SCOPE])
{
        const char *parts[N_CYCLE] = {w->open, w->review, w->closed};
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
        perm_scope sc = {7, 3, true, false, ASSESS_DRAFT, true};
        perm_scope none_opd = {0, 3, true, false, ASSESS_DRAFT, true};
        perm_scope returned = {7, 3, true, false, ASSESS_RETURNED, true};
        perm_scope submitted = {7, 3, true, false, ASSESS_SUBMITTED, true};
        perm_scope closed = {7, 3, false, true, ASSESS_DRAFT, true};
        perm_scope outsider = {7, 3, true, false, ASSESS_DRAFT, false};

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
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
