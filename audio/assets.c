/* Clip lookup. */
#include "audio/assets.h"

#include <stddef.h>

const struct koi_asset *asset_find(enum sample_format fmt, uint32_t rate,
				   uint32_t channels)
{
	for (uint32_t i = 0; i < koi_asset_count; i++) {
		const struct koi_asset *a = &koi_assets[i];
		if (a->fmt == fmt && a->rate == rate && a->channels == channels)
			return a;
	}
	return NULL;
}
