/*
 * limit: the bounds that several layers check, defined once (issue 10):
 * the web forms, the CLI, the store and the database schema agree on them.
 * (The schema's CHECK texts in store/migrations.c repeat the numbers, as
 * SQL cannot include a header; a test compares them.)
 */
#ifndef MONEV_BASE_LIMIT_H
#define MONEV_BASE_LIMIT_H

#define LIMIT_YEAR_MIN   2000  /* the first year a cycle may have */
#define LIMIT_YEAR_MAX   2100  /* the last one */
#define LIMIT_TEXT_CHARS 20000 /* characters in Fakta or Hasil Analisis */
#define LIMIT_NAME_BYTES 200   /* names of the agency, OPDs, people and accounts */
#define LIMIT_NOTE_BYTES 4000  /* a note on a status move, a review or the asesor's level */

#endif
