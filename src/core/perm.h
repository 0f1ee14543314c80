/*
 * perm: who may do what to which object.  One pure function decides, and
 * every page handler and API call asks it; tests/unit/test_perm.c checks
 * the whole matrix of role x action x scope.
 *
 * Roles, in the agency's own terms:
 *   admin       the installation: accounts, frameworks; reads everything
 *   koordinator Diskominfo's e-government team: the whole agency's assessment
 *   pimpinan    leadership (e.g. the Sekda): reads everything, changes nothing
 *   asesor      internal assessor: reads everything, reviews (returns, verifies)
 *   opd         a member of one OPD: only the indicators assigned to that OPD
 */
#ifndef MONEV_CORE_PERM_H
#define MONEV_CORE_PERM_H

#include <stdbool.h>
#include <stdint.h>

typedef enum perm_role {
        ROLE_ADMIN = 0,
        ROLE_KOORDINATOR,
        ROLE_PIMPINAN,
        ROLE_ASESOR,
        ROLE_OPD,
        ROLE_COUNT
} perm_role;

/* The state of one indicator's assessment in a cycle (stored as text by
 * the store; the numbers are only for C). */
typedef enum assess_status {
        ASSESS_DRAFT = 0,
        ASSESS_SUBMITTED,
        ASSESS_RETURNED,
        ASSESS_VERIFIED,
        ASSESS_FINAL
} assess_status;

/* A single level value that is not filled (a framework may declare level
 * 0, so 0 is a level). */
#define ASSESS_NO_LEVEL (-1)

typedef enum perm_action {
        ACT_VIEW_DASHBOARD = 0, /* the agency's index and progress */
        ACT_VIEW_INDICATOR,     /* one indicator's assessment, criteria, history */
        ACT_EDIT_ASSESSMENT,    /* level, Fakta, Hasil Analisis (draft or returned) */
        ACT_SUBMIT,             /* draft/returned -> submitted */
        ACT_RETURN,             /* submitted -> returned with a note */
        ACT_VERIFY,             /* submitted -> verified */
        ACT_ASSIGN,             /* assign indicators to OPDs, deadlines */
        ACT_MANAGE_OPD,
        ACT_MANAGE_USERS,
        ACT_MANAGE_CYCLE, /* create, open/review/close cycles */
        ACT_MANAGE_TARGET,
        ACT_MANAGE_FRAMEWORK, /* import frameworks */
        ACT_VIEW_ADMIN,       /* the administration pages at all */
        ACT_VIEW_AUDIT,
        ACT_REVIEW_EVIDENCE, /* mark an indicator's evidence diterima / revisi */
        ACT_VIEW_EVIDENCE,   /* download one evidence document */
        ACT_VIEW_REPORTS,    /* the whole agency's detail: progress, reports, official results */
        ACT_REOPEN_CYCLE,    /* closed -> dibuka kembali, with a reason */
        ACT_ASSESSOR_LEVEL,  /* the asesor's own level and note, beside the claim */
        ACT_COUNT
} perm_action;

/* What the decision may depend on.  Fields that do not apply to an action
 * are ignored. */
typedef struct perm_scope {
        int64_t user_opd;     /* the acting user's OPD id, 0 when none */
        int64_t object_opd;   /* the lead OPD the indicator is assigned to, 0 when none */
        bool cycle_open;      /* the cycle is open (not in review or closed) */
        bool cycle_closed;    /* the cycle is closed: nothing changes */
        assess_status status; /* the assessment's state */
        bool contributor;     /* the user's OPD contributes to the indicator */
        bool external;        /* the indicator's value comes from another agency's
                                 evaluation: only the koordinator fills it in */
        bool cycle_reopened;  /* a closed cycle the admin reopened ("dibuka kembali"):
                                 only the koordinator corrects levels, texts and
                                 evidence; statuses, assignments and teams stay */
        bool evidence_own;    /* ACT_VIEW_EVIDENCE: the document is linked to an
                                 indicator the user's OPD leads, or the user uploaded it */
} perm_scope;

/* True when a user with role may do act within scope.  Pure; can't fail. */
bool perm_allows(perm_role role, perm_action act, const perm_scope *scope);

/* "admin", "koordinator", ... and back.  perm_role_parse returns -1 for an
 * unknown name. */
const char *perm_role_name(perm_role role);
int perm_role_parse(const char *name);

#endif
