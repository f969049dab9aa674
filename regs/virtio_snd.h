/*
 * virtio-sound (VIRTIO 1.2, section 5.14 "Sound Device", device ID 25) —
 * the configuration layout, request codes, status codes and message
 * layouts drivers/virtio_snd.c exchanges with the device.  Names as the
 * specification spells them (its "struct virtio_snd_pcm_set_params" is
 * VIRTIO_SND_R_PCM_SET_PARAMS's body).  Every field is little-endian, as
 * the Arm cores Koi runs on are; structures are packed by construction
 * (natural alignment, no holes: the sizes are checked below).
 */
#ifndef KOI_REGS_VIRTIO_SND_H
#define KOI_REGS_VIRTIO_SND_H

#include <stdint.h>

#define VIRTIO_ID_SOUND                 25u

/* Queues. */
#define VIRTIO_SND_VQ_CONTROL           0u
#define VIRTIO_SND_VQ_EVENT             1u
#define VIRTIO_SND_VQ_TX                2u
#define VIRTIO_SND_VQ_RX                3u

/* Feature bits. */
#define VIRTIO_SND_F_CTLS               0u  /* control elements (not used) */

/* Configuration space (after VIRTIO_MMIO_CONFIG). */
#define VIRTIO_SND_CFG_JACKS            0x0u
#define VIRTIO_SND_CFG_STREAMS          0x4u
#define VIRTIO_SND_CFG_CHMAPS           0x8u

/* Request codes (struct virtio_snd_hdr.code). */
#define VIRTIO_SND_R_JACK_INFO          1u
#define VIRTIO_SND_R_JACK_REMAP         2u
#define VIRTIO_SND_R_PCM_INFO           0x0100u
#define VIRTIO_SND_R_PCM_SET_PARAMS     0x0101u
#define VIRTIO_SND_R_PCM_PREPARE        0x0102u
#define VIRTIO_SND_R_PCM_RELEASE        0x0103u
#define VIRTIO_SND_R_PCM_START          0x0104u
#define VIRTIO_SND_R_PCM_STOP           0x0105u
#define VIRTIO_SND_R_CHMAP_INFO         0x0200u

/* Event codes (struct virtio_snd_event.hdr.code). */
#define VIRTIO_SND_EVT_JACK_CONNECTED     0x1000u
#define VIRTIO_SND_EVT_JACK_DISCONNECTED  0x1001u
#define VIRTIO_SND_EVT_PCM_PERIOD_ELAPSED 0x1100u
#define VIRTIO_SND_EVT_PCM_XRUN           0x1101u

/* Status codes (struct virtio_snd_hdr.code in a response). */
#define VIRTIO_SND_S_OK                 0x8000u
#define VIRTIO_SND_S_BAD_MSG            0x8001u
#define VIRTIO_SND_S_NOT_SUPP           0x8002u
#define VIRTIO_SND_S_IO_ERR             0x8003u

/* Data flow directions (virtio_snd_pcm_info.direction). */
#define VIRTIO_SND_D_OUTPUT             0u
#define VIRTIO_SND_D_INPUT              1u

/* Sample formats: bit numbers in virtio_snd_pcm_info.formats. */
#define VIRTIO_SND_PCM_FMT_S8           3u
#define VIRTIO_SND_PCM_FMT_U8           4u
#define VIRTIO_SND_PCM_FMT_S16          5u
#define VIRTIO_SND_PCM_FMT_U16          6u
#define VIRTIO_SND_PCM_FMT_S24          11u  /* in 4 bytes (not Koi's S24) */
#define VIRTIO_SND_PCM_FMT_S32          17u
#define VIRTIO_SND_PCM_FMT_FLOAT        19u

/* Frame rates: bit numbers in virtio_snd_pcm_info.rates. */
#define VIRTIO_SND_PCM_RATE_5512        0u
#define VIRTIO_SND_PCM_RATE_8000        1u
#define VIRTIO_SND_PCM_RATE_11025       2u
#define VIRTIO_SND_PCM_RATE_16000       3u
#define VIRTIO_SND_PCM_RATE_22050       4u
#define VIRTIO_SND_PCM_RATE_32000       5u
#define VIRTIO_SND_PCM_RATE_44100       6u
#define VIRTIO_SND_PCM_RATE_48000       7u
#define VIRTIO_SND_PCM_RATE_64000       8u
#define VIRTIO_SND_PCM_RATE_88200       9u
#define VIRTIO_SND_PCM_RATE_96000       10u
#define VIRTIO_SND_PCM_RATE_176400      11u
#define VIRTIO_SND_PCM_RATE_192000      12u
#define VIRTIO_SND_PCM_RATE_384000      13u
#define VIRTIO_SND_PCM_RATE_COUNT       14u

/* Every request and response starts with this. */
struct virtio_snd_hdr {
	uint32_t code;
};

/* VIRTIO_SND_R_*_INFO: items start_id .. start_id + count - 1, each
 * size bytes long in the response that follows the status header. */
struct virtio_snd_query_info {
	struct virtio_snd_hdr hdr;
	uint32_t start_id;
	uint32_t count;
	uint32_t size;
};

struct virtio_snd_info {
	uint32_t hda_fn_nid;
};

struct virtio_snd_pcm_info {
	struct virtio_snd_info hdr;
	uint32_t features;   /* VIRTIO_SND_PCM_F_* bits */
	uint64_t formats;    /* 1 << VIRTIO_SND_PCM_FMT_* */
	uint64_t rates;      /* 1 << VIRTIO_SND_PCM_RATE_* */
	uint8_t direction;   /* VIRTIO_SND_D_* */
	uint8_t channels_min;
	uint8_t channels_max;
	uint8_t padding[5];
};

/* PCM_PREPARE, PCM_RELEASE, PCM_START, PCM_STOP. */
struct virtio_snd_pcm_hdr {
	struct virtio_snd_hdr hdr;
	uint32_t stream_id;
};

struct virtio_snd_pcm_set_params {
	struct virtio_snd_pcm_hdr hdr;
	uint32_t buffer_bytes;
	uint32_t period_bytes;
	uint32_t features;
	uint8_t channels;
	uint8_t format;      /* VIRTIO_SND_PCM_FMT_* */
	uint8_t rate;        /* VIRTIO_SND_PCM_RATE_* */
	uint8_t padding;
};

/* An I/O message (tx and rx queues): this header (device-readable), the
 * frames (readable for tx, writable for rx), then the status (writable). */
struct virtio_snd_pcm_xfer {
	uint32_t stream_id;
};

struct virtio_snd_pcm_status {
	uint32_t status;          /* VIRTIO_SND_S_* */
	uint32_t latency_bytes;
};

/* The event queue's buffers: the device writes one of these. */
struct virtio_snd_event {
	struct virtio_snd_hdr hdr;
	uint32_t data;            /* the stream or jack id */
};

_Static_assert(sizeof(struct virtio_snd_query_info) == 16, "virtio_snd_query_info");
_Static_assert(sizeof(struct virtio_snd_pcm_info) == 32, "virtio_snd_pcm_info");
_Static_assert(sizeof(struct virtio_snd_pcm_set_params) == 24, "virtio_snd_pcm_set_params");
_Static_assert(sizeof(struct virtio_snd_pcm_status) == 8, "virtio_snd_pcm_status");
_Static_assert(sizeof(struct virtio_snd_event) == 8, "virtio_snd_event");

#endif /* KOI_REGS_VIRTIO_SND_H */
