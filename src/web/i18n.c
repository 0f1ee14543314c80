/*
 * i18n: a reader of GNU .mo message catalogs and the embedded catalogs.
 *
 * The .mo layout (all numbers 32-bit, in the byte order the magic shows):
 *   0 magic 0x950412de   4 revision   8 N   12 O   16 T   20 S   24 H
 * O and T point at N (length, offset) pairs for the originals and the
 * translations; each string ends with a NUL at offset + length.  A plural
 * entry holds "msgid\0msgid_plural" and "msgstr[0]\0msgstr[1]..."; lookups
 * use the text before the first NUL of both.  The hash table (S, H) is
 * checked to lie within the file but not used: msgfmt sorts the originals,
 * which lets i18n_get search them by bisection.
 */
#include "web/i18n.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "base/mem.h"
#include "io/embedded.h"

#define MO_MAGIC    0x950412deu
#define MO_MAGIC_SW 0xde120495u
#define MO_HEADER   28
#define MO_MAX_SIZE ((size_t)16 << 20) /* bytes in one catalog */

typedef struct mo_entry {
        uint32_t id;  /* offset of the msgid in data */
        uint32_t str; /* offset of the translation in data */
} mo_entry;

struct i18n_cat {
        char *data; /* a copy of the file, plus a NUL */
        size_t len;
        mo_entry *entries; /* sorted by msgid */
        size_t n;
};

static uint32_t rd32(const unsigned char *p, int swap)
{
        if (swap)
                return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* Checks the string descriptor at table + 8 * i and returns the string's
 * offset in *off.  0, or -1 when it lies outside the file or lacks its
 * NUL. */
static int mo_string(const unsigned char *d, size_t len, uint32_t table, size_t i, int swap,
                     uint32_t *off)
{
        uint64_t at = (uint64_t)table + 8 * (uint64_t)i;
        uint32_t slen, soff;

        if (at + 8 > len)
                return -1;
        slen = rd32(d + at, swap);
        soff = rd32(d + at + 4, swap);
        if ((uint64_t)soff + slen >= len || d[soff + slen] != '\0')
                return -1;
        *off = soff;
        return 0;
}

void i18n_cat_free(i18n_cat *cat)
{
        if (!cat)
                return;
        mem_free(cat->data);
        mem_free(cat->entries);
        mem_free(cat);
}

i18n_cat *i18n_cat_parse(const void *data, size_t len)
{
        const unsigned char *d = data;
        i18n_cat *cat = NULL, *ret = NULL;
        uint32_t magic, rev, n, orig, trans, hsize, hoff;
        int swap;

        if (!data || len < MO_HEADER || len > MO_MAX_SIZE)
                return NULL;
        magic = rd32(d, 0);
        if (magic == MO_MAGIC)
                swap = 0;
        else if (magic == MO_MAGIC_SW)
                swap = 1;
        else
                return NULL;
        rev = rd32(d + 4, swap);
        n = rd32(d + 8, swap);
        orig = rd32(d + 12, swap);
        trans = rd32(d + 16, swap);
        hsize = rd32(d + 20, swap);
        hoff = rd32(d + 24, swap);
        if (rev >> 16 != 0)
                return NULL;
        if ((uint64_t)orig + 8 * (uint64_t)n > len || (uint64_t)trans + 8 * (uint64_t)n > len)
                return NULL;
        if (hsize != 0 && (uint64_t)hoff + 4 * (uint64_t)hsize > len)
                return NULL;
        cat = mem_calloc(1, sizeof(*cat));
        if (!cat)
                return NULL;
        cat->data = mem_alloc(len + 1);
        cat->entries = mem_calloc(n ? n : 1, sizeof(*cat->entries));
        if (!cat->data || !cat->entries)
                goto out;
        memcpy(cat->data, data, len);
        cat->data[len] = '\0';
        cat->len = len;
        cat->n = n;
        for (size_t i = 0; i < n; i++) {
                mo_entry *e = &cat->entries[i];

                if (mo_string(d, len, orig, i, swap, &e->id) != 0 ||
                    mo_string(d, len, trans, i, swap, &e->str) != 0)
                        goto out;
                if (i > 0 && strcmp(cat->data + cat->entries[i - 1].id, cat->data + e->id) >= 0)
                        goto out;
        }
        ret = cat;
        cat = NULL;
out:
        i18n_cat_free(cat);
        return ret;
}

const char *i18n_get(const i18n_cat *cat, const char *msgid)
{
        size_t lo = 0, hi;

        if (!cat || !msgid || !*msgid)
                return msgid;
        hi = cat->n;
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                int c = strcmp(msgid, cat->data + cat->entries[mid].id);

                if (c == 0) {
                        const char *s = cat->data + cat->entries[mid].str;

                        return *s ? s : msgid;
                }
                if (c < 0)
                        hi = mid;
                else
                        lo = mid + 1;
        }
        return msgid;
}

/* ------------------------------------------------------ embedded catalogs */

#define I18N_MAX_LANGS 32

static pthread_mutex_t lang_lock = PTHREAD_MUTEX_INITIALIZER;
static i18n_cat *lang_cats[I18N_MAX_LANGS]; /* by index in embedded_i18n */

const i18n_cat *i18n_lang(const char *lang)
{
        const i18n_cat *cat = NULL;
        size_t n;

        if (!lang || strcmp(lang, "id") == 0)
                return NULL;
        n = strlen(lang);
        for (size_t i = 0; i < I18N_MAX_LANGS && embedded_i18n[i].name; i++) {
                const embedded_file *f = &embedded_i18n[i];

                if (strncmp(f->name, lang, n) != 0 || strcmp(f->name + n, ".mo") != 0)
                        continue;
                /* Parsed on first use and kept; a failed parse (out of
                 * memory) is tried again on the next call. */
                pthread_mutex_lock(&lang_lock);
                if (!lang_cats[i])
                        lang_cats[i] = i18n_cat_parse(f->data, f->size);
                cat = lang_cats[i];
                pthread_mutex_unlock(&lang_lock);
                break;
        }
        return cat;
}
