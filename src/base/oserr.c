#include "base/oserr.h"

#include <errno.h>
#include <stdio.h>

const char *os_error_text(int errnum)
{
        static _Thread_local char other[40];

        switch (errnum) {
        case ENOENT:
                return "berkas atau folder tidak ada";
        case EACCES:
        case EPERM:
                return "izin ditolak";
        case ENOSPC:
                return "disk penuh";
        case EDQUOT:
                return "kuota disk habis";
        case EEXIST:
                return "sudah ada";
        case EROFS:
                return "sistem berkas hanya dapat dibaca";
        case EISDIR:
                return "berupa folder, bukan berkas";
        case ENOTDIR:
                return "salah satu bagian jalurnya bukan folder";
        case ENOTEMPTY:
                return "folder tidak kosong";
        case ENAMETOOLONG:
                return "nama atau jalurnya terlalu panjang";
        case ELOOP:
                return "terlalu banyak tautan simbolik berantai";
        case EXDEV:
                return "berada di sistem berkas lain";
        case EFBIG:
                return "berkas terlalu besar";
        case EMFILE:
        case ENFILE:
                return "terlalu banyak berkas terbuka";
        case ENOMEM:
                return "memori tidak cukup";
        case EIO:
                return "galat baca/tulis pada perangkat penyimpanan";
        case EBUSY:
        case ETXTBSY:
                return "sedang dipakai";
        case EAGAIN:
                return "sumber daya sementara tidak tersedia; coba lagi";
        case EINTR:
                return "terputus oleh sinyal";
        case EINVAL:
                return "nilai tidak sah";
        case EADDRINUSE:
                return "alamat dan port sudah dipakai program lain";
        case EADDRNOTAVAIL:
                return "alamat itu tidak ada di mesin ini";
        case ECONNREFUSED:
                return "sambungan ditolak";
        case ECONNRESET:
        case EPIPE:
                return "sambungan terputus";
        case ETIMEDOUT:
                return "waktu tunggu habis";
        default:
                snprintf(other, sizeof(other), "galat sistem nomor %d", errnum);
                return other;
        }
}
