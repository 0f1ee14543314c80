#include "base/utf8.h"

#include <assert.h>
#include <string.h>

bool utf8_text_valid(const char *str, size_t n)
{
        const unsigned char *s = (const unsigned char *)str;
        size_t i = 0;

        while (i < n) {
                unsigned c = s[i];
                unsigned cp, need;

                if (c < 0x80) {
                        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
                                return false;
                        i++;
                        continue;
                }
                if (c >= 0xC2 && c <= 0xDF) {
                        need = 1;
                        cp = c & 0x1F;
                } else if (c >= 0xE0 && c <= 0xEF) {
                        need = 2;
                        cp = c & 0x0F;
                } else if (c >= 0xF0 && c <= 0xF4) {
                        need = 3;
                        cp = c & 0x07;
                } else {
                        return false;
                }
                if (n - i <= need)
                        return false;
                for (unsigned k = 1; k <= need; k++) {
                        if ((s[i + k] & 0xC0) != 0x80)
                                return false;
                        cp = (cp << 6) | (s[i + k] & 0x3F);
                }
                if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
                    (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
                        return false;
                i += need + 1;
        }
        return true;
}

size_t utf8_length(const char *s, size_t n)
{
        size_t count = 0;

        for (size_t i = 0; i < n; i++)
                count += ((unsigned char)s[i] & 0xC0) != 0x80;
        return count;
}

/* The code point of the well-formed UTF-8 character at s[0..n) and its
 * length in *len; -1 (with *len 1) for an ill-formed byte. */
static long utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
        unsigned c = s[0], need, cp;

        *len = 1;
        if (c < 0x80)
                return (long)c;
        if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
                cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                cp = c & 0x07;
        } else {
                return -1;
        }
        if (n <= need)
                return -1;
        for (unsigned k = 1; k <= need; k++) {
                if ((s[k] & 0xC0) != 0x80)
                        return -1;
                cp = (cp << 6) | (s[k] & 0x3F);
        }
        if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
                return -1;
        *len = need + 1;
        return (long)cp;
}

static bool is_bidi_format(long cp)
{
        return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
               (cp >= 0x2066 && cp <= 0x2069);
}

size_t utf8_display_clean(const char *str, char *out, size_t outlen)
{
        const unsigned char *s = (const unsigned char *)(str ? str : "");
        size_t n = strlen((const char *)s), i = 0, k = 0;

        assert(out && outlen > 0);
        while (i < n) {
                size_t len;
                long cp = utf8_decode(s + i, n - i, &len);

                if (is_bidi_format(cp)) {
                        i += len;
                        continue;
                }
                if (cp < 0 || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
                        if (k + 1 >= outlen)
                                break;
                        out[k++] = '_';
                        i += len;
                        continue;
                }
                if (k + len >= outlen)
                        break;
                memmove(out + k, s + i, len);
                k += len;
                i += len;
        }
        out[k] = '\0';
        return k;
}
