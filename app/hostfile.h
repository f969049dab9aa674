/*
 * hostfile.h — files on the host machine, for the programs that read and
 * write them (play reads WAV files, record writes one).
 *
 * The firmware reaches the host's files through semihosting
 * (drivers/semihost.h: SYS_OPEN, SYS_READ, SYS_SEEK, SYS_FLEN, SYS_WRITE),
 * with paths relative to QEMU's working directory (the top of the tree
 * under `make run`).  Host builds (koi-render, the host tests and fuzzers,
 * all built with KOI_HOST) use stdio on the same paths, so both read the
 * same bytes through the same code above this header.
 *
 * Files are read and written at explicit offsets, in pieces the caller
 * chooses: nothing here holds a whole file, so a file larger than the
 * firmware's RAM plays.  Sizes and offsets are 32-bit, as semihosting's
 * are on AArch32 (a RIFF file cannot exceed 4 GiB anyway).  Every call
 * returns 0 or a negative errno; hostfile_strerror() says it in words.
 * One thread, no locking.
 */
#ifndef KOI_HOSTFILE_H
#define KOI_HOSTFILE_H

#include <stdbool.h>
#include <stdint.h>

struct hostfile {
	int handle;     /* semihosting handle, -1 when closed */
	void *fp;       /* host builds: the FILE */
	uint32_t size;  /* bytes, as found when opened (reading) */
	uint32_t pos;   /* the file position, to skip needless seeks */
	bool writing;
	bool is_open;   /* false in a zeroed struct: closing it is safe */
};

/* Opens path for reading; f->size is its length.  -ENOENT, -EACCES,
 * -EISDIR, -EFBIG (4 GiB or more), -ENOSYS (no semihosting), ... */
int hostfile_open(struct hostfile *f, const char *path);
/* Reads exactly n bytes at off: 0, or -EIO when the file holds fewer
 * there (it was cut short, or the host could not read it). */
int hostfile_read_at(struct hostfile *f, uint32_t off, void *buf, uint32_t n);
/* The file's length now (a file that changes while it is read shows it
 * here first). */
int hostfile_length(struct hostfile *f, uint32_t *len);
/* Creates (or truncates) path for writing. */
int hostfile_create(struct hostfile *f, const char *path);
/* Writes n bytes at off (the file grows as needed). */
int hostfile_write_at(struct hostfile *f, uint32_t off, const void *buf, uint32_t n);
/* Closes f (safe on a closed or zeroed one); a written file's data reaches the host
 * here at the latest. */
int hostfile_close(struct hostfile *f);
/* "no such file", "permission denied", ...: the error in a few words. */
const char *hostfile_strerror(int err);
/* Whether the console the user reads is a terminal (not a pipe or a
 * file): the host's stdout, which is where QEMU's -serial stdio writes. */
bool hostfile_console_is_terminal(void);

#endif /* KOI_HOSTFILE_H */
