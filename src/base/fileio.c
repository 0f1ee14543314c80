#include "base/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int fileio_write_all(int fd, const void *p, size_t n)
{
        const unsigned char *b = p;

        while (n > 0) {
                ssize_t w = write(fd, b, n);

                if (w < 0) {
                        if (errno == EINTR)
                                continue;
                        return -1;
                }
                b += w;
                n -= (size_t)w;
        }
        return 0;
}

int fileio_sync_dir(const char *path)
{
        int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        int rc, saved;

        if (fd < 0)
                return -1;
        rc = fsync(fd);
        saved = errno;
        close(fd);
        errno = saved;
        return rc;
}
