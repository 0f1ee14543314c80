/*
 * form: re-showing refused forms, pending forms of expired sessions and the
 * login's `next` (see form.h).
 */
#include "web/form.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

bool web_next_safe(const char *s)
{
        size_t n;

        if (!s || s[0] != '/' || s[1] == '/' || s[1] == '\\')
                return false;
        n = strnlen(s, WEB_NEXT_MAX + 1);
        if (n > WEB_NEXT_MAX)
                return false;
        for (size_t i = 0; i < n; i++) {
                unsigned char ch = (unsigned char)s[i];

                if (ch <= ' ' || ch == 0x7f || ch == '\\')
                        return false;
        }
        return true;
}

/* Fields never kept nor shown again. */
static bool secret_field(const char *key)
{
        return strcmp(key, "csrf") == 0 || strcmp(key, "pulih") == 0 || strcmp(key, "next") == 0 ||
               strstr(key, "password") || strstr(key, "sandi") || strstr(key, "token");
}

json_t *web_form_values(web_ctx *c)
{
        size_t n = 0;
        const http_kv *kv = http_req_form_fields(c->req, &n);
        json_t *out = json_object();

        for (size_t i = 0; out && i < n && i < 512; i++) {
                if (secret_field(kv[i].key) || json_object_get(out, kv[i].key))
                        continue;
                json_object_set_new(out, kv[i].key, json_string(kv[i].value));
        }
        return out;
}

void web_form_set(web_ctx *c, const char *field, const char *msg)
{
        json_t *form = json_object(), *errors = json_object();

        if (!form || !errors) {
                json_decref(form);
                json_decref(errors);
                return;
        }
        if (field)
                json_object_set_new(errors, field, json_string(web_t(c, msg)));
        json_object_set_new(form, "values", web_form_values(c));
        json_object_set_new(form, "errors", errors);
        if (field || msg)
                json_object_set_new(form, "message",
                                    json_string(web_t(c, field ? "Formulir belum disimpan: "
                                                                 "periksa isian yang ditandai "
                                                                 "di bawah."
                                                               : msg)));
        json_decref(c->form);
        c->form = form;
}

void web_fail_field(web_ctx *c, int status, const char *field, const char *msg)
{
        if (!c->api)
                web_form_set(c, field, msg);
        web_fail(c, status, msg);
}

const char *web_form_value(const web_ctx *c, const char *name)
{
        json_t *v = json_object_get(json_object_get(c->form, "values"), name);

        return json_is_string(v) ? json_string_value(v) : NULL;
}

bool web_form_pending_save(web_ctx *c, const char *path, char *id)
{
        json_t *values = web_form_values(c);
        char *fields = NULL;
        bool ok = false, worth = false;
        const char *key;
        json_t *v;

        id[0] = '\0';
        json_object_foreach(values, key, v) worth |= json_string_length(v) > 0;
        if (!values || !worth || !web_next_safe(path))
                goto out;
        fields = json_dumps(values, JSON_COMPACT);
        if (!fields)
                goto out;
        auth_token_new(id);
        ok = store_pending_form_put(c->st, id, path, fields, c->now) == STORE_OK;
        if (!ok)
                id[0] = '\0';
out:
        free(fields);
        json_decref(values);
        return ok;
}

void web_form_pending_load(web_ctx *c)
{
        const char *id = http_req_query(c->req, "pulih");
        char *path = NULL, *fields = NULL;
        json_t *values, *form;

        if (!id || !c->authed || c->api)
                return;
        if (store_pending_form_get(c->st, id, c->user.username, c->now - WEB_PENDING_MAX_AGE, &path,
                                   &fields) != STORE_OK)
                return;
        values = strcmp(path, http_req_path(c->req)) == 0 ? json_loads(fields, 0, NULL) : NULL;
        if (json_is_object(values) && (form = json_object())) {
                json_object_set_new(form, "values", values);
                json_object_set_new(form, "errors", json_object());
                json_object_set_new(form, "restored", json_true());
                json_decref(c->form);
                c->form = form;
        } else {
                json_decref(values);
        }
        mem_free(path);
        mem_free(fields);
}

void web_url_encode(buf *b, const char *s)
{
        for (const unsigned char *q = (const unsigned char *)s; *q; q++) {
                if ((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') ||
                    (*q >= '0' && *q <= '9') || strchr("-._~/", *q))
                        buf_putc(b, (char)*q);
                else
                        buf_printf(b, "%%%02X", *q);
        }
}
