/*
 * Templates: every construct, escaping, scopes, partials and their limits,
 * translation, syntax errors with their lines, out-of-memory handling.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/mem.h"
#include "mo_build.h"
#include "web/i18n.h"
#include "web/tmpl.h"

/* Parses n templates; *msg (when not NULL) gets the rendered messages,
 * which the caller frees. */
static tmpl_set *parse_n(size_t n, const char *const *names, const char *const *texts, char **msg)
{
        size_t lens[32];
        diag d;
        buf b;
        tmpl_set *set;

        assert_true(n <= 32);
        for (size_t i = 0; i < n; i++)
                lens[i] = strlen(texts[i]);
        diag_init(&d, NULL);
        set = tmpl_set_parse(names, texts, lens, n, &d);
        if (set)
                assert_int_equal(d.errors, 0);
        else
                assert_true(d.errors > 0);
        buf_init(&b, 0);
        diag_render(&d, &b);
        diag_free(&d);
        if (msg)
                *msg = buf_steal(&b);
        else
                buf_free(&b);
        return set;
}

static tmpl_set *parse1(const char *text, char **msg)
{
        const char *name = "t";

        return parse_n(1, &name, &text, msg);
}

/* Renders template name with the JSON data; the output (caller frees) or
 * NULL when the render fails. */
static char *render(const tmpl_set *set, const char *name, const char *json, const i18n_cat *cat)
{
        json_error_t err;
        json_t *data = json_loads(json, JSON_DECODE_ANY, &err);
        buf out;
        char *s = NULL;

        assert_non_null(data);
        buf_init(&out, 0);
        if (tmpl_render(set, name, data, cat, &out) == 0)
                s = buf_steal(&out);
        buf_free(&out);
        json_decref(data);
        return s;
}

/* Parses text as template "t", renders it with json and compares. */
static void check_cat(const char *text, const char *json, const i18n_cat *cat, const char *want)
{
        char *msg;
        tmpl_set *set = parse1(text, &msg);
        char *got;

        if (!set)
                fail_msg("%s: %s", text, msg);
        got = render(set, "t", json, cat);
        assert_non_null(got);
        if (strcmp(got, want) != 0)
                fail_msg("template %s\n  data %s\n  want [%s]\n  got  [%s]", text, json, want, got);
        mem_free(got);
        mem_free(msg);
        tmpl_set_free(set);
}

static void check(const char *text, const char *json, const char *want)
{
        check_cat(text, json, NULL, want);
}

/* Parses the templates and expects an error at line (0: none) of template
 * in, whose message contains what. */
static void check_error_n(size_t n, const char *const *names, const char *const *texts,
                          const char *in, int line, const char *what)
{
        char *msg, want[128];
        tmpl_set *set = parse_n(n, names, texts, &msg);

        assert_null(set);
        if (line > 0)
                snprintf(want, sizeof(want), "%s.html:%d: galat: ", in, line);
        else
                snprintf(want, sizeof(want), "%s.html: galat: ", in);
        if (strncmp(msg, want, strlen(want)) != 0 || !strstr(msg, what))
                fail_msg("want %s...%s\n got %s", want, what, msg);
        mem_free(msg);
}

static void check_error(const char *text, int line, const char *what)
{
        const char *name = "t";

        check_error_n(1, &name, &text, "t", line, what);
}

static void test_text_and_values(void **state)
{
        (void)state;
        check("", "{}", "");
        check("Halo, dunia", "{}", "Halo, dunia");
        check("Halo, {{nama}}!", "{\"nama\":\"Budi\"}", "Halo, Budi!");
        check("{{ nama }}|{{nama}}", "{\"nama\":\"Ani\"}", "Ani|Ani");
        check("[{{n}}] [{{r}}] [{{h}}] [{{big}}] [{{neg}}]",
              "{\"n\":42,\"r\":0.1,\"h\":2.5,\"big\":1e21,\"neg\":-7}",
              "[42] [0.1] [2.5] [1e+21] [-7]");
        check("[{{x}}]", "{\"x\":3.0}", "[3]");
        check("[{{x}}]", "{\"x\":0.30000000000000004}", "[0.30000000000000004]");
        check("[{{x}}]", "{\"x\":9007199254740993}", "[9007199254740993]");
        check("[{{t}}] [{{f}}] [{{z}}] [{{a}}] [{{o}}] [{{missing}}]",
              "{\"t\":true,\"f\":false,\"z\":null,\"a\":[1],\"o\":{\"k\":1}}",
              "[true] [false] [] [] [] []");
        check("{{.}}", "\"root\"", "root");
        check("{{.}}", "12", "12");
        check("{{a.b.c}}/{{a.b}}/{{a.x.c}}", "{\"a\":{\"b\":{\"c\":\"dalam\"}}}", "dalam//");
        check("{{items.1.name}}|{{items.5.name}}|{{items.x}}",
              "{\"items\":[{\"name\":\"a\"},{\"name\":\"b\"}]}", "b||");
        check("{{nama-opd}} {{_id}} {{a_b-c}}",
              "{\"nama-opd\":\"Dinas\",\"_id\":\"7\",\"a_b-c\":\"x\"}", "Dinas 7 x");
        /* Any UTF-8, in the template and in the values. */
        check("Évaluasi «{{x}}» ✓ 𝔸", "{\"x\":\"Ünïcødé — 日本\"}",
              "Évaluasi «Ünïcødé — 日本» ✓ 𝔸");
        /* Single braces and stray closers are plain text. */
        check("a { b } c }} d {x}", "{}", "a { b } c }} d {x}");
        check("{{@index}}{{@number}}", "{}", "");
}

static void test_escaping(void **state)
{
        const char *data = "{\"s\":\"<script>alert('x')</script>\",\"q\":\"a\\\"b & c\","
                           "\"h\":\"<b>tebal</b>\"}";

        (void)state;
        check("{{s}}", data, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        check("<a title=\"{{q}}\" href='{{s}}'>", data,
              "<a title=\"a&quot;b &amp; c\" "
              "href='&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;'>");
        check("{{h}}|{{{h}}}|{{{ h }}}", data,
              "&lt;b&gt;tebal&lt;/b&gt;|<b>tebal</b>|<b>tebal</b>");
        /* Already-escaped text is escaped again: no double decoding. */
        check("{{x}}", "{\"x\":\"&amp;&lt;\"}", "&amp;amp;&amp;lt;");
        /* The template's own text is not escaped. */
        check("<p class=\"x\">&nbsp;</p>", "{}", "<p class=\"x\">&nbsp;</p>");
        /* {{{ }}} on a number or a missing value. */
        check("{{{n}}}{{{missing}}}", "{\"n\":5}", "5");
}

static void test_tmpl_escape(void **state)
{
        buf b;

        (void)state;
        buf_init(&b, 0);
        tmpl_escape(&b, "a&b<c>d\"e'f", 11);
        assert_string_equal(buf_cstr(&b), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
        buf_reset(&b);
        tmpl_escape(&b, "x\0<", 3);
        assert_int_equal(b.len, 6);
        assert_memory_equal(b.data, "x\0&lt;", 7);
        buf_reset(&b);
        tmpl_escape(&b, "", 0);
        assert_string_equal(buf_cstr(&b), "");
        buf_free(&b);
        /* A full buffer: the content stays as it was. */
        buf_init(&b, 6);
        buf_puts(&b, "ab");
        tmpl_escape(&b, "<<", 2);
        assert_true(buf_failed(&b));
        assert_string_equal(buf_cstr(&b), "ab&lt;");
        buf_free(&b);
}

static void test_if_unless(void **state)
{
        const char *tpl = "{{#if v}}Y{{else}}N{{/if}}";
        const char *falsy[] = {"{}",          "{\"v\":null}", "{\"v\":false}", "{\"v\":0}",
                               "{\"v\":0.0}", "{\"v\":\"\"}", "{\"v\":[]}",    "{\"v\":{}}"};
        const char *truthy[] = {"{\"v\":true}", "{\"v\":1}",        "{\"v\":-1}",
                                "{\"v\":0.5}",  "{\"v\":\"0\"}",    "{\"v\":\" \"}",
                                "{\"v\":[0]}",  "{\"v\":{\"a\":0}}"};

        (void)state;
        for (size_t i = 0; i < sizeof(falsy) / sizeof(falsy[0]); i++) {
                check(tpl, falsy[i], "N");
                check("{{#unless v}}U{{/unless}}", falsy[i], "U");
                check("{{#unless v}}U{{else}}E{{/unless}}", falsy[i], "U");
        }
        for (size_t i = 0; i < sizeof(truthy) / sizeof(truthy[0]); i++) {
                check(tpl, truthy[i], "Y");
                check("{{#unless v}}U{{/unless}}", truthy[i], "");
                check("{{#unless v}}U{{else}}E{{/unless}}", truthy[i], "E");
        }
        check("{{#if v}}Y{{/if}}", "{}", "");
        check("{{#if a.b}}{{a.b}}{{/if}}", "{\"a\":{\"b\":\"x\"}}", "x");
        check("{{#if a}}1{{#if b}}2{{else}}3{{/if}}4{{else}}5{{/if}}", "{\"a\":1}", "134");
        check("{{#if a}}1{{#if b}}2{{else}}3{{/if}}4{{else}}5{{/if}}", "{\"a\":1,\"b\":1}", "124");
        check("{{#if a}}1{{#if b}}2{{else}}3{{/if}}4{{else}}5{{/if}}", "{\"b\":1}", "5");
        check("{{#if .}}Y{{/if}}", "\"x\"", "Y");
}

static void test_each(void **state)
{
        (void)state;
        check("{{#each xs}}<{{.}}>{{/each}}", "{\"xs\":[\"a\",\"<b>\",3]}", "<a><&lt;b&gt;><3>");
        check("{{#each xs}}{{@index}}/{{@number}} {{/each}}", "{\"xs\":[\"a\",\"b\",\"c\"]}",
              "0/1 1/2 2/3 ");
        check("{{#each xs}}x{{else}}kosong{{/each}}", "{\"xs\":[]}", "kosong");
        check("{{#each xs}}x{{else}}kosong{{/each}}", "{}", "kosong");
        check("{{#each xs}}x{{else}}kosong{{/each}}", "{\"xs\":{\"a\":1}}", "kosong");
        check("{{#each xs}}x{{else}}kosong{{/each}}", "{\"xs\":\"abc\"}", "kosong");
        check("{{#each xs}}{{#if @index}}, {{/if}}{{name}}{{/each}}",
              "{\"xs\":[{\"name\":\"A\"},{\"name\":\"B\"},{\"name\":\"C\"}]}", "A, B, C");
        /* Items first, then outward: the item's own key hides the outer. */
        check("{{#each opd}}{{name}} ({{year}}){{#each ind}} [{{code}} {{name}} {{year}} "
              "{{@index}}]{{/each}};{{/each}}",
              "{\"year\":2024,\"opd\":[{\"name\":\"Dinas A\",\"ind\":[{\"code\":\"I1\"},"
              "{\"code\":\"I2\",\"name\":\"Khusus\"}]},{\"name\":\"Dinas B\",\"year\":2023,"
              "\"ind\":[]}]}",
              "Dinas A (2024) [I1 Dinas A 2024 0] [I2 Khusus 2024 1];Dinas B (2023);");
        /* A key present with null stops the lookup (the item defines it). */
        check("{{#each xs}}[{{v}}]{{/each}}", "{\"v\":\"luar\",\"xs\":[{\"v\":null},{}]}",
              "[][luar]");
        /* Non-object items: {{.}} is the item, names fall through outward. */
        check("{{#each xs}}{{.}}{{t}} {{/each}}", "{\"t\":\"!\",\"xs\":[1,\"a\",true,null]}",
              "1! a! true! ! ");
        /* Nested arrays: {{.}} is the inner item, @index the inner index. */
        check("{{#each m}}{{#each .}}{{@index}}{{.}} {{/each}}|{{/each}}",
              "{\"m\":[[\"a\",\"b\"],[\"c\"]]}", "0a 1b |0c |");
}

static void test_eq(void **state)
{
        const char *tpl = "{{#eq v \"3\"}}Y{{else}}N{{/eq}}";

        (void)state;
        check(tpl, "{\"v\":\"3\"}", "Y");
        check(tpl, "{\"v\":3}", "Y");
        check(tpl, "{\"v\":3.0}", "Y");
        check(tpl, "{\"v\":\"03\"}", "N");
        check(tpl, "{\"v\":4}", "N");
        check(tpl, "{}", "N");
        check(tpl, "{\"v\":null}", "N");
        check(tpl, "{\"v\":[3]}", "N");
        check("{{#eq v 3}}Y{{else}}N{{/eq}}", "{\"v\":3}", "Y");
        check("{{#eq v 2.5}}Y{{else}}N{{/eq}}", "{\"v\":2.5}", "Y");
        check("{{#eq v -1}}Y{{else}}N{{/eq}}", "{\"v\":-1}", "Y");
        check("{{#eq v \"true\"}}Y{{else}}N{{/eq}}", "{\"v\":true}", "Y");
        check("{{#eq v \"\"}}Y{{else}}N{{/eq}}", "{\"v\":\"\"}", "Y");
        check("{{#eq v \"\"}}Y{{else}}N{{/eq}}", "{}", "N");
        check("{{#eq v \"a \\\"b\\\" \\\\ c\"}}Y{{/eq}}", "{\"v\":\"a \\\"b\\\" \\\\ c\"}", "Y");
        check("{{#eq v \"Ünï}}\"}}Y{{/eq}}", "{\"v\":\"Ünï}}\"}", "Y");
        /* Two names. */
        check("{{#eq a b}}Y{{else}}N{{/eq}}", "{\"a\":\"x\",\"b\":\"x\"}", "Y");
        check("{{#eq a b}}Y{{else}}N{{/eq}}", "{\"a\":7,\"b\":\"7\"}", "Y");
        check("{{#eq a b}}Y{{else}}N{{/eq}}", "{\"a\":\"x\",\"b\":\"y\"}", "N");
        check("{{#eq a b}}Y{{else}}N{{/eq}}", "{}", "N");
        check("{{#eq a b}}Y{{else}}N{{/eq}}", "{\"a\":null,\"b\":null}", "N");
        /* The selected option of a list: the item against an outer name. */
        check("{{#each opts}}<option{{#eq id selected}} selected{{/eq}}>{{id}}</option>{{/each}}",
              "{\"selected\":2,\"opts\":[{\"id\":1},{\"id\":2},{\"id\":3}]}",
              "<option>1</option><option selected>2</option><option>3</option>");
        check("{{#each xs}}{{#eq @number 2}}[{{.}}]{{/eq}}{{/each}}", "{\"xs\":[\"a\",\"b\"]}",
              "[b]");
        check("{{#each xs}}{{#eq . @index}}={{/eq}}{{/each}}", "{\"xs\":[0,5,2]}", "==");
}

static void test_partials(void **state)
{
        const char *names[] = {"page", "row", "cell"};
        const char *texts[] = {"<table>{{#each rows}}{{> row}}{{/each}}</table>{{> cell}}",
                               "<tr>{{#each cells}}{{> cell}}{{/each}}</tr>",
                               "<td>{{v}}{{@index}}</td>"};
        char *msg, *got;
        tmpl_set *set = parse_n(3, names, texts, &msg);

        (void)state;
        assert_non_null(set);
        got = render(set, "page",
                     "{\"v\":\"r\",\"rows\":[{\"cells\":[{\"v\":\"a\"},{\"v\":\"<\"}]},"
                     "{\"cells\":[]}]}",
                     NULL);
        assert_string_equal(got, "<table><tr><td>a0</td><td>&lt;1</td></tr><tr></tr></table>"
                                 "<td>r</td>");
        mem_free(got);
        got = render(set, "cell", "{\"v\":1}", NULL);
        assert_string_equal(got, "<td>1</td>");
        mem_free(got);
        assert_null(render(set, "nope", "{}", NULL));
        assert_null(render(set, "", "{}", NULL));
        assert_null(render(set, "page.html", "{}", NULL));
        mem_free(msg);
        tmpl_set_free(set);
}

/* A chain of n + 1 templates t0 .. tn, each including the next. */
static tmpl_set *chain(int n, char **msg)
{
        char names[32][8], texts[32][32];
        const char *np[32], *tp[32];

        assert_true(n < 32);
        for (int i = 0; i <= n; i++) {
                snprintf(names[i], sizeof(names[i]), "t%d", i);
                if (i < n)
                        snprintf(texts[i], sizeof(texts[i]), "%d\n{{> t%d}}", i, i + 1);
                else
                        snprintf(texts[i], sizeof(texts[i]), "%d", i);
                np[i] = names[i];
                tp[i] = texts[i];
        }
        return parse_n((size_t)n + 1, np, tp, msg);
}

static void test_partial_depth(void **state)
{
        char *msg, *got;
        tmpl_set *set;

        (void)state;
        /* 16 levels of partials: fine. */
        set = chain(16, &msg);
        assert_non_null(set);
        got = render(set, "t0", "{}", NULL);
        assert_string_equal(got, "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16");
        mem_free(got);
        mem_free(msg);
        tmpl_set_free(set);
        /* 17 levels: refused when loading, at the call that goes too deep. */
        set = chain(17, &msg);
        assert_null(set);
        assert_non_null(strstr(msg, "t0.html:2: galat: "));
        assert_non_null(strstr(msg, "16"));
        mem_free(msg);
        /* Cycles, even behind a condition, are refused when loading. */
        {
                const char *names[] = {"a", "b", "c"};
                const char *texts[] = {"x\n{{> b}}", "{{#if y}}\n\n{{> c}}{{/if}}", "{{> a}}"};
                const char *self[] = {"{{#each xs}}\n{{> a}}{{/each}}"};

                check_error_n(3, names, texts, "c", 1, "a > b > c > a");
                check_error_n(1, names, self, "a", 2, "a > a");
        }
}

static void test_comments(void **state)
{
        (void)state;
        check("a{{! komentar }}b{{!}}c", "{}", "abc");
        /* A comment ends at the first "}}" and may span lines. */
        check("a{{! baris\nbaris {{x}} \n}}b", "{\"x\":1}", "a \n}}b");
        check_error("{{! satu\ndua }}\n{{x", 3, "tidak ditutup");
}

static void test_translation(void **state)
{
        static const mo_msg msgs[] = {
            MO_MSG("", "Content-Type: text/plain; charset=UTF-8\n"),
            MO_MSG("Indikator \"aktif\"", "Active \"indicator\""),
            MO_MSG("Masuk", "Log in"),
            MO_MSG("Penilaian", "<Assessment> & 'review'"),
            MO_MSG("a\\b", "back\\slash"),
        };
        size_t len;
        unsigned char *mo = mo_build(msgs, sizeof(msgs) / sizeof(msgs[0]), 0, &len);
        i18n_cat *cat = i18n_cat_parse(mo, len);

        (void)state;
        assert_non_null(cat);
        check_cat("<button>{{_ \"Masuk\"}}</button>", "{}", cat, "<button>Log in</button>");
        check_cat("{{_ \"Masuk\"}}", "{}", NULL, "Masuk");
        check_cat("{{_\"Masuk\"}}", "{}", cat, "Log in");
        check_cat("{{_ \"Penilaian\"}}", "{}", cat, "&lt;Assessment&gt; &amp; &#39;review&#39;");
        check_cat("{{_ \"Indikator \\\"aktif\\\"\"}}", "{}", cat, "Active &quot;indicator&quot;");
        check_cat("{{_ \"Indikator \\\"aktif\\\"\"}}", "{}", NULL, "Indikator &quot;aktif&quot;");
        check_cat("{{_ \"a\\\\b\"}}", "{}", cat, "back\\slash");
        check_cat("{{_ \"Tidak ada <terjemahan>\"}}", "{}", cat, "Tidak ada &lt;terjemahan&gt;");
        check_cat("{{_ \"Teks }} dengan kurung\"}}", "{}", cat, "Teks }} dengan kurung");
        check_cat("{{_ \"Évaluasi ✓\"}}", "{}", cat, "Évaluasi ✓");
        check_cat("{{_ \"\"}}", "{}", cat, "");
        check_cat("{{_ \"baris\nkedua\"}}", "{}", cat, "baris\nkedua");
        check_error("{{_ \"baris\nkedua\"}}\n{{x", 3, "tidak ditutup");
        i18n_cat_free(cat);
        mem_free(mo);
        /* The real English catalog. */
        check_cat("{{_ \"Masuk\"}}", "{}", i18n_lang("en"), "Log in");
}

static void test_syntax_errors(void **state)
{
        (void)state;
        check_error("a\n\n{{x", 3, "tidak ditutup");
        check_error("a\n{{x}\n}", 2, "tidak ditutup");
        check_error("{{{x}}", 1, "'{{{'");
        check_error("\n\n{{! komentar", 3, "komentar");
        check_error("{{_ \"abc}}", 1, "tidak ditutup");
        check_error("a\n{{#if x}}\n{{/each}}", 3,
                    "{{/each}} tidak cocok dengan {{#if}} yang dibuka "
                    "di baris 2");
        check_error("{{#each x}}{{#eq a \"b\"}}\n{{/each}}{{/eq}}", 2, "{{#eq}}");
        check_error("\n{{/if}}", 2, "tanpa blok");
        check_error("{{/}}", 1, "tanpa nama");
        check_error("\n\n\n{{#with x}}{{/with}}", 4, "blok tidak dikenal: {{#with}}");
        check_error("{{#}}", 1, "blok tidak dikenal");
        check_error("x\n{{#if a}}\n{{#each b}}\n{{/each}}\n", 2, "{{#if}} tidak ditutup");
        check_error("{{#if a}}{{#each b}}\n\n", 1, "{{#each}} tidak ditutup");
        /* Literals. */
        check_error("\n{{_ \"a\\nb\"}}", 2, "escape tidak dikenal '\\n'");
        check_error("{{_ \"a\"b}}", 1, "literal teks harus diikuti");
        check_error("{{_ abc}}", 1, "{{_}} perlu satu literal");
        check_error("{{_}}", 1, "{{_}} perlu satu literal");
        check_error("{{_ \"a\" \"b\"}}", 1, "argumen berlebih");
        check_error("{{#eq a \"x\\q\"}}{{/eq}}", 1, "escape tidak dikenal");
        check_error("{{#eq \"a\" b}}{{/eq}}", 1, "bukan literal");
        check_error("{{#eq a}}{{/eq}}", 1, "perlu nama dan pembanding");
        check_error("{{#eq}}{{/eq}}", 1, "perlu nama dan pembanding");
        check_error("{{#eq a b c}}{{/eq}}", 1, "argumen berlebih");
        check_error("{{#eq a 1.}}{{/eq}}", 1, "nama tidak sah");
        /* else. */
        check_error("a\n{{else}}", 2, "{{else}} di luar blok");
        check_error("{{#if a}}{{else}}\n{{else}}{{/if}}", 2, "{{else}} kedua");
        check_error("{{#if a}}{{else if b}}{{/if}}", 1, "argumen berlebih");
        /* Names. */
        check_error("{{a..b}}", 1, "nama tidak sah: 'a..b'");
        check_error("{{.a}}", 1, "nama tidak sah");
        check_error("{{a.}}", 1, "nama tidak sah");
        check_error("{{a$b}}", 1, "nama tidak sah");
        check_error("{{@foo}}", 1, "nama tidak sah");
        check_error("{{a b}}", 1, "argumen berlebih");
        check_error("{{ }}", 1, "tag kosong");
        check_error("{{{ }}}", 1, "perlu satu nama");
        check_error("{{\"x\"}}", 1, "bukan literal");
        check_error("{{#if}}{{/if}}", 1, "{{#if}} perlu satu nama");
        check_error("{{#each a b}}{{/each}}", 1, "argumen berlebih");
        check_error("{{#if a}}{{/if x}}", 1, "argumen berlebih");
        /* Partials. */
        check_error("\n{{> nope}}", 2, "partial tidak dikenal: {{> nope}}");
        check_error("{{>}}", 1, "perlu nama templat");
        check_error("{{> a b}}", 1, "argumen berlebih");
        check_error("{{> \"a\"}}", 1, "perlu nama templat");
        check_error("{{> a<b}}", 1, "perlu nama templat");
        /* Text. */
        check_error("ok\nok\n\xc3(\n", 3, "UTF-8");
        check_error("ok\n\x01", 2, "UTF-8");
        {
                const char *name = "t";
                const char text[] = "a\nb\0c";
                size_t len = sizeof(text) - 1;
                diag d;
                buf out;

                diag_init(&d, NULL);
                assert_null(tmpl_set_parse(&name, (const char *const[]){text}, &len, 1, &d));
                buf_init(&out, 0);
                diag_render(&d, &out);
                assert_non_null(strstr(buf_cstr(&out), "t.html:2: galat: "));
                buf_free(&out);
                diag_free(&d);
        }
}

/* n nested {{#if a}} blocks around "x". */
static char *nest(int n)
{
        buf b;

        buf_init(&b, 0);
        for (int i = 0; i < n; i++)
                buf_printf(&b, "{{#if a}}\n");
        buf_puts(&b, "x");
        for (int i = 0; i < n; i++)
                buf_puts(&b, "{{/if}}");
        return buf_steal(&b);
}

static void test_limits(void **state)
{
        char *text, *msg;
        tmpl_set *set;
        size_t len;
        diag d;

        (void)state;
        text = nest(64);
        msg = mem_alloc(66);
        assert_non_null(msg);
        memset(msg, '\n', 64);
        msg[64] = 'x';
        msg[65] = '\0';
        check(text, "{\"a\":1}", msg);
        mem_free(msg);
        mem_free(text);
        text = nest(65);
        check_error(text, 65, "lebih dari 64 tingkat");
        mem_free(text);
        /* 1 MiB of text is fine, one byte more is not. */
        len = (size_t)1 << 20;
        text = mem_alloc(len + 2);
        assert_non_null(text);
        memset(text, 'a', len + 1);
        text[len + 1] = '\0';
        set = parse1(text + 1, &msg);
        assert_non_null(set);
        tmpl_set_free(set);
        mem_free(msg);
        check_error(text, 0, "1 MiB");
        mem_free(text);
        /* Names. */
        {
                const char *names[] = {"a", "a"}, *texts[] = {"1", "2"};
                const char *bad[] = {"", "a b", "x{"};

                check_error_n(2, names, texts, "a", 0, "ganda");
                for (int i = 0; i < 3; i++)
                        check_error_n(1, &bad[i], texts, bad[i], 0, "nama templat tidak sah");
        }
        /* No templates at all. */
        diag_init(&d, NULL);
        set = tmpl_set_parse(NULL, NULL, NULL, 0, &d);
        assert_non_null(set);
        assert_int_equal(tmpl_render(set, "t", NULL, NULL, &(buf){0}), -1);
        tmpl_set_free(set);
        tmpl_set_free(NULL);
        diag_free(&d);
}

static void test_render_failures(void **state)
{
        char *msg;
        tmpl_set *set = parse1("<p>{{#each xs}}{{.}}{{/each}}</p>", &msg);
        json_t *data = json_pack("{s:[s,s,s]}", "xs", "aaaa", "bbbb", "cccc");
        buf out;

        (void)state;
        assert_non_null(set);
        /* Past the cap: -1, and out keeps what it held before the call. */
        buf_init(&out, 16);
        buf_puts(&out, "kepala|");
        assert_int_equal(tmpl_render(set, "t", data, NULL, &out), -1);
        assert_string_equal(buf_cstr(&out), "kepala|");
        buf_free(&out);
        buf_init(&out, 0);
        buf_puts(&out, "kepala|");
        assert_int_equal(tmpl_render(set, "t", data, NULL, &out), 0);
        assert_string_equal(buf_cstr(&out), "kepala|<p>aaaabbbbcccc</p>");
        assert_int_equal(tmpl_render(set, "nope", data, NULL, &out), -1);
        assert_string_equal(buf_cstr(&out), "kepala|<p>aaaabbbbcccc</p>");
        buf_free(&out);
        json_decref(data);
        tmpl_set_free(set);
        mem_free(msg);
        /* Runaway work with no output (each inside each over the same
         * outer array, 24 deep): refused by the step budget, not hung. */
        {
                buf b;

                buf_init(&b, 0);
                for (int i = 0; i < 24; i++)
                        buf_puts(&b, "{{#each xs}}");
                for (int i = 0; i < 24; i++)
                        buf_puts(&b, "{{/each}}");
                set = parse1(buf_cstr(&b), &msg);
                assert_non_null(set);
                assert_null(render(set, "t", "{\"xs\":[1,2,3]}", NULL));
                tmpl_set_free(set);
                mem_free(msg);
                buf_free(&b);
        }
}

static const char *const oom_names[] = {"page", "row"};
static const char *const oom_texts[] = {
    "<h1>{{_ \"Masuk\"}} {{title}}</h1>{{! c }}\n{{#each rows}}{{> row}}{{else}}-{{/each}}"
    "{{#if ok}}{{{raw}}}{{/if}}{{#unless ok}}x{{/unless}}",
    "<tr>{{@number}} {{name}}{{#eq name \"b\"}}!{{else}}?{{/eq}}{{#eq name title}}={{/eq}}</tr>"};

static void test_out_of_memory(void **state)
{
        static const mo_msg msgs[] = {MO_MSG("Masuk", "Log in")};
        size_t len, lens[2] = {strlen(oom_texts[0]), strlen(oom_texts[1])};
        unsigned char *mo = mo_build(msgs, 1, 0, &len);
        i18n_cat *cat = i18n_cat_parse(mo, len);
        json_t *data = json_pack("{s:s,s:b,s:s,s:[{s:s},{s:s}]}", "title", "<T>", "ok", 1, "raw",
                                 "<i>r</i>", "rows", "name", "a", "name", "b");
        const char *want = "<h1>Log in &lt;T&gt;</h1>\n<tr>1 a?</tr><tr>2 b!</tr><i>r</i>";
        int done = 0;

        (void)state;
        assert_non_null(cat);
        assert_non_null(data);
        for (long n = 0; !done; n++) {
                diag d;
                buf out;
                tmpl_set *set;
                int rc = -1;

                assert_true(n < 10000);
                diag_init(&d, "x");
                buf_init(&out, 0);
                mem_fail_after(n);
                set = tmpl_set_parse(oom_names, oom_texts, lens, 2, &d);
                if (set)
                        rc = tmpl_render(set, "page", data, cat, &out);
                mem_fail_after(-1);
                if (!set)
                        assert_true(d.errors > 0);
                else if (rc != 0)
                        assert_true(out.len == 0);
                else {
                        assert_string_equal(buf_cstr(&out), want);
                        done = 1;
                }
                buf_free(&out);
                tmpl_set_free(set);
                diag_free(&d);
        }
        json_decref(data);
        i18n_cat_free(cat);
        mem_free(mo);
}

/* The templates built into the binary all load. */
static void test_load_embedded(void **state)
{
        diag d;
        buf out;
        tmpl_set *set;

        (void)state;
        diag_init(&d, NULL);
        set = tmpl_set_load(&d);
        buf_init(&out, 0);
        diag_render(&d, &out);
        if (!set)
                fail_msg("%s", buf_cstr(&out));
        buf_free(&out);
        tmpl_set_free(set);
        diag_free(&d);
}

typedef struct thread_arg {
        const tmpl_set *set;
        const json_t *data;
        int ok;
} thread_arg;

static void *render_thread(void *p)
{
        thread_arg *a = p;
        buf out;

        buf_init(&out, 0);
        a->ok = 1;
        for (int i = 0; i < 200 && a->ok; i++) {
                buf_reset(&out);
                if (tmpl_render(a->set, "page", a->data, i18n_lang("en"), &out) != 0 ||
                    strcmp(buf_cstr(&out),
                           "<h1>Log in &lt;T&gt;</h1>\n<tr>1 a?</tr><tr>2 b!</tr><i>r</i>") != 0)
                        a->ok = 0;
        }
        buf_free(&out);
        return NULL;
}

/* A set is read-only after loading: many threads render at once. */
static void test_threads(void **state)
{
        size_t lens[2] = {strlen(oom_texts[0]), strlen(oom_texts[1])};
        diag d;
        tmpl_set *set;
        json_t *data = json_pack("{s:s,s:b,s:s,s:[{s:s},{s:s}]}", "title", "<T>", "ok", 1, "raw",
                                 "<i>r</i>", "rows", "name", "a", "name", "b");
        pthread_t th[8];
        thread_arg args[8];

        (void)state;
        diag_init(&d, NULL);
        set = tmpl_set_parse(oom_names, oom_texts, lens, 2, &d);
        assert_non_null(set);
        for (int i = 0; i < 8; i++) {
                args[i] = (thread_arg){set, data, 0};
                assert_int_equal(pthread_create(&th[i], NULL, render_thread, &args[i]), 0);
        }
        for (int i = 0; i < 8; i++) {
                assert_int_equal(pthread_join(th[i], NULL), 0);
                assert_true(args[i].ok);
        }
        tmpl_set_free(set);
        diag_free(&d);
        json_decref(data);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_text_and_values),
            cmocka_unit_test(test_escaping),
            cmocka_unit_test(test_tmpl_escape),
            cmocka_unit_test(test_if_unless),
            cmocka_unit_test(test_each),
            cmocka_unit_test(test_eq),
            cmocka_unit_test(test_partials),
            cmocka_unit_test(test_partial_depth),
            cmocka_unit_test(test_comments),
            cmocka_unit_test(test_translation),
            cmocka_unit_test(test_syntax_errors),
            cmocka_unit_test(test_limits),
            cmocka_unit_test(test_render_failures),
            cmocka_unit_test(test_out_of_memory),
            cmocka_unit_test(test_load_embedded),
            cmocka_unit_test(test_threads),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
