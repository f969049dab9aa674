/* Sample format names and sizes (format.h). */
#include "lib/format.h"

#include <string.h>

static const char *const fmt_names[SAMPLE_FORMAT_COUNT] = {
	[SAMPLE_S8] = "s8",   [SAMPLE_U8] = "u8",   [SAMPLE_S16] = "s16",
	[SAMPLE_S24] = "s24", [SAMPLE_S32] = "s32", [SAMPLE_F32] = "float",
};
static const uint8_t fmt_bytes[SAMPLE_FORMAT_COUNT] = {1, 1, 2, 3, 4, 4};

const char *sample_format_name(enum sample_format f)
{
	return (unsigned)f < SAMPLE_FORMAT_COUNT ? fmt_names[f] : "?";
}

int sample_format_from_name(const char *name)
{
	for (int i = 0; i < SAMPLE_FORMAT_COUNT; i++)
		if (strcmp(name, fmt_names[i]) == 0)
			return i;
	return -1;
}

uint32_t sample_format_bytes(enum sample_format f)
{
	return (unsigned)f < SAMPLE_FORMAT_COUNT ? fmt_bytes[f] : 0;
}
