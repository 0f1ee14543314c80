/*
 * monev demo [--data DIR]
 *
 * A realistic city to explore Monev with: "Pemerintah Kota Contoh", its
 * OPDs and assessment team, SPBE cycles 2021-2023 whose indices follow the
 * published path of Kota Balikpapan (2.44, 3.05, 3.75; in 2022 the aspects
 * Perencanaan Strategis 1.75, Penerapan Manajemen SPBE 1.75, Audit TIK 1.00
 * and the domain Tata Kelola 2.60), the RPJMD targets 3.10 / 3.20 / 4.00,
 * and a Pemdi 2026 cycle in progress.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "core/auth.h"
#include "store/blobs.h"
#include "cli/cli.h"

static const struct {
        const char *code, *name;
} demo_opds[] = {
    {"DISKOMINFO", "Dinas Komunikasi dan Informatika"},
    {"BAPPEDA", "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah"},
    {"BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah"},
    {"BAPENDA", "Badan Pendapatan Daerah"},
    {"BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"},
    {"INSPEKTORAT", "Inspektorat Daerah"},
    {"DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"},
    {"DINKES", "Dinas Kesehatan"},
    {"DISDIKBUD", "Dinas Pendidikan dan Kebudayaan"},
    {"DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"},
    {"DISPUSIP", "Dinas Perpustakaan dan Kearsipan"},
    {"SETDA-ORG", "Bagian Organisasi Sekretariat Daerah"},
    {"SETDA-HUKUM", "Bagian Hukum Sekretariat Daerah"},
    {"SETDA-PBJ", "Bagian Pengadaan Barang dan Jasa Sekretariat Daerah"},
};

static const struct {
        const char *name, *position, *opd;
} demo_people[] = {
    {"Drs. Hendra Wijaya, M.Si.", "Sekretaris Daerah (Ketua Tim Asesor Internal)", NULL},
    {"Agus Salim, S.Kom., M.T.", "Kepala Dinas Komunikasi dan Informatika", "DISKOMINFO"},
    {"Rina Marlina, S.T., M.Kom.", "Kepala Bidang E-Government (Koordinator)", "DISKOMINFO"},
    {"Dimas Pratama, S.Kom.", "Pranata Komputer Ahli Muda", "DISKOMINFO"},
    {"Siti Rahmawati, S.E.", "Perencana Ahli Muda", "BAPPEDA"},
    {"Bambang Sutrisno, S.E., Ak.", "Kepala Bidang Akuntansi", "BPKAD"},
    {"Yuliani Putri, S.Sos.", "Analis SDM Aparatur", "BKPSDM"},
    {"Ir. Made Suarna", "Auditor Ahli Madya", "INSPEKTORAT"},
    {"Fajar Nugroho, S.H.", "Kepala Subbagian Peraturan Perundang-undangan", "SETDA-HUKUM"},
    {"dr. Lestari Handayani", "Kepala Seksi Data dan Informasi Kesehatan", "DINKES"},
};

/* Levels of SPBE indicators 1..47 per year, chosen so that the computed
 * indices reproduce the published figures exactly:
 *   2021: sum(level x weight) = 244.00 -> 2.44 Cukup
 *   2022: 305.00 -> 3.05 Baik (aspects 2: 7 x 2.5 / 10 = 1.75;
 *         5: 14 x 1.5 / 12 = 1.75; 6: 3 x 1.5 / 4.5 = 1.00;
 *         domain 2: (17.5 + 32.5 + 15) / 25 = 2.60)
 *   2023: 375.00 -> 3.75 Sangat Baik */
static const unsigned char spbe_levels[3][47] = {
    {3, 1, 1, 1, 3, 3, 3, 2, 1, 2, 1, 1, 1, 1, 3, 2, 3, 3, 2, 3, 2, 1, 2, 1,
     2, 1, 1, 1, 1, 1, 1, 4, 5, 4, 4, 4, 3, 3, 4, 3, 2, 2, 4, 3, 3, 3, 1},
    {4, 3, 3, 3, 3, 3, 3, 3, 2, 3, 2, 2, 2, 1, 4, 3, 3, 3, 3, 3, 2, 2, 2, 2,
     2, 2, 1, 1, 1, 1, 1, 5, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3},
    {4, 5, 3, 4, 3, 5, 5, 5, 3, 3, 2, 2, 3, 3, 5, 4, 3, 3, 4, 3, 3, 3, 2, 2,
     3, 2, 1, 1, 2, 2, 1, 5, 5, 5, 5, 5, 5, 5, 4, 4, 5, 4, 5, 5, 3, 4, 5},
};

/* Pemdi 2026 in progress: 0 = not yet filled. */
static const unsigned char pemdi_levels[20] = {3, 3, 2, 3, 0, 0, 0, 2, 2, 3,
                                               0, 2, 3, 3, 0, 3, 4, 0, 3, 0};

static const struct {
        int year;
        const char *indicator, *fakta, *analisis;
} demo_texts[] = {
    {2022, "1",
     "Peraturan Wali Kota Contoh Nomor 12 Tahun 2021 tentang Arsitektur SPBE telah "
     "ditetapkan dan memuat referensi arsitektur serta keenam domain arsitektur (I1-L3-01); "
     "pasal 14 mengatur integrasi dengan arsitektur SPBE nasional (I1-L4-01).",
     "Kebijakan telah ditetapkan dan lengkap (kriteria tingkat 3), dan mengatur integrasi "
     "antarinstansi (kriteria tingkat 4). Belum ada reviu berkala terhadap kebijakan, "
     "sehingga tingkat 5 belum terpenuhi."},
    {2022, "11",
     "Dokumen Arsitektur SPBE Kota Contoh masih berupa konsep yang disusun Diskominfo "
     "bersama Bappeda (I11-L1-01) dan ditetapkan dengan Keputusan Wali Kota Nomor "
     "188.45/77/2022 (I11-L2-01).",
     "Arsitektur telah ditetapkan tetapi belum memuat seluruh domain dan belum menjadi "
     "acuan perencanaan OPD; kriteria tingkat 2 terpenuhi, tingkat 3 belum."},
    {2022, "29",
     "Audit infrastruktur SPBE belum pernah dilaksanakan; Diskominfo baru menyusun "
     "rencana audit bersama Inspektorat.",
     "Hanya kriteria tingkat 1 yang terpenuhi. Audit oleh lembaga pelaksana audit TIK perlu "
     "dianggarkan pada APBD Perubahan."},
    {2026, "1",
     "Peraturan Wali Kota Contoh Nomor 5 Tahun 2026 tentang Tata Kelola Pemerintah Digital "
     "(I1-L3-01); Tim Koordinasi dibentuk dengan Keputusan Wali Kota (I1-L2-01).",
     "Kebijakan dan tim koordinasi telah ditetapkan; pemantauan berkala belum "
     "terdokumentasi."},
};

/* The lead OPD of each indicator (SPBE 1..47, then Pemdi 1..20). */
static const char *const spbe_opd[47] = {
    "DISKOMINFO",  "DISKOMINFO",  "DISKOMINFO",  "DISKOMINFO", "DISKOMINFO",  "DISKOMINFO",
    "DISKOMINFO",  "DISKOMINFO",  "INSPEKTORAT", "DISKOMINFO", "BAPPEDA",     "BAPPEDA",
    "BAPPEDA",     "SETDA-ORG",   "DISKOMINFO",  "DISKOMINFO", "DISKOMINFO",  "DISKOMINFO",
    "DISKOMINFO",  "DISKOMINFO",  "DISKOMINFO",  "DISKOMINFO", "DISKOMINFO",  "BPKAD",
    "BKPSDM",      "DISKOMINFO",  "SETDA-ORG",   "DISKOMINFO", "INSPEKTORAT", "INSPEKTORAT",
    "INSPEKTORAT", "BAPPEDA",     "BPKAD",       "BPKAD",      "SETDA-PBJ",   "BKPSDM",
    "DISPUSIP",    "BPKAD",       "INSPEKTORAT", "SETDA-ORG",  "BKPSDM",      "DISKOMINFO",
    "DISKOMINFO",  "SETDA-HUKUM", "DPMPTSP",     "DINKES",     "DISDUKCAPIL",
};
static const char *const pemdi_opd[20] = {
    "DISKOMINFO", "DISKOMINFO", "BKPSDM",     "SETDA-ORG",   "DISKOMINFO",
    "BAPPEDA",    "DISKOMINFO", "DISKOMINFO", "INSPEKTORAT", "DISKOMINFO",
    "DISKOMINFO", "DISKOMINFO", "DISKOMINFO", "DISKOMINFO",  "SETDA-ORG",
    "DISKOMINFO", "DISKOMINFO", "DISKOMINFO", "DPMPTSP",     "DPMPTSP",
};

/* Accounts of the demo, each with a one-time password printed once. */
static const struct {
        const char *username, *name, *role, *opd;
} demo_users[] = {
    {"admin", "Administrator Sistem", "admin", NULL},
    {"koordinator", "Rina Marlina, S.T., M.Kom.", "koordinator", "DISKOMINFO"},
    {"sekda", "Drs. Hendra Wijaya, M.Si.", "pimpinan", NULL},
    {"asesor", "Ir. Made Suarna", "asesor", "INSPEKTORAT"},
    {"bappeda", "Siti Rahmawati, S.E.", "opd", "BAPPEDA"},
    {"bpkad", "Bambang Sutrisno, S.E., Ak.", "opd", "BPKAD"},
};

static int add_users(store *s, char pw[][AUTH_ONETIME_LEN + 1])
{
        int rc = EXIT_OK;

        for (size_t i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]) && rc == EXIT_OK; i++) {
                auth_onetime_password(pw[i]);
                rc = cli_user_create(s, demo_users[i].username, demo_users[i].name,
                                     (perm_role)perm_role_parse(demo_users[i].role),
                                     demo_users[i].opd, pw[i], true);
        }
        return rc;
}

/* Assigns every indicator of a cycle; deadlines only for the open one. */
static int assign_all(store *s, int year, const char *const *opds, size_t n, int64_t deadline)
{
        store_rc src = STORE_OK;

        for (size_t i = 0; i < n && src == STORE_OK; i++) {
                char code[24];

                snprintf(code, sizeof(code), "%zu", i + 1);
                /* a few early deadlines, so that the progress shows overdue work */
                src = store_assign_set(s, year, code, opds[i],
                                       deadline && i % 7 == 3 ? deadline - 21 * 86400 : deadline);
        }
        return src == STORE_OK ? EXIT_OK : cli_store_fail(s, src);
}

/* A small but real one-page PDF whose page shows the title, so that the
 * demo's evidence opens in any viewer. */
static void make_pdf(buf *b, const char *title)
{
        size_t off[6];
        buf content;

        buf_init(&content, 4096);
        buf_puts(&content, "BT /F1 14 Tf 56 780 Td (");
        for (const char *q = title; *q; q++) {
                unsigned char ch = (unsigned char)*q;
                if (ch == '(' || ch == ')' || ch == '\\')
                        buf_putc(&content, '\\');
                buf_putc(&content, ch < 0x80 ? (char)ch : '?');
        }
        buf_puts(&content,
                 ") Tj 0 -24 Td /F1 10 Tf (Dokumen contoh Monev - Pemerintah Kota Contoh) "
                 "Tj ET");
        buf_puts(b, "%PDF-1.4\n");
        off[1] = b->len;
        buf_puts(b, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
        off[2] = b->len;
        buf_puts(b, "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
        off[3] = b->len;
        buf_puts(b, "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                    "/Resources << /Font << /F1 5 0 R >> >> >> endobj\n");
        off[4] = b->len;
        buf_printf(b, "4 0 obj << /Length %zu >> stream\n%s\nendstream endobj\n", content.len,
                   buf_cstr(&content));
        off[5] = b->len;
        buf_puts(b, "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n");
        {
                size_t xref = b->len;

                buf_puts(b, "xref\n0 6\n0000000000 65535 f \n");
                for (int i = 1; i <= 5; i++)
                        buf_printf(b, "%010zu 00000 n \n", off[i]);
                buf_printf(b, "trailer << /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
        }
        buf_free(&content);
}

/* Stores a demo PDF as evidence of an indicator; returns its id or 0. */
static int64_t add_pdf(store *s, const char *data_dir, int year, const char *indicator, int level,
                       const char *title, const char *number, const char *date, const char *issuer,
                       const char *filename)
{
        blob_writer *w;
        buf pdf;
        char sha[65], err[256], *code = NULL;
        uint64_t size;
        st_evidence ev;
        int64_t id = 0;
        char mime[] = "application/pdf";
        char t[301], n[201], d[16], is[201], fname[201];

        buf_init(&pdf, 1 << 20);
        make_pdf(&pdf, title);
        w = blob_writer_new(data_dir, (uint64_t)1 << 30, err, sizeof(err));
        if (!w || blob_writer_write(w, pdf.data, pdf.len) != 0 ||
            blob_writer_finish(w, sha, &size) != 0 || blob_writer_commit(w, err, sizeof(err)) != 0)
                goto out;
        snprintf(t, sizeof(t), "%s", title);
        snprintf(n, sizeof(n), "%s", number ? number : "");
        snprintf(d, sizeof(d), "%s", date ? date : "");
        snprintf(is, sizeof(is), "%s", issuer ? issuer : "");
        snprintf(fname, sizeof(fname), "%s", filename);
        memset(&ev, 0, sizeof(ev));
        ev.sha256 = sha;
        ev.size = (int64_t)size;
        ev.mime = mime;
        ev.filename = fname;
        ev.title = t;
        ev.doc_number = number ? n : NULL;
        ev.doc_date = date ? d : NULL;
        ev.issuer = issuer ? is : NULL;
        if (store_evidence_add(s, &ev, &id) != STORE_OK ||
            store_evidence_link(s, year, indicator, id, level, &code) != STORE_OK)
                id = 0;
out:
        mem_free(code);
        blob_writer_free(w);
        buf_free(&pdf);
        return id;
}

static const struct {
        int year, level;
        const char *indicator, *title, *number, *date, *issuer, *filename;
} demo_evidence[] = {
    {2022, 3, "1", "Peraturan Wali Kota tentang Arsitektur SPBE", "12 Tahun 2021", "2021-08-17",
     "Wali Kota Contoh", "perwal-12-2021-arsitektur-spbe.pdf"},
    {2022, 4, "1", "Berita acara integrasi arsitektur dengan SPBE nasional", "045/BA/2022",
     "2022-03-02", "Diskominfo", "ba-integrasi-arsitektur.pdf"},
    {2022, 2, "11", "Keputusan Wali Kota tentang Dokumen Arsitektur SPBE", "188.45/77/2022",
     "2022-02-14", "Wali Kota Contoh", "kepwal-arsitektur-spbe.pdf"},
    {2023, 3, "1", "Peraturan Wali Kota tentang Arsitektur SPBE", "12 Tahun 2021", "2021-08-17",
     "Wali Kota Contoh", "perwal-12-2021-arsitektur-spbe.pdf"},
    {2026, 3, "1", "Peraturan Wali Kota tentang Tata Kelola Pemerintah Digital", "5 Tahun 2026",
     "2026-03-10", "Wali Kota Contoh", "perwal-5-2026-tata-kelola-pemdi.pdf"},
    {2026, 2, "1", "Keputusan Wali Kota tentang Tim Koordinasi Pemerintah Digital",
     "100.3.3.2/21/2026", "2026-02-02", "Wali Kota Contoh", "kepwal-tim-koordinasi.pdf"},
    {2026, 3, "2", "SOP Manajemen Layanan Digital", "800/112/DISKOMINFO", "2026-04-21",
     "Diskominfo", "sop-manajemen-layanan.pdf"},
    {2026, 3, "13", "Laporan inventaris aplikasi Pemerintah Kota Contoh", NULL, "2026-06-30",
     "Diskominfo", "laporan-inventaris-aplikasi.pdf"},
    {2026, 3, "14", "Laporan kapasitas pusat data", NULL, "2026-06-30", "Diskominfo",
     "laporan-pusat-data.pdf"},
    {2026, 4, "17", "Tangkapan layar portal layanan kota", NULL, "2026-07-01", "Diskominfo",
     "portal-layanan.pdf"},
};

/* The 2026 cycle's review so far: who did what. */
static int demo_workflow(store *s)
{
        store_rc src = STORE_OK;

        store_set_actor(s, "web:koordinator");
        if (!src)
                src =
                    store_assessment_transition(s, 2026, "1", ASSESS_DRAFT, ASSESS_SUBMITTED, NULL);
        if (!src)
                src =
                    store_assessment_transition(s, 2026, "2", ASSESS_DRAFT, ASSESS_SUBMITTED, NULL);
        if (!src)
                src = store_assessment_transition(s, 2026, "13", ASSESS_DRAFT, ASSESS_SUBMITTED,
                                                  NULL);
        if (!src)
                src = store_assessment_transition(s, 2026, "14", ASSESS_DRAFT, ASSESS_SUBMITTED,
                                                  NULL);
        store_set_actor(s, "web:asesor");
        if (!src)
                src = store_assessment_transition(s, 2026, "13", ASSESS_SUBMITTED, ASSESS_VERIFIED,
                                                  NULL);
        if (!src)
                src = store_assessment_transition(
                    s, 2026, "2", ASSESS_SUBMITTED, ASSESS_RETURNED,
                    "SOP belum ditandatangani kepala dinas; lampirkan versi yang sudah "
                    "ditetapkan dan sebutkan kodenya di Fakta.");
        store_set_actor(s, "system");
        return src == STORE_OK ? EXIT_OK : cli_store_fail(s, src);
}

/* Submits and verifies every filled assessment of a past demo year, as its
 * OPD and the asesor did then, so that closing finalizes them (only
 * verified assessments become final, store_cycle_close). */
static store_rc verify_all(store *s, int year)
{
        st_assessment *as = NULL;
        size_t n = 0;
        store_rc src = store_assessment_list(s, year, &as, &n);

        for (size_t i = 0; i < n && !src; i++) {
                if (as[i].level == ASSESS_NO_LEVEL || as[i].status != ASSESS_DRAFT)
                        continue;
                store_set_actor(s, "web:koordinator");
                src = store_assessment_transition(s, year, as[i].indicator, ASSESS_DRAFT,
                                                  ASSESS_SUBMITTED, NULL);
                store_set_actor(s, "web:asesor");
                if (!src)
                        src = store_assessment_transition(s, year, as[i].indicator,
                                                          ASSESS_SUBMITTED, ASSESS_VERIFIED, NULL);
        }
        store_set_actor(s, "system");
        st_assessment_list_free(as, n);
        return src;
}

static int add_people_and_opds(store *s)
{
        store_rc src = STORE_OK;
        int64_t id;

        for (size_t i = 0; i < sizeof(demo_opds) / sizeof(demo_opds[0]) && !src; i++)
                src = store_opd_add(s, demo_opds[i].code, demo_opds[i].name, &id);
        for (size_t i = 0; i < sizeof(demo_people) / sizeof(demo_people[0]) && !src; i++)
                src = store_person_add(s, demo_people[i].name, demo_people[i].position,
                                       demo_people[i].opd, NULL, &id);
        if (!src)
                src = store_target_set(s, 2022, 310, "RPJMD Kota Contoh 2021-2026");
        if (!src)
                src = store_target_set(s, 2023, 320, "RPJMD Kota Contoh 2021-2026");
        if (!src)
                src = store_target_set(s, 2024, 400, "RPJMD Kota Contoh 2021-2026");
        if (!src)
                src = store_target_set(s, 2026, 300, "Renstra Diskominfo 2025-2029");
        return src == STORE_OK ? EXIT_OK : cli_store_fail(s, src);
}

/* Creates one cycle and fills it with levels and the demo texts. */
static int fill_cycle(store *s, int year, const char *fwid, const unsigned char *lv, size_t n)
{
        st_cycle cycle;
        fw_framework *fw = NULL;
        uint8_t *levels = NULL;
        const char **fakta = NULL, **analisis = NULL;
        int rc;

        memset(&cycle, 0, sizeof(cycle));
        if ((rc = cli_cycle_create(s, year, fwid, -1, 0, true)) != EXIT_OK)
                return rc;
        if ((rc = cli_cycle_levels(s, year, &cycle, &fw, &levels)) != EXIT_OK)
                return rc;
        rc = EXIT_FAIL;
        if (fw->nindicators != n)
                goto out;
        fakta = mem_calloc(n, sizeof(char *));
        analisis = mem_calloc(n, sizeof(char *));
        if (!fakta || !analisis)
                goto out;
        memcpy(levels, lv, n);
        for (size_t i = 0; i < sizeof(demo_texts) / sizeof(demo_texts[0]); i++) {
                int idx;

                if (demo_texts[i].year != year)
                        continue;
                idx =
                    fw_find_indicator(fw, demo_texts[i].indicator, strlen(demo_texts[i].indicator));
                if (idx < 0)
                        goto out;
                fakta[idx] = demo_texts[i].fakta;
                analisis[idx] = demo_texts[i].analisis;
        }
        rc = cli_assess_apply(s, year, fw, levels, fakta, analisis);
out:
        mem_free(fakta);
        mem_free(analisis);
        mem_free(levels);
        fw_free(fw);
        st_cycle_free(&cycle);
        return rc;
}

int cli_cmd_demo(cli *c, int argc, char **argv)
{
        static const struct option opts[] = {
            {"help", no_argument, NULL, 'h'},
            {NULL, 0, NULL, 0},
        };
        store *s = NULL;
        int ch, rc;
        store_rc src = STORE_OK;
        char pw[sizeof(demo_users) / sizeof(demo_users[0])][AUTH_ONETIME_LEN + 1];

        optind = 0;
        while ((ch = cli_getopt(argc, argv, "", opts)) != -1) {
                if (ch == 'h') {
                        puts("Pemakaian: monev demo [--data FOLDER] [--database URL] "
                             "[--evidence-dir "
                             "FOLDER]\n"
                             "  dengan --database: basis data PostgreSQL yang sudah ada dan masih "
                             "kosong");
                        return EXIT_OK;
                }
                return EXIT_USAGE;
        }
        if (optind != argc) {
                cli_error("monev demo tidak menerima argumen lain");
                return EXIT_USAGE;
        }
        /* a PostgreSQL database must be empty: cli_open_store refuses one
         * that holds an agency */
        if (!c->database && cli_has_store(c)) {
                cli_error("folder data \"%s\" sudah ada; demo hanya dibuat di folder baru",
                          c->data_dir);
                return EXIT_USAGE;
        }
        if ((rc = cli_evidence_ready(c)) != EXIT_OK)
                return rc;
        if (auth_init() != 0) {
                cli_error("libsodium tidak dapat dimulai");
                return EXIT_FAIL;
        }
        memset(pw, 0, sizeof(pw));
        if ((rc = cli_open_store(c, true, &s)) != EXIT_OK)
                return rc;
        if ((rc = cli_init_agency(s, "Pemerintah Kota Contoh", "kota", NULL)) != EXIT_OK)
                goto out;
        if ((rc = add_people_and_opds(s)) != EXIT_OK)
                goto out;
        for (int y = 0; y < 3 && rc == EXIT_OK; y++)
                rc = fill_cycle(s, 2021 + y, "spbe-2020", spbe_levels[y], 47);
        if (rc == EXIT_OK)
                rc = fill_cycle(s, 2026, "pemdi-2026", pemdi_levels, 20);
        for (int y = 2021; y <= 2023 && rc == EXIT_OK; y++)
                rc = assign_all(s, y, spbe_opd, 47, 0);
        if (rc == EXIT_OK) {
                int64_t deadline;
                num_parse_day("2026-12-15", &deadline);
                rc = assign_all(s, 2026, pemdi_opd, 20, deadline);
        }
        for (size_t i = 0; i < sizeof(demo_evidence) / sizeof(demo_evidence[0]) && rc == EXIT_OK;
             i++)
                if (!add_pdf(s, c->evidence_dir, demo_evidence[i].year, demo_evidence[i].indicator,
                             demo_evidence[i].level, demo_evidence[i].title,
                             demo_evidence[i].number, demo_evidence[i].date,
                             demo_evidence[i].issuer, demo_evidence[i].filename))
                        rc = cli_store_fail(s, STORE_IO);
        if (rc == EXIT_OK)
                rc = demo_workflow(s);
        if (rc == EXIT_OK)
                rc = add_users(s, pw);
        for (int y = 2021; y <= 2023 && rc == EXIT_OK && !src; y++)
                if (!(src = verify_all(s, y)))
                        src = store_cycle_close(s, y, NULL);
        if (src != STORE_OK)
                rc = cli_store_fail(s, src);
        if (rc == EXIT_OK) {
                char where[1024];

                cli_store_label(c, where, sizeof(where));
                printf("Data demo \"Pemerintah Kota Contoh\" dibuat di %s: %zu OPD, siklus SPBE "
                       "2021-2023 (ditutup) dan siklus Pemdi 2026 (berjalan).\n\n"
                       "Akun demo, dengan kata sandi sekali pakai yang hanya ditampilkan sekarang\n"
                       "(harus diganti saat pertama masuk; simpan hanya hash-nya):\n",
                       where, sizeof(demo_opds) / sizeof(demo_opds[0]));
                printf("  %-12s %-12s %-20s %s\n", "PENGGUNA", "PERAN", "KATA SANDI", "NAMA");
                for (size_t i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++)
                        printf("  %-12s %-12s %-20s %s%s%s\n", demo_users[i].username,
                               demo_users[i].role, pw[i], demo_users[i].name,
                               demo_users[i].opd ? " - " : "",
                               demo_users[i].opd ? demo_users[i].opd : "");
                printf("Lupa? Buat kata sandi baru: monev --data %s user passwd --username "
                       "NAMA\n",
                       c->data_dir);
        }
        sodium_memzero(pw, sizeof(pw));
out:
        store_close(s);
        return rc;
}
