/*
 * pwcheck: the password policy over libpwquality (see pwcheck.h).
 *
 * The settings are made per call (no shared state, so threads need no
 * lock); the system's /etc/security/pwquality.conf is not read, so the
 * policy is the same on every server and in the tests.
 */
#include "io/pwcheck.h"

#include <pwquality.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "core/auth.h"

#define PASSPHRASE_LEN 16 /* characters from which one class is enough */
#define CRACKLIB_DICT  "/var/cache/cracklib/cracklib_dict" /* libcrack2's default */

/* Lower case, ASCII; matched after undoing common substitutions. */
static const char *const common_words[] = {
    "password",  "passwort", "sandi",     "katasandi", "rahasia",    "admin",    "administrator",
    "qwerty",    "asdfgh",   "zxcvbn",    "letmein",   "welcome",    "iloveyou", "monkey",
    "dragon",    "master",   "login",     "masuk",     "default",    "changeme", "secret",
    "sayang",    "cinta",    "indonesia", "jakarta",   "bismillah",  "merdeka",  "garuda",
    "pancasila", "monev",    "spbe",      "pemdi",     "diskominfo", "kominfo",  "pemkot",
    "pemkab",    "pemda",    "qazwsx",    "abc123",    "123abc",     "1q2w3e",
};

/* ASCII lower case with the usual look-alike digits and symbols undone
 * ("P@ssw0rd" reads "password"); other bytes as they are. */
static char normal(char c)
{
        switch (c) {
        case '0':
                return 'o';
        case '1':
                return 'i';
        case '3':
                return 'e';
        case '4':
        case '@':
                return 'a';
        case '5':
        case '$':
                return 's';
        case '7':
                return 't';
        default:
                return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        }
}

/* Marks in weak[] every byte of pw (n bytes) covered by word, compared
 * byte-wise on norm (pw normalised) and, for words with digits, on the
 * lower-cased text. */
static bool mark(const char *pw, const char *norm, size_t n, const char *word, bool *weak)
{
        size_t wl = strlen(word);
        bool found = false;

        if (wl == 0 || wl > n)
                return false;
        for (size_t i = 0; i + wl <= n; i++) {
                bool hit = true;

                for (size_t k = 0; k < wl && hit; k++) {
                        char c = pw[i + k];

                        c = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
                        hit = norm[i + k] == normal(word[k]) || c == word[k];
                }
                if (hit) {
                        memset(weak + i, 1, wl);
                        found = true;
                }
        }
        return found;
}

/* Why pw is too weak once the username and the common words are taken
 * out, or NULL. */
static const char *words_check(const char *pw, const char *username)
{
        char norm[AUTH_PASSWORD_MAX + 1];
        bool weak[AUTH_PASSWORD_MAX + 1];
        size_t n = strlen(pw), rest = 0;
        bool user = false, word = false;

        for (size_t i = 0; i < n; i++)
                norm[i] = normal(pw[i]);
        memset(weak, 0, n);
        if (username && strlen(username) >= 3) {
                char u[AUTH_PASSWORD_MAX + 1];
                size_t ul = strnlen(username, AUTH_PASSWORD_MAX);

                for (size_t i = 0; i < ul; i++)
                        u[i] = (username[i] >= 'A' && username[i] <= 'Z')
                                   ? (char)(username[i] - 'A' + 'a')
                                   : username[i];
                u[ul] = '\0';
                user = mark(pw, norm, n, u, weak);
        }
        for (size_t w = 0; w < sizeof(common_words) / sizeof(common_words[0]); w++)
                word |= mark(pw, norm, n, common_words[w], weak);
        for (size_t i = 0; i < n; i++) /* characters: count the lead bytes */
                if (!weak[i] && ((unsigned char)pw[i] & 0xc0) != 0x80)
                        rest++;
        if (rest >= AUTH_PASSWORD_MIN)
                return NULL;
        if (user)
                return "kata sandi memuat nama pengguna; tanpa nama itu sisanya kurang dari 10 "
                       "karakter";
        if (word)
                return "kata sandi memuat kata yang paling dulu ditebak orang (mis. password, "
                       "rahasia, qwerty, admin); tanpa kata itu sisanya kurang dari 10 karakter";
        return NULL;
}

/* The message for a cracklib verdict (English text from libcrack2). */
static const char *cracklib_message(const char *why)
{
        if (!why)
                return "kata sandi terlalu mudah ditebak";
        if (strstr(why, "dictionary word"))
                return "kata sandi berdasarkan kata di kamus; tambahkan kata lain, angka atau "
                       "simbol";
        if (strstr(why, "DIFFERENT characters"))
                return "kata sandi memuat terlalu sedikit karakter yang berbeda";
        if (strstr(why, "simplistic") || strstr(why, "systematic"))
                return "kata sandi terlalu sederhana atau berpola";
        return "kata sandi terlalu mudah ditebak";
}

static size_t utf8_chars(const char *s)
{
        size_t n = 0;

        for (; *s; s++)
                if (((unsigned char)*s & 0xc0) != 0x80)
                        n++;
        return n;
}

const char *pwcheck_weak(const char *password, const char *username, const char *old)
{
        pwquality_settings_t *pwq;
        void *aux = NULL;
        const char *why;
        int score;

        if ((why = auth_password_weak(password, username)) != NULL)
                return why;
        if (old && strcmp(password, old) == 0)
                return "kata sandi baru harus berbeda dari yang lama";
        if ((why = words_check(password, username)) != NULL)
                return why;
        pwq = pwquality_default_settings();
        if (!pwq)
                return "pemeriksaan kata sandi gagal (memori habis); coba lagi";
        if (pwquality_set_int_value(pwq, PWQ_SETTING_MIN_LENGTH, AUTH_PASSWORD_MIN) != 0 ||
            pwquality_set_int_value(pwq, PWQ_SETTING_MIN_CLASS,
                                    utf8_chars(password) < PASSPHRASE_LEN ? 2 : 1) != 0 ||
            pwquality_set_int_value(pwq, PWQ_SETTING_MAX_REPEAT, 3) != 0 ||
            pwquality_set_int_value(pwq, PWQ_SETTING_MAX_SEQUENCE, 4) != 0 ||
            pwquality_set_int_value(pwq, PWQ_SETTING_USER_CHECK, 0) != 0 ||
            pwquality_set_int_value(pwq, PWQ_SETTING_GECOS_CHECK, 0) != 0 ||
            pwquality_set_int_value(pwq, PWQ_SETTING_DICT_CHECK,
                                    access(CRACKLIB_DICT ".pwd", R_OK) == 0) != 0) {
                pwquality_free_settings(pwq);
                return "pemeriksaan kata sandi gagal; coba lagi";
        }
        score = pwquality_check(pwq, password, old, NULL, &aux);
        pwquality_free_settings(pwq);
        if (score >= 0)
                return NULL;
        switch (score) {
        case PWQ_ERROR_MIN_LENGTH:
                return "kata sandi terlalu pendek (paling sedikit 10 karakter)";
        case PWQ_ERROR_MIN_CLASSES:
                return "kata sandi di bawah 16 karakter harus memuat paling sedikit dua jenis "
                       "karakter (huruf kecil, huruf besar, angka, simbol); atau pakai kalimat "
                       "sandi 16 karakter atau lebih";
        case PWQ_ERROR_MAX_CONSECUTIVE:
                return "kata sandi memuat lebih dari 3 karakter yang sama berturut-turut";
        case PWQ_ERROR_MAX_SEQUENCE:
                return "kata sandi memuat deret urut lebih dari 4 karakter (mis. 12345, abcde)";
        case PWQ_ERROR_PALINDROME:
                return "kata sandi tidak boleh palindrom (sama dibaca dari kedua arah)";
        case PWQ_ERROR_SAME_PASSWORD:
                return "kata sandi baru harus berbeda dari yang lama";
        case PWQ_ERROR_TOO_SIMILAR:
        case PWQ_ERROR_CASE_CHANGES_ONLY:
        case PWQ_ERROR_ROTATED:
                return "kata sandi baru terlalu mirip dengan yang lama";
        case PWQ_ERROR_USER_CHECK:
        case PWQ_ERROR_GECOS_CHECK:
                return "kata sandi memuat nama pengguna";
        case PWQ_ERROR_BAD_WORDS:
                return "kata sandi memuat kata yang paling dulu ditebak orang";
        case PWQ_ERROR_CRACKLIB_CHECK:
                return cracklib_message(aux);
        case PWQ_ERROR_MEM_ALLOC:
                return "pemeriksaan kata sandi gagal (memori habis); coba lagi";
        default:
                return "kata sandi terlalu mudah ditebak";
        }
}
