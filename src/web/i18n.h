/*
 * i18n: the interface speaks Indonesian first; other languages are GNU
 * message catalogs (web/i18n/LANG.po compiled to .mo by msgfmt at build
 * time and embedded).  The msgid is the Indonesian text itself, so a
 * missing translation shows Indonesian, never a key.
 *
 * The .mo reader is written here (a small, fuzzed parser of the binary
 * format: magic, revision 0, sorted original table, binary search).
 */
#ifndef MONEV_WEB_I18N_H
#define MONEV_WEB_I18N_H

#include <stddef.h>

typedef struct i18n_cat i18n_cat;

/* Parses a .mo file of len bytes (copied).  NULL when it is malformed
 * (bad magic or revision, offsets or lengths outside the file, strings
 * not NUL-terminated, originals not sorted) or memory runs out. */
i18n_cat *i18n_cat_parse(const void *data, size_t len);
void i18n_cat_free(i18n_cat *cat);

/* The translation of msgid, or msgid itself when there is none (or cat is
 * NULL).  Borrowed; lives as long as cat. */
const char *i18n_get(const i18n_cat *cat, const char *msgid);

/* The embedded catalog of a language ("en"), parsed once and kept for the
 * life of the process; NULL for "id" (Indonesian needs none) and for an
 * unknown language.  Thread-safe. */
const i18n_cat *i18n_lang(const char *lang);

#endif
