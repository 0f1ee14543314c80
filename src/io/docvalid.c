/*
 * docvalid: the whole-file check of an upload (see docvalid.h).
 *
 * Every check works on a descriptor: poppler reads a PDF from it, libzip a
 * zip, gdk-pixbuf gets the bytes in pieces; nothing needs the whole file in
 * memory.  docvalid_bytes puts its bytes in a memfd for the same code.
 *
 * With a helper program set (docvalid_set_helper: the server sets its own
 * binary), the child execs it and the check runs in a fresh process image.
 * Otherwise the child of docvalid_file, forked from a threaded server, uses only
 * what glibc keeps usable after fork (malloc among it) and libraries that
 * the parent never initialised for this purpose.  If a lock taken by
 * another thread at fork time is ever waited on, the wall-clock limit ends
 * the child and the file is refused: the failure is safe.
 */
#define _GNU_SOURCE /* memfd_create, close_range */
#include "io/docvalid.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <poppler.h>
#include <zip.h>

#include "base/mem.h"

#define MIME_PDF  "application/pdf"
#define MIME_PNG  "image/png"
#define MIME_JPEG "image/jpeg"
#define MIME_DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define MIME_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define MIME_PPTX "application/vnd.openxmlformats-officedocument.presentationml.presentation"
#define MIME_ODT  "application/vnd.oasis.opendocument.text"
#define MIME_ODS  "application/vnd.oasis.opendocument.spreadsheet"

#define CHUNK         ((size_t)64 << 10)
#define PART_MAX      ((uint64_t)512 << 20) /* uncompressed bytes of one zip part read */
#define PDF_EOF_TAIL  1024                  /* "%%EOF" must be within the last bytes */
#define PDF_MAX_PAGES 100000

/* Under AddressSanitizer the address space holds the shadow memory (many
 * terabytes reserved): no address-space limit can be set then. */
#if defined(__SANITIZE_ADDRESS__)
#define DOCVALID_NO_AS_LIMIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DOCVALID_NO_AS_LIMIT 1
#endif
#endif

/* ---- The checks --------------------------------------------------------- */

/* True when "%%EOF" is in the last PDF_EOF_TAIL bytes of fd (size bytes):
 * a PDF cut short lacks it, however well poppler repairs the rest. */
static bool pdf_has_eof(int fd, off_t size)
{
        char tail[PDF_EOF_TAIL];
        off_t from = size > PDF_EOF_TAIL ? size - PDF_EOF_TAIL : 0;
        ssize_t n = pread(fd, tail, (size_t)(size - from), from);

        if (n < 5)
                return false;
        for (ssize_t i = n - 5; i >= 0; i--)
                if (memcmp(tail + i, "%%EOF", 5) == 0)
                        return true;
        return false;
}

static bool check_pdf(int fd)
{
        struct stat st;
        PopplerDocument *doc;
        GError *err = NULL;
        int dupfd, pages;
        bool ok = true;

        if (fstat(fd, &st) != 0 || !pdf_has_eof(fd, st.st_size))
                return false;
        dupfd = dup(fd); /* poppler owns the descriptor it is given */
        if (dupfd < 0)
                return false;
        doc = poppler_document_new_from_fd(dupfd, NULL, &err);
        if (!doc) {
                g_clear_error(&err);
                return false;
        }
        pages = poppler_document_get_n_pages(doc);
        if (pages < 1 || pages > PDF_MAX_PAGES)
                ok = false;
        for (int i = 0; ok && i < pages; i++) {
                PopplerPage *p = poppler_document_get_page(doc, i);

                if (!p) {
                        ok = false;
                        break;
                }
                g_object_unref(p);
        }
        g_object_unref(doc);
        return ok;
}

/* The CRC-32 of PNG chunks (ISO 3309), continued from crc. */
static uint32_t crc32_update(uint32_t crc, const unsigned char *p, size_t n)
{
        static uint32_t table[256];
        static bool made;

        if (!made) { /* the same table in every thread: no harm in a race */
                for (uint32_t i = 0; i < 256; i++) {
                        uint32_t c = i;

                        for (int k = 0; k < 8; k++)
                                c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
                        table[i] = c;
                }
                made = true;
        }
        crc = ~crc;
        for (size_t i = 0; i < n; i++)
                crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
        return ~crc;
}

static uint32_t be32(const unsigned char *p)
{
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Reads exactly n bytes at the current offset; false at the end or on an
 * error. */
static bool read_exact(int fd, unsigned char *p, size_t n)
{
        while (n > 0) {
                ssize_t r = read(fd, p, n);

                if (r < 0 && errno == EINTR)
                        continue;
                if (r <= 0)
                        return false;
                p += r;
                n -= (size_t)r;
        }
        return true;
}

/* The chunk structure of a PNG: the signature, IHDR first, every chunk's
 * CRC right, and IEND.  gdk-pixbuf stops quietly at the end of a PNG cut
 * short once its header is in, so this is checked here. */
static bool png_chunks_ok(int fd)
{
        static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        unsigned char head[8], *chunk = mem_alloc(CHUNK);
        bool ok = false, first = true;

        if (!chunk)
                return false;
        if (lseek(fd, 0, SEEK_SET) != 0 || !read_exact(fd, head, 8) || memcmp(head, sig, 8) != 0)
                goto out;
        for (;;) {
                uint32_t len, crc;
                unsigned char tail[4];

                if (!read_exact(fd, head, 8))
                        goto out;
                len = be32(head);
                if (len > 0x7fffffffu || (first && memcmp(head + 4, "IHDR", 4) != 0))
                        goto out;
                first = false;
                crc = crc32_update(0, head + 4, 4);
                for (uint32_t left = len; left > 0;) {
                        size_t n = left < CHUNK ? left : CHUNK;

                        if (!read_exact(fd, chunk, n))
                                goto out;
                        crc = crc32_update(crc, chunk, n);
                        left -= (uint32_t)n;
                }
                if (!read_exact(fd, tail, 4) || be32(tail) != crc)
                        goto out;
                if (memcmp(head + 4, "IEND", 4) == 0)
                        break;
        }
        ok = true;
out:
        mem_free(chunk);
        return ok;
}

/* The rows of an image the decoder has delivered.  gdk-pixbuf reports
 * some damage only as a warning (a PNG whose pixel data is not a zlib
 * stream decodes to an empty picture): every row must have come. */
typedef struct rows_seen {
        unsigned char *seen; /* one byte per row */
        int height, count;
        bool failed;
} rows_seen;

static void on_size(GdkPixbufLoader *ld, int width, int height, gpointer p)
{
        rows_seen *r = p;

        (void)ld;
        (void)width;
        if (r->seen || height <= 0) {
                r->failed = true;
                return;
        }
        r->seen = mem_calloc((size_t)height, 1);
        r->height = height;
        r->failed = !r->seen;
}

static void on_area(GdkPixbufLoader *ld, int x, int y, int width, int height, gpointer p)
{
        rows_seen *r = p;

        (void)ld;
        (void)x;
        (void)width;
        if (!r->seen || y < 0 || height < 0 || y > r->height - height) {
                r->failed = true;
                return;
        }
        for (int i = y; i < y + height; i++) {
                r->count += !r->seen[i];
                r->seen[i] = 1;
        }
}

static bool check_image(int fd, const char *mime)
{
        GdkPixbufLoader *ld;
        GError *err = NULL;
        unsigned char *chunk = mem_alloc(CHUNK);
        bool ok = chunk != NULL;
        rows_seen rows = {0};
        ssize_t n;

        if (!ok)
                return false;
        /* the type libmagic found, never a guess from the bytes */
        ld = gdk_pixbuf_loader_new_with_mime_type(mime, &err);
        if (!ld) {
                g_clear_error(&err);
                mem_free(chunk);
                return false;
        }
        g_signal_connect(ld, "size-prepared", G_CALLBACK(on_size), &rows);
        g_signal_connect(ld, "area-updated", G_CALLBACK(on_area), &rows);
        if (lseek(fd, 0, SEEK_SET) != 0)
                ok = false;
        while (ok && (n = read(fd, chunk, CHUNK)) != 0) {
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        ok = false;
                } else if (!gdk_pixbuf_loader_write(ld, chunk, (gsize)n, &err)) {
                        ok = false;
                }
        }
        /* close reports a truncated or broken image; it must be called
         * even after a failed write */
        if (!gdk_pixbuf_loader_close(ld, ok ? &err : NULL))
                ok = false;
        if (ok && (!gdk_pixbuf_loader_get_pixbuf(ld) || rows.failed || !rows.seen ||
                   rows.count != rows.height))
                ok = false;
        g_clear_error(&err);
        g_object_unref(ld);
        mem_free(rows.seen);
        mem_free(chunk);
        return ok;
}

/* Reads the zip entry idx to its end (libzip checks its CRC there); true
 * when it is readable and, with want (its size), holds exactly want. */
static bool zip_read_entry(zip_t *za, zip_int64_t idx, const char *want, bool xml)
{
        zip_file_t *f = zip_fopen_index(za, (zip_uint64_t)idx, 0);
        char *chunk = mem_alloc(CHUNK);
        uint64_t total = 0;
        zip_int64_t n;
        bool ok = f && chunk, first = true;

        while (ok && (n = zip_fread(f, chunk, CHUNK)) != 0) {
                if (n < 0 || total + (uint64_t)n > PART_MAX) {
                        ok = false;
                        break;
                }
                if (want && (total + (uint64_t)n > strlen(want) ||
                             memcmp(chunk, want + total, (size_t)n) != 0))
                        ok = false;
                if (xml && first) {
                        /* an XML part begins with '<' (after a BOM or spaces) */
                        zip_int64_t i = 0;

                        if (n >= 3 && memcmp(chunk, "\xef\xbb\xbf", 3) == 0)
                                i = 3;
                        while (i < n && strchr(" \t\r\n", chunk[i]))
                                i++;
                        if (i < n)
                                ok = chunk[i] == '<';
                        first = i == n;
                }
                total += (uint64_t)n;
        }
        if (want && total != strlen(want))
                ok = false;
        if (xml && first)
                ok = false; /* empty */
        if (f && zip_fclose(f) != 0)
                ok = false;
        mem_free(chunk);
        return ok;
}

/* True when the zip holds name and it reads to its end as XML. */
static bool zip_has_xml(zip_t *za, const char *name)
{
        zip_int64_t idx = zip_name_locate(za, name, ZIP_FL_ENC_RAW);

        return idx >= 0 && zip_read_entry(za, idx, NULL, true);
}

static bool check_zip(int fd, const char *mime)
{
        int dupfd, zerr = 0;
        zip_t *za;
        bool ok = false;

        if (lseek(fd, 0, SEEK_SET) != 0 || (dupfd = dup(fd)) < 0)
                return false;
        za = zip_fdopen(dupfd, ZIP_RDONLY | ZIP_CHECKCONS, &zerr); /* owns dupfd */
        if (!za) {
                close(dupfd);
                return false;
        }
        if (strcmp(mime, MIME_ODT) == 0 || strcmp(mime, MIME_ODS) == 0) {
                zip_stat_t zs;
                const char *first = zip_get_name(za, 0, ZIP_FL_ENC_RAW);

                zip_stat_init(&zs);
                ok = first && strcmp(first, "mimetype") == 0 &&
                     zip_stat_index(za, 0, ZIP_FL_ENC_RAW, &zs) == 0 &&
                     (zs.valid & ZIP_STAT_COMP_METHOD) && zs.comp_method == ZIP_CM_STORE &&
                     zip_read_entry(za, 0, mime, false) && zip_has_xml(za, "content.xml");
        } else {
                const char *main_part = strcmp(mime, MIME_DOCX) == 0   ? "word/document.xml"
                                        : strcmp(mime, MIME_XLSX) == 0 ? "xl/workbook.xml"
                                                                       : "ppt/presentation.xml";

                ok = zip_has_xml(za, "[Content_Types].xml") && zip_has_xml(za, main_part);
        }
        zip_discard(za);
        return ok;
}

/* The check of the file open at fd (any offset). */
static bool check_fd(int fd, const char *mime)
{
        if (!mime)
                return false;
        if (strcmp(mime, MIME_PDF) == 0)
                return check_pdf(fd);
        if (strcmp(mime, MIME_PNG) == 0)
                return png_chunks_ok(fd) && check_image(fd, mime);
        if (strcmp(mime, MIME_JPEG) == 0)
                return check_image(fd, mime);
        if (strcmp(mime, MIME_DOCX) == 0 || strcmp(mime, MIME_XLSX) == 0 ||
            strcmp(mime, MIME_PPTX) == 0 || strcmp(mime, MIME_ODT) == 0 ||
            strcmp(mime, MIME_ODS) == 0)
                return check_zip(fd, mime);
        return false;
}

bool docvalid_bytes(const void *data, size_t n, const char *mime)
{
        int fd = memfd_create("monev-docvalid", MFD_CLOEXEC);
        const char *p = data;
        size_t done = 0;
        bool ok;

        if (fd < 0)
                return false;
        while (done < n) {
                ssize_t w = write(fd, p + done, n - done);

                if (w < 0 && errno == EINTR)
                        continue;
                if (w <= 0) {
                        close(fd);
                        return false;
                }
                done += (size_t)w;
        }
        ok = check_fd(fd, mime);
        close(fd);
        return ok;
}

/* ---- The child process -------------------------------------------------- */

/* The process's address-space size in bytes (0 when unknown). */
static uint64_t vm_size(void)
{
        FILE *f = fopen("/proc/self/statm", "re");
        unsigned long long pages = 0;

        if (!f)
                return 0;
        if (fscanf(f, "%llu", &pages) != 1)
                pages = 0;
        fclose(f);
        return (uint64_t)pages * (uint64_t)sysconf(_SC_PAGESIZE);
}

/* The program the child runs the check in (docvalid_set_helper), or NULL
 * to run it in the forked child itself. */
static const char *helper_exe;

void docvalid_set_helper(const char *exe)
{
        helper_exe = exe;
}

int docvalid_helper_main(const char *mime)
{
        char verdict = check_fd(3, mime) ? 'Y' : 'N';

        return write(4, &verdict, 1) == 1 ? 0 : 2;
}

/* The child: fd is the file, out the verdict pipe.  Never returns. */
static void child_run(int fd, int out, const char *mime)
{
        struct rlimit cpu = {DOCVALID_CPU_SEC, DOCVALID_CPU_SEC + 1}, none = {0, 0};
        struct rlimit files = {16, 16};
        sigset_t all;
        uint64_t vm = vm_size();
        int null;
        char verdict;

        (void)vm;
        sigemptyset(&all);
        sigprocmask(SIG_SETMASK, &all, NULL); /* the server blocks SIGTERM */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        /* Descriptors: 0-2 on /dev/null, 3 the file, 4 the pipe, nothing
         * else (the server's sockets and database stay out of reach). */
        fd = fcntl(fd, F_DUPFD_CLOEXEC, 10);
        out = fcntl(out, F_DUPFD_CLOEXEC, 10);
        null = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (fd < 0 || out < 0 || null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 ||
            dup2(null, 2) < 0 || dup2(fd, 3) < 0 || dup2(out, 4) < 0)
                _exit(2);
        if (close_range(5, ~0U, 0) != 0)
                for (int i = 5; i < 1024; i++)
                        close(i);
        if (setrlimit(RLIMIT_CPU, &cpu) != 0 || setrlimit(RLIMIT_FSIZE, &none) != 0 ||
            setrlimit(RLIMIT_CORE, &none) != 0 || setrlimit(RLIMIT_NOFILE, &files) != 0)
                _exit(2);
#ifndef DOCVALID_NO_AS_LIMIT
        {
                struct rlimit as;

                as.rlim_cur = as.rlim_max = (rlim_t)(vm + DOCVALID_MEMORY);
                if (!vm || setrlimit(RLIMIT_AS, &as) != 0)
                        _exit(2);
        }
#endif
        if (helper_exe) {
                /* a fresh process image: no lock another thread of the
                 * server held at fork time can be met by the parsers */
                char a0[] = "monev", a1[] = DOCVALID_HELPER_ARG, a2[128];
                char *const args[] = {a0, a1, a2, NULL};

                snprintf(a2, sizeof(a2), "%s", mime);

                execv(helper_exe, args);
                _exit(2);
        }
        verdict = check_fd(3, mime) ? 'Y' : 'N';
        if (write(4, &verdict, 1) != 1)
                _exit(2);
        _exit(0);
}

/* Milliseconds since an arbitrary start. */
static int64_t now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

docvalid_result docvalid_file(const char *path, const char *mime)
{
        int fd, pipefd[2], status = 0;
        int64_t deadline;
        char verdict = 0;
        bool got = false, timed_out = false;
        pid_t pid, w;

        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return DOCVALID_ERROR;
        if (pipe2(pipefd, O_CLOEXEC) != 0) {
                close(fd);
                return DOCVALID_ERROR;
        }
        pid = fork();
        if (pid == 0)
                child_run(fd, pipefd[1], mime);
        close(pipefd[1]);
        close(fd);
        if (pid < 0) {
                close(pipefd[0]);
                return DOCVALID_ERROR;
        }
        deadline = now_ms() + DOCVALID_WALL_MS;
        for (;;) {
                struct pollfd pfd = {pipefd[0], POLLIN, 0};
                int64_t left = deadline - now_ms();
                int r;
                ssize_t n;

                if (left <= 0) {
                        timed_out = true;
                        break;
                }
                r = poll(&pfd, 1, (int)left);
                if (r < 0 && errno == EINTR)
                        continue;
                if (r <= 0) {
                        timed_out = r == 0;
                        break;
                }
                n = read(pipefd[0], &verdict, 1);
                if (n < 0 && errno == EINTR)
                        continue;
                got = n == 1;
                break; /* a byte, or the end: the child is done */
        }
        close(pipefd[0]);
        if (timed_out || !got)
                kill(pid, SIGKILL); /* harmless when it has exited */
        do
                w = waitpid(pid, &status, 0);
        while (w < 0 && errno == EINTR);
        if (w == pid && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
                return DOCVALID_BAD; /* crashed, killed by a limit or the timeout */
        return got && verdict == 'Y' ? DOCVALID_OK : DOCVALID_BAD;
}
