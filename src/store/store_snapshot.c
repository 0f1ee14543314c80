/*
 * store_snapshot: a consistent copy of a data folder's SQLite database,
 * taken while Monev runs (store_snapshot in store.h).
 *
 * The copy is made with SQLite's online backup API from a connection of
 * its own, in one step: the source is read inside one read transaction,
 * which in WAL mode sees one committed state and neither waits for nor
 * blocks the server's writers (a write committed meanwhile is simply not
 * in the copy).  The destination is a new file created with mode 0600
 * (the database holds password and token hashes) in rollback-journal
 * mode, so the copy is one self-contained file, synced when the backup
 * commits.  Opening the folder with store_open first checks that it holds
 * a Monev database, brings its schema up to date and sets up SQLite's
 * memory (base/mem) before this file's connections use SQLite.
 */
#include "base/err.h"
#include "base/oserr.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/mem.h"

#define SNAP_RETRIES  500 /* BUSY answers waited out, SNAP_WAIT_NS apart */
#define SNAP_WAIT_NS  20000000L
#define SNAP_PATH_MAX 4096

/* Removes the copy and the rollback journal SQLite may have left. */
static void remove_copy(const char *path)
{
        char journal[SNAP_PATH_MAX + 16];

        unlink(path);
        if ((size_t)snprintf(journal, sizeof(journal), "%s-journal", path) < sizeof(journal))
                unlink(journal);
}

store_rc store_snapshot(const char *dir, const char *path, char *err, size_t errlen)
{
        char dbpath[SNAP_PATH_MAX];
        sqlite3 *from = NULL, *to = NULL;
        sqlite3_backup *b;
        store *s = NULL;
        store_rc rc;
        bool made = false;
        int fd, r = SQLITE_OK;

        if (err && errlen)
                err[0] = '\0';
        rc = store_open(dir, false, &s, err, errlen);
        store_close(s);
        if (rc != STORE_OK)
                return rc;
        if ((size_t)snprintf(dbpath, sizeof(dbpath), "%s/monev.db", dir) >= sizeof(dbpath) ||
            strlen(path) > SNAP_PATH_MAX) {
                err_set(err, errlen, "jalur folder data atau salinan terlalu panjang");
                return STORE_INVALID;
        }
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
                err_set(err, errlen, "salinan basis data %s tidak dapat dibuat: %s", path,
                        os_error_text(errno));
                return STORE_IO;
        }
        made = true;
        close(fd);

        rc = STORE_IO;
        r = sqlite3_open_v2(dbpath, &from, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
        if (r == SQLITE_OK)
                r = sqlite3_open_v2(path, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
        if (r != SQLITE_OK) {
                rc = (r & 0xff) == SQLITE_NOMEM ? STORE_NOMEM : STORE_IO;
                err_set(err, errlen, "basis data %s tidak dapat dibuka untuk disalin", dbpath);
                goto out;
        }
        sqlite3_busy_timeout(from, 5000);
        b = sqlite3_backup_init(to, "main", from, "main");
        if (!b) {
                err_set(err, errlen, "salinan basis data %s tidak dapat dimulai", dbpath);
                goto out;
        }
        for (int tries = 0;; tries++) {
                struct timespec wait = {0, SNAP_WAIT_NS};

                r = sqlite3_backup_step(b, -1);
                if (r == SQLITE_DONE || tries >= SNAP_RETRIES)
                        break;
                if (r != SQLITE_BUSY && r != SQLITE_LOCKED && (r & 0xff) != SQLITE_BUSY &&
                    (r & 0xff) != SQLITE_LOCKED)
                        break;
                nanosleep(&wait, NULL);
        }
        if (sqlite3_backup_finish(b) != SQLITE_OK && r == SQLITE_DONE)
                r = sqlite3_errcode(to);
        if (r != SQLITE_DONE) {
                rc = (r & 0xff) == SQLITE_BUSY || (r & 0xff) == SQLITE_LOCKED ? STORE_BUSY
                     : (r & 0xff) == SQLITE_NOMEM                             ? STORE_NOMEM
                                                                              : STORE_IO;
                err_set(err, errlen,
                        rc == STORE_BUSY
                            ? "basis data %s terus terkunci; salinan tidak dapat dibuat"
                            : "salinan basis data %s gagal ditulis ke %s",
                        dbpath, path);
                goto out;
        }
        if (sqlite3_close(to) != SQLITE_OK) {
                err_set(err, errlen, "salinan basis data %s tidak dapat ditutup", path);
                goto out;
        }
        to = NULL;
        rc = STORE_OK;
out:
        sqlite3_close_v2(to);
        sqlite3_close_v2(from);
        if (rc != STORE_OK && made)
                remove_copy(path);
        return rc;
}
