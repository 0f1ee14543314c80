/*
 * pwcheck: the password policy, one check for every place that sets a
 * password (the password page, the first-login change, `monev user add`
 * and `passwd`; an administrator's reset draws a one-time password that
 * passes it).
 *
 * On top of auth_password_weak (length 10..256 bytes of UTF-8 text, not the
 * username, not one repeated character), libpwquality checks:
 *   - fewer than 16 characters: at least two classes of lower case, upper
 *     case, digits and others (16 or more: a passphrase, any classes);
 *   - no run of more than 3 identical characters, no monotonic sequence of
 *     more than 4 ("12345", "abcde", "54321");
 *   - not based on a word of cracklib's dictionary, when the dictionary
 *     (Debian package cracklib-runtime) is installed;
 *   - for a change, not too similar to the old password.
 * And, by hand: the username and a list of words every guesser tries first
 * ("password", "rahasia", "qwerty", "admin", also written "p@ssw0rd") count
 * for nothing: what remains must still be 10 characters.
 * The messages are the product's own, in Indonesian.
 */
#ifndef MONEV_IO_PWCHECK_H
#define MONEV_IO_PWCHECK_H

/* NULL when password may be set for username (NULL: not checked), else why
 * not (static Indonesian text).  old is the current password when the user
 * changes it (NULL otherwise).  Thread-safe. */
const char *pwcheck_weak(const char *password, const char *username, const char *old);

#endif
