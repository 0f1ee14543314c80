#include "base/utf8.h"

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
