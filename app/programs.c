/* The program table (program.h): every program in KOI_PROGRAMS, in order. */
#include "app/program.h"

const struct program *const koi_programs[] = {KOI_PROGRAMS(KOI_PROGRAM_ENTRY) NULL};
