#include "base/diag.h"

#include <stdarg.h>
#include <string.h>

#include "base/mem.h"

void diag_init(diag *d, const char *source)
{
        memset(d, 0, sizeof(*d));
        d->source = mem_strdup(source);
}

void diag_free(diag *d)
{
        for (size_t i = 0; i < d->count; i++)
                mem_free(d->items[i].msg);
        mem_free(d->items);
        mem_free(d->source);
        memset(d, 0, sizeof(*d));
}

void diag_add(diag *d, diag_severity sev, int line, const char *fmt, ...)
{
        va_list ap;
        buf b;

        if (sev == DIAG_ERROR)
                d->errors++;
        if (d->count == d->alloc) {
                size_t n = d->alloc ? d->alloc * 2 : 8;
                diag_entry *p = mem_realloc(d->items, n * sizeof(*p));
                if (!p) {
                        d->oom = true;
                        return;
                }
                d->items = p;
                d->alloc = n;
        }
        buf_init(&b, 4096);
        va_start(ap, fmt);
        buf_vprintf(&b, fmt, ap);
        va_end(ap);
        if (buf_failed(&b)) {
                buf_free(&b);
                d->oom = true;
                return;
        }
        d->items[d->count].severity = sev;
        d->items[d->count].line = line;
        d->items[d->count].msg = buf_steal(&b);
        if (!d->items[d->count].msg) {
                d->oom = true;
                return;
        }
        d->count++;
}

void diag_render(const diag *d, buf *out)
{
        for (size_t i = 0; i < d->count; i++) {
                const diag_entry *e = &d->items[i];
                const char *sev = e->severity == DIAG_ERROR ? "galat" : "peringatan";

                if (d->source && e->line > 0)
                        buf_printf(out, "%s:%d: %s: %s\n", d->source, e->line, sev, e->msg);
                else if (d->source)
                        buf_printf(out, "%s: %s: %s\n", d->source, sev, e->msg);
                else if (e->line > 0)
                        buf_printf(out, "baris %d: %s: %s\n", e->line, sev, e->msg);
                else
                        buf_printf(out, "%s: %s\n", sev, e->msg);
        }
        if (d->oom)
                buf_puts(out, "galat: memori habis; sebagian pesan tidak tercatat\n");
}
