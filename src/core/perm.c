/*
 * perm: the one decision of who may do what (see perm.h, docs/roles.md).
 *
 * Kebijakan hak akses.  "ya" = selalu boleh; "-" = tidak pernah; selain
 * itu hanya boleh bila semua syarat satu alternatif terpenuhi ("atau"
 * memisahkan alternatif):
 *   buka       siklus sedang terbuka
 *   aktif      siklus terbuka atau dalam reviu (tidak ditutup, tidak dibuka kembali)
 *   dibuka kembali  siklus yang ditutup lalu dibuka kembali oleh admin
 *   ditutup    siklus ditutup
 *   sendiri    indikator ditugaskan ke OPD pengguna sendiri
 *              (scope->user_opd != 0 dan sama dengan scope->object_opd)
 *   tim        sendiri, atau OPD pengguna berkontribusi pada indikator
 *   internal   nilai indikator tidak berasal dari instansi lain
 *   bukti sendiri  dokumen tertaut ke indikator OPD pengguna, atau diunggah pengguna
 *   D S R V F  status penilaian: draf, diajukan, dikembalikan, diverifikasi, final
 *
 *   tindakan          admin    koordinator                    pimpinan asesor     opd
 *   ----------------  -------  -----------------------------  -------- ---------
 * -------------------------- VIEW_DASHBOARD    ya       ya                             ya       ya
 * ya VIEW_INDICATOR    ya       ya                             ya       ya         tim
 *   EDIT_ASSESSMENT   -        buka, D/R atau dibuka kembali  -        -          tim, internal,
 * buka, D/R SUBMIT            -        buka, D/R                      -        -          sendiri,
 * internal, buka, D/R RETURN            -        aktif, S/V                     -        aktif, S -
 *   VERIFY            -        -                              -        aktif, S   -
 *   ASSIGN            -        aktif                          -        -          -
 *   MANAGE_OPD        ya       ya                             -        -          -
 *   MANAGE_USERS      ya       -                              -        -          -
 *   MANAGE_CYCLE      ya       ya                             -        -          -
 *   MANAGE_TARGET     ya       ya                             -        -          -
 *   MANAGE_FRAMEWORK  ya       -                              -        -          -
 *   VIEW_ADMIN        ya       ya                             -        -          -
 *   VIEW_AUDIT        ya       ya                             ya       ya         -
 *   REVIEW_EVIDENCE   -        aktif                          -        aktif      -
 *   VIEW_EVIDENCE     ya       ya                             ya       ya         bukti sendiri
 *   VIEW_REPORTS      ya       ya                             ya       ya         -
 *   REOPEN_CYCLE      ditutup  -                              -        -          -
 *   ASSESSOR_LEVEL    -        -                              -        aktif, S/V -
 *
 * Pemisahan tugas: admin mengelola instalasi dan tidak menilai;
 * koordinator menjalankan penilaian tetapi tidak mengelola akun dan
 * framework dan tidak memverifikasi; hanya asesor yang memverifikasi dan
 * mencatat tingkat asesor (di samping klaim, tanpa mengubahnya).
 * Siklus yang ditutup menolak setiap tindakan yang mengubah penilaian
 * bagi siapa pun; hanya admin yang dapat membukanya kembali (dengan
 * alasan).  Siklus yang dibuka kembali hanya mengizinkan koordinator
 * membetulkan tingkat, teks, dan bukti; status, penugasan, dan tim tetap.
 *
 * Policy (English).  The table above reads: "ya" = always, "-" = never,
 * otherwise only when every condition of one alternative holds ("atau" =
 * or): buka = the cycle is open; aktif = open or in review (neither closed
 * nor reopened); dibuka kembali = a closed cycle the admin reopened;
 * ditutup = closed; sendiri = the indicator is assigned to the user's own
 * OPD; tim = sendiri, or the user's OPD contributes to the indicator;
 * internal = the indicator is not valued by another agency; bukti sendiri
 * = the document is linked to an indicator of the user's OPD or was
 * uploaded by the user; D/S/R/V/F = the status.  A closed cycle refuses
 * every changing action (EDIT_ASSESSMENT, SUBMIT, RETURN, VERIFY, ASSIGN,
 * REVIEW_EVIDENCE) for everyone, whatever else the scope says (also when
 * cycle_open or cycle_reopened is set with it).  A final assessment changes
 * no more, except through the koordinator's corrections in a reopened
 * cycle.  An unknown role, action or status is refused.  A NULL scope
 * passes only the actions that need none.  docs/roles.md holds the same
 * table, and tests/unit/test_perm.c checks it against this function.
 */
#include "core/perm.h"

#include <string.h>

#define BIT(a) (1u << (a))

/* The actions each role may take at all; the scope conditions come after. */
static const unsigned role_actions[ROLE_COUNT] = {
    [ROLE_ADMIN] = BIT(ACT_VIEW_DASHBOARD) | BIT(ACT_VIEW_INDICATOR) | BIT(ACT_MANAGE_OPD) |
                   BIT(ACT_MANAGE_USERS) | BIT(ACT_MANAGE_CYCLE) | BIT(ACT_MANAGE_TARGET) |
                   BIT(ACT_MANAGE_FRAMEWORK) | BIT(ACT_VIEW_ADMIN) | BIT(ACT_VIEW_AUDIT) |
                   BIT(ACT_VIEW_EVIDENCE) | BIT(ACT_VIEW_REPORTS) | BIT(ACT_REOPEN_CYCLE),
    [ROLE_KOORDINATOR] = BIT(ACT_VIEW_DASHBOARD) | BIT(ACT_VIEW_INDICATOR) |
                         BIT(ACT_EDIT_ASSESSMENT) | BIT(ACT_SUBMIT) | BIT(ACT_RETURN) |
                         BIT(ACT_ASSIGN) | BIT(ACT_MANAGE_OPD) | BIT(ACT_MANAGE_CYCLE) |
                         BIT(ACT_MANAGE_TARGET) | BIT(ACT_VIEW_ADMIN) | BIT(ACT_VIEW_AUDIT) |
                         BIT(ACT_REVIEW_EVIDENCE) | BIT(ACT_VIEW_EVIDENCE) | BIT(ACT_VIEW_REPORTS),
    [ROLE_PIMPINAN] = BIT(ACT_VIEW_DASHBOARD) | BIT(ACT_VIEW_INDICATOR) | BIT(ACT_VIEW_AUDIT) |
                      BIT(ACT_VIEW_EVIDENCE) | BIT(ACT_VIEW_REPORTS),
    [ROLE_ASESOR] = BIT(ACT_VIEW_DASHBOARD) | BIT(ACT_VIEW_INDICATOR) | BIT(ACT_RETURN) |
                    BIT(ACT_VERIFY) | BIT(ACT_VIEW_AUDIT) | BIT(ACT_REVIEW_EVIDENCE) |
                    BIT(ACT_VIEW_EVIDENCE) | BIT(ACT_VIEW_REPORTS) | BIT(ACT_ASSESSOR_LEVEL),
    [ROLE_OPD] = BIT(ACT_VIEW_DASHBOARD) | BIT(ACT_VIEW_INDICATOR) | BIT(ACT_EDIT_ASSESSMENT) |
                 BIT(ACT_SUBMIT) | BIT(ACT_VIEW_EVIDENCE),
};

static const char *const role_names[ROLE_COUNT] = {
    [ROLE_ADMIN] = "admin",       [ROLE_KOORDINATOR] = "koordinator",
    [ROLE_PIMPINAN] = "pimpinan", [ROLE_ASESOR] = "asesor",
    [ROLE_OPD] = "opd",
};

/* Read for a NULL scope: closed and without OPDs, so every action that
 * depends on the scope is refused. */
static const perm_scope no_scope = {0, 0, false, true, ASSESS_DRAFT, false, false, false, false};

/* The indicator is assigned to the user's OPD. */
static bool own_opd(const perm_scope *sc)
{
        return sc->user_opd != 0 && sc->user_opd == sc->object_opd;
}

/* The user's OPD leads the indicator or contributes to it: it may see it
 * and work on its evidence and justification, but only the lead submits. */
static bool team_opd(const perm_scope *sc)
{
        return own_opd(sc) || (sc->user_opd != 0 && sc->contributor);
}

/* Open or in review: the workflow runs (not closed, not reopened). */
static bool active(const perm_scope *sc)
{
        return !sc->cycle_closed && !sc->cycle_reopened;
}

/* Level and texts can change in the workflow: open cycle, draft or returned. */
static bool editable(const perm_scope *sc)
{
        return active(sc) && sc->cycle_open &&
               (sc->status == ASSESS_DRAFT || sc->status == ASSESS_RETURNED);
}

/* An external indicator's value is the koordinator's to fill in. */
static bool may_fill(perm_role role, const perm_scope *sc)
{
        return !sc->external || role == ROLE_KOORDINATOR;
}

bool perm_allows(perm_role role, perm_action act, const perm_scope *scope)
{
        const perm_scope *sc = scope ? scope : &no_scope;

        if ((unsigned)role >= ROLE_COUNT || (unsigned)act >= ACT_COUNT)
                return false;
        if (!(role_actions[role] & BIT(act)))
                return false;
        switch (act) {
        case ACT_VIEW_INDICATOR:
                return role != ROLE_OPD || team_opd(sc);
        case ACT_EDIT_ASSESSMENT:
                if (sc->cycle_closed || !may_fill(role, sc))
                        return false;
                if (sc->cycle_reopened) /* corrections: the koordinator's alone */
                        return role == ROLE_KOORDINATOR && (unsigned)sc->status <= ASSESS_FINAL;
                return editable(sc) && (role != ROLE_OPD || team_opd(sc));
        case ACT_SUBMIT:
                return may_fill(role, sc) && editable(sc) && (role != ROLE_OPD || own_opd(sc));
        case ACT_RETURN:
                return active(sc) && (sc->status == ASSESS_SUBMITTED ||
                                      (role == ROLE_KOORDINATOR && sc->status == ASSESS_VERIFIED));
        case ACT_VERIFY:
                return active(sc) && sc->status == ASSESS_SUBMITTED;
        case ACT_ASSESSOR_LEVEL: /* while reviewing, and after verifying */
                return active(sc) &&
                       (sc->status == ASSESS_SUBMITTED || sc->status == ASSESS_VERIFIED);
        case ACT_ASSIGN:
        case ACT_REVIEW_EVIDENCE:
                return active(sc);
        case ACT_VIEW_EVIDENCE:
                return role != ROLE_OPD || sc->evidence_own;
        case ACT_REOPEN_CYCLE:
                return scope && sc->cycle_closed;
        default:
                return true; /* needs no scope */
        }
}

/* NULL for a value outside perm_role. */
const char *perm_role_name(perm_role role)
{
        if ((unsigned)role >= ROLE_COUNT)
                return NULL;
        return role_names[role];
}

/* Exact, lower-case names only (the words stored in the database). */
int perm_role_parse(const char *name)
{
        int i;

        if (!name)
                return -1;
        for (i = 0; i < ROLE_COUNT; i++)
                if (strcmp(name, role_names[i]) == 0)
                        return i;
        return -1;
}
