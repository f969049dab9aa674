/* gen_assets: writes the data of every clip of assets.h, as C, to stdout.
 * The build runs it into build/gen/assets_data.c (tools/tools.mk). */
#include <stdio.h>

#include "audio/assets.h"

static const uint32_t rates[] = {8000, 11025, 16000, 22050, 32000, 44100, 48000};

int main(void)
{
	printf("/* Generated at build time by tools/gen_assets.c: do not edit.\n"
	       " * tests/host/test_convert.c checks every byte against asset_synth(). */\n"
	       "#include \"audio/assets.h\"\n\n");
	unsigned n = 0;
	for (int f = 0; f < SAMPLE_FORMAT_COUNT; f++)
		for (unsigned r = 0; r < sizeof rates / sizeof rates[0]; r++)
			for (uint32_t ch = 1; ch <= 2; ch++) {
				uint32_t frames = asset_frames(rates[r]);
				uint32_t bps = sample_format_bytes((enum sample_format)f);
				printf("static const uint8_t a%u[] = {", n++);
				unsigned col = 0;
				for (uint32_t i = 0; i < frames; i++)
					for (uint32_t c = 0; c < ch; c++) {
						uint8_t b[4];
						asset_synth((enum sample_format)f, rates[r], ch, i, c, b);
						for (uint32_t k = 0; k < bps; k++, col++)
							printf("%s%u,", col % 24 ? "" : "\n", b[k]);
					}
				printf("\n};\n");
			}
	printf("\nconst struct koi_asset koi_assets[] = {\n");
	n = 0;
	for (int f = 0; f < SAMPLE_FORMAT_COUNT; f++)
		for (unsigned r = 0; r < sizeof rates / sizeof rates[0]; r++)
			for (uint32_t ch = 1; ch <= 2; ch++)
				printf("\t{%d, %u, %u, %u, a%u},\n", f, ch, rates[r],
				       asset_frames(rates[r]), n++);
	printf("};\nconst uint32_t koi_asset_count = %u;\n", n);
	return 0;
}
