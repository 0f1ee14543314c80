/*
 * err: the one helper that writes a message into a caller's buffer, for
 * modules that report failures as (char *err, size_t errlen).
 */
#ifndef MONEV_BASE_ERR_H
#define MONEV_BASE_ERR_H

#include <stddef.h>

/* Formats the message into err[0..errlen) (cut to fit; nothing when err
 * is NULL or errlen 0).  Can't fail. */
void err_set(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* err_set, then returns -1: `return err_fail(err, errlen, "...")`. */
int err_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
