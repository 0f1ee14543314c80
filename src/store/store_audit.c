/*
 * store_audit: building audit entries, chaining and sealing them, and the
 * audit trail's reading and verifying (store.h).
 */
#include "store/store_int.h"

#include <assert.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/mem.h"
#include "base/utf8.h"

/* ---- Audit entries ---------------------------------------------------------- */

/*
 * Every change of the agency's data appends one entry to audit_log in the
 * transaction of the change (core/audit.h has the chain): who (the
 * handle's actor), what (action, e.g. "assessment.set"), on what (object,
 * e.g. "cycle/2026/indicator/12") and the changed fields before and after
 * as compact JSON with sorted keys ("" when there is no side, e.g. before
 * a creation).  A call that changes nothing writes no entry.  Secrets
 * (password and token hashes) never go in.
 */

void rec_free(rec *r)
{
        json_decref(r->side[BEFORE]);
        json_decref(r->side[AFTER]);
        memset(r, 0, sizeof(*r));
}

/* Adds key: v (a new reference, which this takes) to one side. */
void rec_put(rec *r, int side, const char *key, json_t *v)
{
        if (!v) {
                r->oom = true;
                return;
        }
        if (!r->side[side] && !(r->side[side] = json_object())) {
                json_decref(v);
                r->oom = true;
                return;
        }
        if (json_object_set_new(r->side[side], key, v) != 0)
                r->oom = true;
}

/* A text value; NULL is JSON null. */
void rec_str(rec *r, int side, const char *key, const char *val)
{
        json_t *v;

        if (!val) {
                rec_put(r, side, key, json_null());
                return;
        }
        /* NULL for memory or for bytes that are not UTF-8 (only a stored
         * text edited by hand could be such) */
        v = json_string(val);
        if (!v && !utf8_text_valid(val, strlen(val))) {
                r->bad_text = true;
                return;
        }
        rec_put(r, side, key, v);
}

void rec_int(rec *r, int side, const char *key, int64_t val)
{
        rec_put(r, side, key, json_integer((json_int_t)val));
}

void rec_bool(rec *r, int side, const char *key, bool val)
{
        rec_put(r, side, key, json_boolean(val));
}

/* Records key on both sides when the text changed (NULL = none). */
void rec_text_change(rec *r, const char *key, const char *old, const char *new_)
{
        if ((old == NULL) == (new_ == NULL) && (!old || strcmp(old, new_) == 0))
                return;
        rec_str(r, BEFORE, key, old);
        rec_str(r, AFTER, key, new_);
}

/* Records key on both sides when the number changed; `none` is written
 * as null (e.g. level 0, not filled). */
void rec_int_change(rec *r, const char *key, int64_t old, int64_t new_, int64_t none)
{
        if (old == new_)
                return;
        if (old == none)
                rec_put(r, BEFORE, key, json_null());
        else
                rec_int(r, BEFORE, key, old);
        if (new_ == none)
                rec_put(r, AFTER, key, json_null());
        else
                rec_int(r, AFTER, key, new_);
}

/* A moment (unix seconds, 0 = none as null) as "YYYY-MM-DDTHH:MM:SSZ":
 * exact, and readable in `monev audit log`. */
void rec_time(rec *r, int side, const char *key, int64_t t)
{
        char text[32];
        time_t tt = (time_t)t;
        struct tm tm;

        if (t == 0) {
                rec_put(r, side, key, json_null());
                return;
        }
        if (!gmtime_r(&tt, &tm) || strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
                rec_int(r, side, key, t);
                return;
        }
        rec_str(r, side, key, text);
}

/* True when nothing was recorded (and nothing failed). */
static bool rec_empty(const rec *r)
{
        return !r->side[BEFORE] && !r->side[AFTER] && !r->oom && !r->bad_text;
}

/* The compact, key-sorted JSON of one side ("" when the side is empty) in
 * memory from base/mem; NULL when out of memory. */
static char *rec_dump(const json_t *side)
{
        if (!side)
                return mem_strdup("");
        /* jansson allocates through base/mem (store_open installs it) */
        return json_dumps(side, JSON_COMPACT | JSON_SORT_KEYS);
}

/* The newest entry's seq and hash (0 and the genesis hash when none) and
 * whether it is keyed (true when none: an empty chain needs no seal).
 * key_id (may be NULL) receives the newest entry's key id, "" when none. */
static store_rc audit_head_read(store *s, int64_t *seq, char hash[HASH_HEX_LEN + 1], bool *keyed,
                                char key_id[AUDIT_KEY_ID_LEN + 1])
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        *seq = 0;
        *keyed = true;
        if (key_id)
                key_id[0] = '\0';
        memcpy(hash, AUDIT_GENESIS, HASH_HEX_LEN + 1);
        if ((rc = prep(s, Q_AUDIT_HEAD, &st)) != STORE_OK)
                return rc;
        r = db_step(st);
        if (r == DB_ROW) {
                const char *h = db_col_text(st, 1);

                const char *id = db_col_text(st, 2);

                *seq = db_col_int64(st, 0);
                *keyed = id && id[0];
                if (key_id && id)
                        snprintf(key_id, AUDIT_KEY_ID_LEN + 1, "%s", (const char *)id);
                if (!h)
                        rc = db_last_error(s) == DB_NOMEM
                                 ? nomem(s)
                                 : fail(s, STORE_IO, "hash entri audit kosong di %s", s->path);
                else if (db_col_bytes(st, 1) != HASH_HEX_LEN)
                        rc = fail(s, STORE_IO, "hash entri audit %lld di %s rusak", (long long)*seq,
                                  s->path);
                else
                        memcpy(hash, h, HASH_HEX_LEN + 1);
        } else if (r != DB_DONE) {
                rc = db_error(s, r);
        }
        done(st);
        return rc;
}

/* Inserts entry seq after prev with the handle's actor, keyed with the
 * handle's key; *prev becomes its hash.  Inside the operation's
 * transaction. */
static store_rc audit_insert(store *s, int64_t seq, char prev[HASH_HEX_LEN + 1], const char *action,
                             const char *object, const char *before, const char *after)
{
        db_stmt *st = NULL;
        char hash[HASH_HEX_LEN + 1];
        audit_fields f;
        store_rc rc;
        int r;

        assert(s->has_key);
        f.seq = seq;
        f.at = now();
        f.actor = s->actor;
        f.action = action;
        f.object = object;
        f.before = before;
        f.after = after;
        f.prev_hash = prev;
        audit_hash_keyed(&f, s->audit_key, hash);
        if ((rc = prep(s, Q_AUDIT_INSERT, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_int64(st, 1, f.seq)) != DB_OK ||
            (r = db_bind_int64(st, 2, f.at)) != DB_OK ||
            (r = db_bind_text(st, 3, f.actor)) != DB_OK ||
            (r = db_bind_text(st, 4, action)) != DB_OK ||
            (r = db_bind_text(st, 5, object)) != DB_OK ||
            (r = db_bind_text(st, 6, before)) != DB_OK ||
            (r = db_bind_text(st, 7, after)) != DB_OK || (r = db_bind_text(st, 8, prev)) != DB_OK ||
            (r = db_bind_text(st, 9, hash)) != DB_OK ||
            (r = db_bind_text(st, 10, s->key_id)) != DB_OK || (r = db_step(st)) != DB_DONE)
                rc = db_error(s, r);
        else
                memcpy(prev, hash, HASH_HEX_LEN + 1);
        done(st);
        return rc;
}

static store_rc chain_walk(store *s, bool sealed, int64_t *checked, int64_t *bad_seq,
                           int64_t *unkeyed, char *why, size_t whylen);

/*
 * Seals an unkeyed (v1) chain that ends at entry *seq with hash prev,
 * inside the operation's transaction: the whole v1 chain is verified
 * first, then one keyed entry "audit.rekey" on "audit" is appended whose
 * after records how many v1 entries there are and the v1 head
 * ({"v1_entries": n, "v1_head": "..."}).  *seq and prev move to it.
 *
 * Why this is safe: the seal's keyed hash covers prev_hash, the v1 head,
 * so from now on changing any v1 entry (and recomputing the v1 hashes
 * after it, which anyone can) breaks the seal, which no one can recompute
 * without the key.  The old hashes stay as they were, so a head written
 * down before the upgrade is still found in the chain.  What the v1 chain
 * held before the seal is as trustworthy as it was (unkeyed); a chain
 * that does not verify is refused here (STORE_IO), so a damaged history
 * is never sealed with the key.
 */
static store_rc audit_seal(store *s, int64_t *seq, char prev[HASH_HEX_LEN + 1])
{
        char why[256], after[160];
        int64_t checked = 0, bad = 0, unkeyed = 0;
        store_rc rc;

        if ((rc = chain_walk(s, false, &checked, &bad, &unkeyed, why, sizeof(why))) != STORE_OK)
                return rc;
        if (bad != 0 || checked != *seq || unkeyed != *seq)
                return fail(s, STORE_IO,
                            "jejak audit lama (tanpa kunci) di %s tidak utuh%s%s, jadi tidak "
                            "disegel dengan kunci dan perubahan ditolak; periksa dengan `monev "
                            "audit verify` dan pulihkan basis data dari cadangan",
                            s->path, bad ? ": " : "", bad ? why : "");
        snprintf(after, sizeof(after), "{\"v1_entries\":%lld,\"v1_head\":\"%s\"}", (long long)*seq,
                 prev);
        if ((rc = audit_insert(s, *seq + 1, prev, "audit.rekey", "audit", "", after)) != STORE_OK)
                return rc;
        (*seq)++;
        return STORE_OK;
}

/* Appends the entry of r (which this releases) inside the operation's
 * transaction: the chain is read under the write lock that op_begin took,
 * so the entry continues the newest one.  A handle without the audit key,
 * a chain whose newest entry was made with another key, or a chain that
 * ends unkeyed (not sealed, see audit_seal) gets nothing appended and the
 * operation fails (and so the change is undone). */
store_rc audit_write(store *s, rec *r, const char *action, const char *object)
{
        char prev[HASH_HEX_LEN + 1], head_key[AUDIT_KEY_ID_LEN + 1];
        char *before = NULL, *after = NULL;
        void (*jfree)(void *) = NULL;
        json_malloc_t jmalloc;
        int64_t seq = 0;
        bool keyed = true;
        store_rc rc;

        assert(!db_autocommit(s)); /* inside op_begin .. op_end */
        json_get_alloc_funcs(&jmalloc, &jfree);
        if (!s->has_key) {
                rc = fail(s, STORE_IO,
                          "kunci jejak audit belum dimuat, jadi perubahan tidak dapat dicatat dan "
                          "ditolak; buat kunci dengan `monev key create` (folder data lama) atau "
                          "pulihkan folder kunci dari cadangan");
                goto out;
        }
        if (r->bad_text) {
                rc = fail(s, STORE_IO, "teks tersimpan di %s bukan UTF-8 yang sah", s->path);
                goto out;
        }
        if (r->oom || !(before = rec_dump(r->side[BEFORE])) ||
            !(after = rec_dump(r->side[AFTER]))) {
                rc = nomem(s);
                goto out;
        }
        if ((rc = audit_head_read(s, &seq, prev, &keyed, head_key)) != STORE_OK)
                goto out;
        if (keyed && seq > 0 && strcmp(head_key, s->key_id) != 0) {
                rc = fail(s, STORE_IO,
                          "kunci jejak audit yang dimuat (id %s) bukan kunci rantai ini (id %s), "
                          "jadi perubahan ditolak; pakai berkas audit.key yang benar",
                          s->key_id, head_key);
                goto out;
        }
        if (!keyed) {
                rc = fail(s, STORE_IO,
                          "jejak audit lama (tanpa kunci) belum disegel dengan kunci, jadi "
                          "perubahan ditolak; periksa dengan `monev audit verify` lalu segel "
                          "dengan `monev audit seal`");
                goto out;
        }
        rc = audit_insert(s, seq + 1, prev, action, object, before, after);
out:
        /* "" came from mem_strdup, the rest from jansson: both base/mem
         * unless someone replaced jansson's functions since */
        if (before)
                (r->side[BEFORE] ? jfree : mem_free)(before);
        if (after)
                (r->side[AFTER] ? jfree : mem_free)(after);
        rec_free(r);
        return rc;
}

/* audit_write for a change that may have changed nothing: no entry then. */
store_rc audit_change(store *s, rec *r, const char *action, const char *object)
{
        if (rec_empty(r)) {
                rec_free(r);
                return STORE_OK;
        }
        return audit_write(s, r, action, object);
}

/* ---- Actor and audit trail ------------------------------------------------ */

#define ACTOR_UNKNOWN "unknown"

/* NULL or "" restores the default.  A name past 100 bytes is cut at a
 * character boundary; one that is not a line of UTF-8 text is recorded as
 * "unknown" (the caller builds it from a login name it has checked). */
void store_set_actor(store *s, const char *actor)
{
        size_t n;

        assert(s);
        if (!actor || !*actor) {
                memcpy(s->actor, ACTOR_DEFAULT, sizeof(ACTOR_DEFAULT));
                return;
        }
        n = strnlen(actor, ACTOR_MAX_LEN + 1);
        if (n > ACTOR_MAX_LEN) {
                n = ACTOR_MAX_LEN;
                while (n > 0 && ((unsigned char)actor[n] & 0xc0) == 0x80)
                        n--;
        }
        memcpy(s->actor, actor, n);
        s->actor[n] = '\0';
        if (!text_ok(s->actor, 1, ACTOR_MAX_LEN, false))
                memcpy(s->actor, ACTOR_UNKNOWN, sizeof(ACTOR_UNKNOWN));
}

static void audit_entry_free(st_audit *a)
{
        mem_free(a->actor);
        mem_free(a->action);
        mem_free(a->object);
        mem_free(a->before);
        mem_free(a->after);
        mem_free(a->prev_hash);
        mem_free(a->hash);
        mem_free(a->key_id);
        memset(a, 0, sizeof(*a));
}

ROW_DROP(drop_audit, st_audit, audit_entry_free)

static store_rc read_audit(store *s, db_stmt *st, void *item)
{
        st_audit *a = item;
        store_rc rc;

        a->seq = db_col_int64(st, 0);
        a->at = db_col_int64(st, 1);
        if ((rc = col_text(s, st, 2, &a->actor)) != STORE_OK ||
            (rc = col_text(s, st, 3, &a->action)) != STORE_OK ||
            (rc = col_text(s, st, 4, &a->object)) != STORE_OK ||
            (rc = col_text(s, st, 5, &a->before)) != STORE_OK ||
            (rc = col_text(s, st, 6, &a->after)) != STORE_OK ||
            (rc = col_text(s, st, 7, &a->prev_hash)) != STORE_OK ||
            (rc = col_text(s, st, 8, &a->hash)) != STORE_OK ||
            (rc = col_text(s, st, 9, &a->key_id)) != STORE_OK)
                audit_entry_free(a);
        return rc;
}

/* The prefix matches whole steps of the object's path: "cycle/2026"
 * selects "cycle/2026" and "cycle/2026/indicator/1" but not
 * "cycle/20261", and "cycle/2026/indicator/1" does not select indicator
 * 12.  A trailing '/' is ignored. */
store_rc store_audit_list(store *s, const char *prefix, int64_t after_seq, size_t limit,
                          st_audit **out, size_t *n)
{
        db_stmt *st = NULL;
        void *list = NULL;
        store_rc rc;
        size_t len;
        int r;

        assert(s && out && n);
        *out = NULL;
        *n = 0;
        s->err[0] = '\0';
        if (!prefix)
                prefix = "";
        if (!text_ok(prefix, 0, OBJECT_MAX_LEN, false))
                return fail(s, STORE_INVALID,
                            "awalan objek audit paling panjang %d byte, satu baris",
                            OBJECT_MAX_LEN);
        len = strlen(prefix);
        while (len > 0 && prefix[len - 1] == '/')
                len--;
        if ((rc = prep(s, Q_AUDIT_LIST, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_text_len(st, 1, prefix, len)) != DB_OK ||
            (r = db_bind_int64(st, 2, after_seq)) != DB_OK ||
            (r = db_bind_int64(
                 st, 3, limit == 0 || limit > (size_t)INT64_MAX ? -1 : (int64_t)limit)) != DB_OK)
                rc = db_error(s, r);
        else
                rc = read_all(s, st, sizeof(st_audit), read_audit, drop_audit, &list, n);
        done(st);
        *out = list;
        return rc;
}

void st_audit_list_free(st_audit *list, size_t n)
{
        size_t i;

        for (i = 0; list && i < n; i++)
                audit_entry_free(&list[i]);
        mem_free(list);
}

/* Writes the reason an entry fails into why (when given). */
static void why_set(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void why_set(char *why, size_t whylen, const char *fmt, ...)
{
        va_list ap;

        if (!why || !whylen)
                return;
        va_start(ap, fmt);
        vsnprintf(why, whylen, fmt, ap);
        va_end(ap);
}

/*
 * One SELECT reads the whole chain, so it sees one state of it.  Checks in
 * order, for each entry: seq follows the one before (a deleted entry
 * leaves a gap), prev_hash is the hash of the one before (genesis for the
 * first), and the hash recomputed from the fields is the one stored: the
 * v1 hash for an unkeyed entry, which may only come before every keyed
 * one (a keyed chain rewritten as an unkeyed one fails here), and for a
 * keyed entry the v2 hash with the handle's key, after checking that the
 * entry names that key (else the key is the wrong one or the entry was
 * made with another).  Stops at the first entry that fails.  *unkeyed
 * counts the v1 entries read.  A keyed entry without a key on the handle
 * is STORE_IO: it cannot be checked at all.
 */
static store_rc chain_walk(store *s, bool sealed, int64_t *checked, int64_t *bad_seq,
                           int64_t *unkeyed, char *why, size_t whylen)
{
        db_stmt *st = NULL;
        char prev[HASH_HEX_LEN + 1], hash[HASH_HEX_LEN + 1];
        int64_t expect = 1, count = 0, bad = 0, v1 = 0;
        bool seen_keyed = false;
        store_rc rc;
        int r;

        *checked = 0;
        *bad_seq = 0;
        *unkeyed = 0;
        why_set(why, whylen, "%s", "");
        memcpy(prev, AUDIT_GENESIS, sizeof(prev));
        if ((rc = prep(s, Q_AUDIT_ALL, &st)) != STORE_OK)
                return rc;
        while (bad == 0 && (r = db_step(st)) == DB_ROW) {
                const char *t[8]; /* actor action object before after prev_hash hash key_id */
                audit_fields f;
                int64_t seq = db_col_int64(st, 0);
                int i;

                count++;
                for (i = 0; i < 8; i++) {
                        t[i] = db_col_text(st, i + 2);
                        if (!t[i] && db_last_error(s) == DB_NOMEM) {
                                rc = nomem(s);
                                goto out;
                        }
                        if (!t[i] || strlen(t[i]) != (size_t)db_col_bytes(st, i + 2)) {
                                bad = seq;
                                why_set(why, whylen,
                                        "entri %lld: isi tidak sah (kolom kosong "
                                        "atau berisi NUL)",
                                        (long long)seq);
                                break;
                        }
                }
                if (bad)
                        break;
                if (seq != expect) {
                        bad = seq;
                        if (seq < expect)
                                why_set(why, whylen, "entri %lld: nomor urut tidak sah",
                                        (long long)seq);
                        else if (seq == expect + 1)
                                why_set(why, whylen,
                                        "entri %lld: urutan terputus (entri %lld hilang)",
                                        (long long)seq, (long long)expect);
                        else
                                why_set(why, whylen,
                                        "entri %lld: urutan terputus (entri %lld sampai %lld "
                                        "hilang)",
                                        (long long)seq, (long long)expect, (long long)(seq - 1));
                        break;
                }
                if (strcmp(t[5], prev) != 0) {
                        bad = seq;
                        if (seq == 1)
                                why_set(why, whylen,
                                        "entri 1: rantai terputus (prev_hash entri pertama "
                                        "bukan hash awal)");
                        else
                                why_set(why, whylen,
                                        "entri %lld: rantai terputus (prev_hash tidak sama "
                                        "dengan hash entri %lld)",
                                        (long long)seq, (long long)(seq - 1));
                        break;
                }
                f.seq = seq;
                f.at = db_col_int64(st, 1);
                f.actor = t[0];
                f.action = t[1];
                f.object = t[2];
                f.before = t[3];
                f.after = t[4];
                f.prev_hash = t[5];
                if (!t[7][0]) {
                        if (seen_keyed) {
                                bad = seq;
                                why_set(why, whylen,
                                        "entri %lld: entri tanpa kunci sesudah entri berkunci "
                                        "(rantai ditulis ulang tanpa kunci audit)",
                                        (long long)seq);
                                break;
                        }
                        v1++;
                        audit_hash(&f, hash);
                } else {
                        if (!s->has_key) {
                                rc = fail(s, STORE_IO,
                                          "kunci jejak audit belum dimuat, jadi rantai berkunci "
                                          "tidak dapat diperiksa; pulihkan berkas audit.key di "
                                          "folder kunci dari cadangan");
                                goto out;
                        }
                        if (strcmp(t[7], s->key_id) != 0) {
                                bad = seq;
                                why_set(why, whylen,
                                        "entri %lld: dibuat dengan kunci audit lain (id %.16s), "
                                        "bukan kunci yang dimuat (id %s); pakai berkas "
                                        "audit.key yang benar",
                                        (long long)seq, t[7], s->key_id);
                                break;
                        }
                        seen_keyed = true;
                        audit_hash_keyed(&f, s->audit_key, hash);
                }
                if (strcmp(hash, t[6]) != 0) {
                        bad = seq;
                        why_set(why, whylen, "entri %lld: hash tidak cocok (isi diubah)",
                                (long long)seq);
                        break;
                }
                memcpy(prev, hash, sizeof(prev));
                expect = seq + 1;
        }
        if (bad == 0 && r != DB_DONE)
                rc = db_error(s, r);
        if (rc == STORE_OK && bad == 0 && sealed && count > 0 && !seen_keyed) {
                bad = count;
                why_set(why, whylen,
                        "entri %lld: rantai audit berakhir dengan entri tanpa kunci (belum "
                        "disegel); bila folder data ini baru diperbarui dari versi lama, "
                        "segel dengan `monev audit seal`; bila rantai ini pernah disegel, jejak "
                        "audit telah ditulis ulang tanpa kunci: pulihkan dari cadangan",
                        (long long)count);
        }
out:
        done(st);
        if (rc == STORE_OK) {
                *checked = count;
                *bad_seq = bad;
                *unkeyed = v1;
        } else {
                why_set(why, whylen, "%s", "");
        }
        return rc;
}

store_rc store_audit_verify(store *s, int64_t *checked, int64_t *bad_seq, char *why, size_t whylen)
{
        int64_t unkeyed = 0;

        assert(s && checked && bad_seq);
        s->err[0] = '\0';
        return chain_walk(s, true, checked, bad_seq, &unkeyed, why, whylen);
}

store_rc store_audit_head(store *s, int64_t *seq, char hash[65])
{
        bool keyed;

        assert(s && seq && hash);
        s->err[0] = '\0';
        return audit_head_read(s, seq, hash, &keyed, NULL);
}

/* The key is copied (and wiped at store_close).  An old chain is sealed
 * only by the handle whose open migrated the database to the keyed chain:
 * the chain it found is the one written by the older version.  Later, a
 * chain that ends unkeyed is either an upgrade made without keys (sealed
 * on purpose with store_audit_seal) or a keyed chain rewritten without
 * the key, which must not be sealed automatically. */
store_rc store_set_audit_key(store *s, const unsigned char key[32])
{
        char prev[HASH_HEX_LEN + 1];
        int64_t seq = 0;
        bool keyed = true;
        store_rc rc;

        assert(s && key);
        s->err[0] = '\0';
        memcpy(s->audit_key, key, AUDIT_KEY_BYTES);
        audit_key_id(s->audit_key, s->key_id);
        s->has_key = true;
        if (!s->seal_ok || s->in_tx || s->in_read)
                return STORE_OK;
        s->seal_ok = false;
        if ((rc = audit_head_read(s, &seq, prev, &keyed, NULL)) != STORE_OK || keyed)
                return rc;
        return store_audit_seal(s);
}

store_rc store_audit_seal(store *s)
{
        char prev[HASH_HEX_LEN + 1];
        int64_t seq = 0;
        bool keyed = true;
        store_rc rc;

        assert(s);
        s->err[0] = '\0';
        if (!s->has_key)
                return fail(s, STORE_IO,
                            "kunci jejak audit belum dimuat; buat kunci dengan `monev key create` "
                            "atau pulihkan folder kunci dari cadangan");
        if ((rc = op_begin(s)) != STORE_OK)
                return rc;
        /* under the write lock: another handle may have sealed it */
        if ((rc = audit_head_read(s, &seq, prev, &keyed, NULL)) != STORE_OK)
                goto out;
        if (seq == 0)
                rc = fail(s, STORE_CONFLICT, "jejak audit kosong; tidak ada yang perlu disegel");
        else if (keyed)
                rc = fail(s, STORE_CONFLICT, "jejak audit sudah berkunci; tidak perlu disegel");
        else
                rc = audit_seal(s, &seq, prev);
out:
        return op_end(s, rc);
}

/* The hash is 64 hex digits in either case. */
store_rc store_audit_find(store *s, const char *hash, int64_t *seq)
{
        db_stmt *st = NULL;
        char h[HASH_HEX_LEN + 1];
        store_rc rc;
        size_t i;
        int r;

        assert(s && seq);
        *seq = 0;
        s->err[0] = '\0';
        if (!hash || strlen(hash) != HASH_HEX_LEN)
                return fail(s, STORE_INVALID, "hash kepala harus 64 digit heksadesimal");
        for (i = 0; i < HASH_HEX_LEN; i++) {
                char c = hash[i];

                if (c >= 'A' && c <= 'F')
                        c = (char)(c - 'A' + 'a');
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                        return fail(s, STORE_INVALID, "hash kepala harus 64 digit heksadesimal");
                h[i] = c;
        }
        h[HASH_HEX_LEN] = '\0';
        if ((rc = prep(s, Q_AUDIT_FIND, &st)) != STORE_OK)
                return rc;
        if ((r = db_bind_text(st, 1, h)) != DB_OK)
                rc = db_error(s, r);
        else if ((r = db_step(st)) != DB_ROW)
                rc = db_error(s, r);
        else if (db_col_is_null(st, 0))
                rc = fail(s, STORE_NOTFOUND, "hash %s tidak ada dalam rantai audit", h);
        else
                *seq = db_col_int64(st, 0);
        done(st);
        return rc;
}

store_rc store_audit_unkeyed(store *s, int64_t *n)
{
        db_stmt *st = NULL;
        store_rc rc;
        int r;

        assert(s && n);
        *n = 0;
        s->err[0] = '\0';
        if ((rc = prep(s, Q_AUDIT_UNKEYED, &st)) != STORE_OK)
                return rc;
        if ((r = db_step(st)) == DB_ROW)
                *n = db_col_int64(st, 0);
        else
                rc = db_error(s, r);
        done(st);
        return rc;
}
