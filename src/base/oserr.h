/*
 * oserr: the operating system's error numbers in the user's language.
 *
 * strerror() speaks English (and its words depend on the C library), so
 * every message a user sees names an errno through os_error_text instead.
 * scripts/check-style.sh refuses strerror( anywhere else in src/.
 */
#ifndef MONEV_BASE_OSERR_H
#define MONEV_BASE_OSERR_H

/* A short Indonesian phrase for errnum, e.g. "izin ditolak" for EACCES,
 * meant to follow a colon ("... tidak dapat dibuka: izin ditolak").  An
 * errno without its own phrase gives "galat sistem nomor N".  The text is
 * static, or for an unlisted number lives in a per-thread buffer until the
 * next call in that thread.  Can't fail. */
const char *os_error_text(int errnum);

#endif
