/*
 * perm: the one decision of who may do what (see perm.h, docs/roles.md).
 *
 * Kebijakan hak akses.  "ya" = selalu boleh; "-" = tidak pernah; selain
 * itu hanya boleh bila semua syarat terpenuhi:
 *   buka    siklus sedang terbuka
 *   aktif   siklus belum ditutup (terbuka atau dalam reviu)
 *   sendiri indikator ditugaskan ke OPD pengguna sendiri
 *           (scope->user_opd != 0 dan sama dengan scope->object_opd)
 *   D R S V status penilaian: draf, dikembalikan, diajukan, diverifikasi
 *
 *   tindakan           admin  koordinator    pimpinan  asesor     opd
 *   -----------------  -----  -------------  --------  ---------  ------------------
 *   VIEW_DASHBOARD     ya     ya             ya        ya         ya
 *   VIEW_INDICATOR     ya     ya             ya        ya         sendiri
 *   EDIT_ASSESSMENT    -      buka, D/R      -         -          sendiri, buka, D/R
 *   SUBMIT             -      buka, D/R      -         -          sendiri, buka, D/R
 *   RETURN             -      aktif, S/V     -         aktif, S   -
 *   VERIFY             -      -              -         aktif, S   -
 *   ASSIGN             -      aktif          -         -          -
 *   MANAGE_OPD         ya     ya             -         -          -
 *   MANAGE_USERS       ya     -              -         -          -
 *   MANAGE_CYCLE       ya     ya             -         -          -
 *   MANAGE_TARGET      ya     ya             -         -          -
 *   MANAGE_FRAMEWORK   ya     -              -         -          -
 *   VIEW_ADMIN         ya     ya             -         -          -
 *   VIEW_AUDIT         ya     ya             ya        ya         -
 *
 * Pemisahan tugas: admin mengelola instalasi dan tidak menilai;
 * koordinator menjalankan penilaian tetapi tidak mengelola akun dan
 * framework dan tidak memverifikasi; hanya asesor yang memverifikasi.
 * Siklus yang ditutup menolak setiap tindakan yang mengubah data (EDIT,
 * SUBMIT, RETURN, VERIFY, ASSIGN) bagi siapa pun.  Penilaian berstatus
 * final tidak berubah lagi.
 *
 * Policy (English).  The table above reads: "ya" = always, "-" = never,
 * otherwise only when every condition holds: buka = the cycle is open;
 * aktif = the cycle is not closed (open or in review); sendiri = the
 * indicator is assigned to the user's own OPD; D/R/S/V = the status is
 * draft/returned/submitted/verified.  Separation of duties: the admin runs
 * the installation and does not assess; the koordinator runs the
 * assessment but neither manages accounts and frameworks nor verifies;
 * only the asesor verifies.  A closed cycle refuses every changing action
 * (EDIT_ASSESSMENT, SUBMIT, RETURN, VERIFY, ASSIGN) for everyone, whatever
 * else the scope says (also when cycle_open is set with it).  A final
 * assessment changes no more.  An unknown role, action or status is
 * refused.  A NULL scope passes only the actions that need none.
 */
#include "core/perm.h"

#include <string.h>

#define BIT(a) (1u << (a))

/* The actions each role may take at all; the scope conditions come after. */
static const unsigned role_actions[ROLE_COUNT] = {
    [ROLE_ADMIN] = BIT(ACT_VIEW_DASHBOARD) | BIT(ACT_VIEW_INDICATOR) | BIT(ACT_MANAGE_OPD) |
                   BIT(ACT_MANAGE_USERS) | BIT(ACT_MANAGE_CYCLE) | BIT(ACT_MANAGE_TARGET) |
                   BIT(ACT_MANAGE_FRAMEWORK) | BIT(ACT_VIEW_ADMIN) | BIT(ACT_VIEW_AUDIT),
    [ROLE_KOORDINATOR] = BIT(ACT_VIEW_DASHBOARD) | BIT(ACT_VIEW_INDICATOR) |
                         BIT(ACT_EDIT_ASSESSMENT) | BIT(ACT_SUBMIT) | BIT(ACT_RETURN) |
                         BIT(ACT_ASSIGN) | BIT(ACT_MANAGE_OPD) | BIT(ACT_MANAGE_CYCLE) |
                         BIT(ACT_MANAGE_TARGET) | BIT(ACT_VIEW_ADMIN) | BIT(ACT_VIEW_AUDIT),
    [ROLE_PIMPINAN] = BIT(ACT_VIEW_DASHBOARD) | BIT(ACT_VIEW_INDICATOR) | BIT(ACT_VIEW_AUDIT),
    [ROLE_ASESOR] = BIT(ACT_VIEW_DASHBOARD) | BIT(ACT_VIEW_INDICATOR) | BIT(ACT_RETURN) |
                    BIT(ACT_VERIFY) | BIT(ACT_VIEW_AUDIT),
    [ROLE_OPD] = BIT(ACT_VIEW_DASHBOARD) | BIT(ACT_VIEW_INDICATOR) | BIT(ACT_EDIT_ASSESSMENT) |
                 BIT(ACT_SUBMIT),
};

static const char *const role_names[ROLE_COUNT] = {
    [ROLE_ADMIN] = "admin",       [ROLE_KOORDINATOR] = "koordinator",
    [ROLE_PIMPINAN] = "pimpinan", [ROLE_ASESOR] = "asesor",
    [ROLE_OPD] = "opd",
};

/* Read for a NULL scope: closed and without OPDs, so every action that
 * depends on the scope is refused. */
static const perm_scope no_scope = {0, 0, false, true, ASSESS_DRAFT, false};

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

/* Level and texts can change: open cycle, draft or returned. */
static bool editable(const perm_scope *sc)
{
        return sc->cycle_open && !sc->cycle_closed &&
               (sc->status == ASSESS_DRAFT || sc->status == ASSESS_RETURNED);
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
                return editable(sc) && (role != ROLE_OPD || team_opd(sc));
        case ACT_SUBMIT:
                return editable(sc) && (role != ROLE_OPD || own_opd(sc));
        case ACT_RETURN:
                return !sc->cycle_closed &&
                       (sc->status == ASSESS_SUBMITTED ||
                        (role == ROLE_KOORDINATOR && sc->status == ASSESS_VERIFIED));
        case ACT_VERIFY:
                return !sc->cycle_closed && sc->status == ASSESS_SUBMITTED;
        case ACT_ASSIGN:
                return !sc->cycle_closed;
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
