/* Host files (board.h): semihosting in the firmware, stdio in host builds. */
#ifdef KOI_HOST
#define _POSIX_C_SOURCE 200809L /* fileno, fstat, isatty */
#endif
#include "board/board.h"

#include <errno.h>
#include <string.h>

#ifdef KOI_HOST
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#else
#include "drivers/semihost.h"
#endif

static void closed(struct board_file *f)
{
	f->handle = 0;
	f->size = f->pos = 0;
	f->writing = false;
	f->is_open = false;
}

#ifdef KOI_HOST
/* ---- stdio ---------------------------------------------------------------- */

static int os_error(void)
{
	return errno > 0 ? -errno : -EIO;
}

static int os_open(struct board_file *f, const char *path, bool write)
{
	FILE *fp = fopen(path, write ? "wb" : "rb");
	if (!fp)
		return os_error();
	f->handle = (uintptr_t)fp;
	return 0;
}

static int os_length(struct board_file *f, uint32_t *len)
{
	struct stat st;
	if (fstat(fileno((FILE *)f->handle), &st))
		return os_error();
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (st.st_size < 0 || (unsigned long long)st.st_size > UINT32_MAX)
		return -EFBIG;
	*len = (uint32_t)st.st_size;
	return 0;
}

static int os_seek(struct board_file *f, uint32_t off)
{
	return fseek((FILE *)f->handle, (long)off, SEEK_SET) ? os_error() : 0;
}

static int32_t os_read(struct board_file *f, void *buf, uint32_t n)
{
	size_t got = fread(buf, 1, n, (FILE *)f->handle);
	return got < n && ferror((FILE *)f->handle) ? -EIO : (int32_t)got;
}

static int os_write(struct board_file *f, const void *buf, uint32_t n)
{
	/* Flushed at once, as semihosting's SYS_WRITE is: what was written
	 * is in the file for any reader (record's file is complete at every
	 * moment). */
	FILE *fp = (FILE *)f->handle;
	return fwrite(buf, 1, n, fp) == n && fflush(fp) == 0 ? 0 : os_error();
}

static int os_close(struct board_file *f)
{
	return fclose((FILE *)f->handle) ? os_error() : 0;
}

static int os_probe(struct board_file *f, uint32_t len)
{
	(void)f;
	(void)len; /* os_length() already refused a directory */
	return 0;
}

bool board_console_is_terminal(void)
{
	return isatty(STDOUT_FILENO) == 1;
}
#else
/* ---- semihosting ------------------------------------------------------------ */

static int os_open(struct board_file *f, const char *path, bool write)
{
	int h = semihost_open(path, write ? SEMIHOST_OPEN_WB : SEMIHOST_OPEN_RB);
	if (h < 0)
		return h;
	f->handle = (uintptr_t)h;
	return 0;
}

static int os_length(struct board_file *f, uint32_t *len)
{
	return semihost_flen((int)f->handle, len);
}

/* A directory opens and has a length on the host; only reading it fails,
 * and QEMU's SYS_READ leaves SYS_ERRNO alone when it does.  So the first
 * byte is read at open: a file that opens but cannot give its first byte
 * is, on a POSIX host, a directory (stdio's fstat says so directly). */
static int os_probe(struct board_file *f, uint32_t len)
{
	char b;
	if (len == 0 || (semihost_seek((int)f->handle, 0) == 0 &&
			 semihost_read((int)f->handle, &b, 1) == 1))
		return 0;
	return -EISDIR;
}

static int os_seek(struct board_file *f, uint32_t off)
{
	return semihost_seek((int)f->handle, off);
}

static int32_t os_read(struct board_file *f, void *buf, uint32_t n)
{
	return semihost_read((int)f->handle, buf, n);
}

static int os_write(struct board_file *f, const void *buf, uint32_t n)
{
	return semihost_write_file((int)f->handle, buf, n);
}

static int os_close(struct board_file *f)
{
	return semihost_close((int)f->handle);
}

bool board_console_is_terminal(void)
{
	return semihost_stdout_is_tty() == 1;
}
#endif

/* ---- common ------------------------------------------------------------------ */

int board_file_open(struct board_file *f, const char *path)
{
	closed(f);
	if (!path || !*path)
		return -ENOENT;
	int r = os_open(f, path, false);
	if (r)
		return r;
	uint32_t len = 0;
	f->pos = UINT32_MAX; /* unknown until the first seek */
	r = os_length(f, &len);
	if (r == 0)
		r = os_probe(f, len);
	if (r) {
		(void)os_close(f);
		closed(f);
		return r;
	}
	f->size = len;
	f->is_open = true;
	return 0;
}

int board_file_create(struct board_file *f, const char *path)
{
	closed(f);
	if (!path || !*path)
		return -ENOENT;
	int r = os_open(f, path, true);
	if (r == 0)
		f->writing = f->is_open = true;
	return r;
}

static int seek_to(struct board_file *f, uint32_t off)
{
	if (f->pos == off)
		return 0;
	int r = os_seek(f, off);
	if (r == 0)
		f->pos = off;
	return r;
}

int board_file_read_at(struct board_file *f, uint32_t off, void *buf, uint32_t n)
{
	if (!f->is_open || f->writing || (uint64_t)off + n > UINT32_MAX)
		return -EINVAL;
	int r = seek_to(f, off);
	if (r)
		return r;
	int32_t got = n ? os_read(f, buf, n) : 0;
	if (got < 0) {
		f->pos = UINT32_MAX; /* unknown: seek next time */
		return got;
	}
	f->pos = off + (uint32_t)got;
	return (uint32_t)got == n ? 0 : -EIO;
}

int board_file_length(struct board_file *f, uint32_t *len)
{
	if (!f->is_open)
		return -EINVAL;
	return os_length(f, len);
}

int board_file_write_at(struct board_file *f, uint32_t off, const void *buf, uint32_t n)
{
	if (!f->is_open || !f->writing || (uint64_t)off + n > UINT32_MAX)
		return -EINVAL;
	int r = seek_to(f, off);
	if (r == 0 && n)
		r = os_write(f, buf, n);
	f->pos = r ? UINT32_MAX : off + n;
	return r;
}

int board_file_close(struct board_file *f)
{
	if (!f->is_open)
		return 0;
	int r = os_close(f);
	closed(f);
	return r;
}

const char *board_file_strerror(int err)
{
	switch (err) {
	case -ENOENT:
		return "no such file";
	case -EACCES:
	case -EPERM:
		return "permission denied";
	case -EISDIR:
		return "is a directory";
	case -EFBIG:
		return "4 GiB or larger";
	case -ENOSPC:
		return "no space left on the host";
	case -ENOSYS:
		return "no host files without semihosting (run it with tools/koi-qemu or make run)";
	case -EIO:
		return "the host could not read or write it";
	default:
		return "the host refused it";
	}
}
