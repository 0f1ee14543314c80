/*
 * embedded: the framework files built into the binary (the frameworks folder's YAML files,
 * turned into byte arrays by cmake/embed.cmake).
 */
#ifndef MONEV_IO_EMBEDDED_H
#define MONEV_IO_EMBEDDED_H

#include <stddef.h>

typedef struct embedded_file {
        const char *name; /* file name, e.g. "spbe-2020.yaml" */
        const char *data; /* the bytes, followed by a NUL */
        size_t size;      /* without the NUL */
} embedded_file;

/* Each table ends with an entry whose name is NULL. */
extern const embedded_file embedded_frameworks[]; /* frameworks/ *.yaml */
extern const embedded_file embedded_mappings[];   /* frameworks/mapping-*.csv */
extern const embedded_file embedded_templates[];  /* web/templates/ *.html */
extern const embedded_file embedded_static[];     /* web/static/ * */
extern const embedded_file embedded_i18n[];       /* web/i18n/ *.po compiled to LANG.mo */
extern const embedded_file embedded_regions[];    /* data/regions/ *.csv (io/regions.h) */

#endif
