/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Koi's "goldfish" machine: the Android emulator's ARM board reduced to
 * what a bare-metal audio stack needs, on a fixed memory map.
 *
 *   0x00000000  RAM (-m, default 128 MiB)
 *   0xff000000  goldfish_pic (QEMU's, bitmask dialect) -> CPU IRQ
 *   0xff001000  goldfish_pdev_bus    IRQ 1
 *   0xff002000  goldfish_tty (serial0) IRQ 4
 *   0xff003000  goldfish_timer       IRQ 3
 *   0xff004000  goldfish_audio       IRQ 15
 *   0xff005000  goldfish_poweroff    (no IRQ; Koi's own: exit with a status)
 *   0xff010000  goldfish_rtc         IRQ 10
 *
 * Each device is the QOM child /machine/<name> (pic, bus, tty, timer,
 * audio, poweroff, rtc).  Without any -audiodev, the sound goes to the
 * host's PulseAudio server or ALSA card when there is one, and otherwise
 * nowhere, with one line saying how to write a WAV (goldfish_instance_init).
 * An ELF given with -kernel starts at its entry point the
 * way the CPU leaves reset (Secure SVC, MMU and caches off, IRQ/FIQ
 * masked); docs/goldfish-machine.md has the details.
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/units.h"
#include "hw/boards.h"
#include "hw/arm/boot.h"
#include "hw/sysbus.h"
#include "hw/qdev-properties.h"
#include "hw/char/goldfish_tty.h"
#include "hw/intc/goldfish_pic.h"
#include "hw/rtc/goldfish_rtc.h"
#include "hw/audio/goldfish_audio.h"
#include "hw/timer/goldfish_timer.h"
#include "hw/misc/goldfish_pdev_bus.h"
#include "hw/misc/goldfish_poweroff.h"
#include "audio/audio.h"
#include "exec/address-spaces.h"
#include "qapi/qapi-commands-audio.h"
#include "qapi/qapi-visit-audio.h"
#include "qapi/qobject-input-visitor.h"
#include "qobject/qdict.h"
#include "system/system.h"
#include "cpu.h"
#include "regs/goldfish_machine.h"

#define TYPE_GOLDFISH_MACHINE MACHINE_TYPE_NAME("goldfish")
OBJECT_DECLARE_SIMPLE_TYPE(GoldfishMachineState, GOLDFISH_MACHINE)

struct GoldfishMachineState {
    MachineState parent_obj;

    const char *host_audio; /* the host driver tried by default, or NULL */
    bool no_audio;      /* sound=off: board without the sound device */
    bool secure;        /* secure=on: CPU with the Security Extensions */
};

/* Memory map and interrupt lines: regs/goldfish_machine.h, shared with the
 * firmware's board and the tests (qemu/build.sh copies regs/ into the tree). */

/* The Android emulator's board number; only used for a Linux zImage. */
#define GOLDFISH_BOARD_ID       1441

static struct arm_boot_info goldfish_binfo = {
    .loader_start = 0,
    .board_id = GOLDFISH_BOARD_ID,
    /*
     * Bare-metal ELFs ignore this (they start in the reset state anyway);
     * for a Linux image it keeps the CPU Secure, like the real board,
     * instead of dropping to Non-secure or Hyp.
     */
    .secure_boot = true,
};

/* Create, name, realize and map one sysbus device; IRQ -1 for none. */
static DeviceState *goldfish_add(MachineState *ms, DeviceState *pic,
                                 DeviceState *dev, const char *child,
                                 hwaddr base, int irq)
{
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    object_property_add_child(OBJECT(ms), child, OBJECT(dev));
    sysbus_realize_and_unref(sbd, &error_fatal);
    sysbus_mmio_map(sbd, 0, base);
    if (irq >= 0) {
        sysbus_connect_irq(sbd, 0, qdev_get_gpio_in(pic, irq));
    }
    return dev;
}

static void goldfish_bus_add(GoldfishPdevBusState *bus, const char *name,
                             int32_t id, hwaddr base, int irq)
{
    if (goldfish_pdev_bus_add(bus, name, id, base, GOLDFISH_PAGE,
                              irq < 0 ? 0 : irq, irq < 0 ? 0 : 1) < 0) {
        error_report("goldfish: platform bus table full at %s", name);
        exit(1);
    }
}

/*
 * Ids of the board's default audiodevs (below): names a user can see in
 * "info audiodevs"-style output and in the hint line.
 */
#define GOLDFISH_HOST_AUDIODEV  "goldfish-host"
#define GOLDFISH_NONE_AUDIODEV  "goldfish-none"

/*
 * The host's sound output, if QEMU can open it without a flood of errors:
 * a PulseAudio (or PipeWire-Pulse) server first, an ALSA card second.
 * Returns the driver ("pa", "alsa") or NULL when there is neither; for
 * "pa", *server is the server to name (newly allocated): $PULSE_SERVER,
 * or the socket under $XDG_RUNTIME_DIR.  QEMU's PulseAudio driver reads
 * neither by itself: without server= it insists on a pulse/pid file,
 * which a socket-activated server (PipeWire's) has not written yet.
 */
static const char *goldfish_host_audio(char **server)
{
    const char *env = g_getenv("PULSE_SERVER");
    const char *runtime = g_getenv("XDG_RUNTIME_DIR");
    g_autofree char *cards = NULL;

    *server = NULL;
    if (env && *env) {
        *server = g_strdup(env);
        return "pa";
    }
    if (runtime) {
        g_autofree char *sock = g_build_filename(runtime, "pulse", "native",
                                                 NULL);
        if (g_file_test(sock, G_FILE_TEST_EXISTS)) {
            *server = g_strconcat("unix:", sock, NULL);
            return "pa";
        }
    }
    /* Each card is a line " N [id   ]: driver - name". */
    if (g_file_get_contents("/proc/asound/cards", &cards, NULL, NULL) &&
        strstr(cards, "]: ")) {
        return "alsa";
    }
    return NULL;
}

/* Append one audiodev to QEMU's list of defaults (tried in order). */
static void goldfish_define_default(const char *driver, const char *id,
                                    const char *server)
{
    QDict *opts = qdict_new();
    Audiodev *dev = NULL;
    Visitor *v;

    qdict_put_str(opts, "driver", driver);
    qdict_put_str(opts, "id", id);
    if (server) {
        qdict_put_str(opts, "server", server);
    }
    v = qobject_input_visitor_new_keyval(QOBJECT(opts));
    qobject_unref(opts);
    visit_type_Audiodev(v, NULL, &dev, &error_abort);
    visit_free(v);
    audio_define_default(dev, &error_abort);
}

/*
 * With no -audiodev on the command line, the sound device plays to QEMU's
 * default audio state, which takes the first of a list of defaults whose
 * driver starts.  QEMU's own list tries its drivers in turn, and ALSA's
 * always starts, so a host without a card would get pages of ALSA library
 * errors when the voice opens and no word on where the sound went.  The
 * board puts its own two at the head of that list (QEMU adds its own
 * after the machine object exists): the host's server or card when there
 * is one, then "none", which goldfish_init names in one line saying how to
 * write a WAV.  A -audio option given by the user is already ahead of
 * them; an -audiodev means the user chose, and QEMU's rules apply (name
 * it with -M goldfish,audiodev=ID).
 */
/*
 * A PipeWire server's socket: $PIPEWIRE_REMOTE (a path, or a name under
 * $XDG_RUNTIME_DIR), else $XDG_RUNTIME_DIR/pipewire-0, the places
 * libpipewire itself connects to (QEMU's pipewire driver takes no server
 * option: the library reads the variable).
 */
static bool goldfish_pipewire_socket(void)
{
    const char *remote = g_getenv("PIPEWIRE_REMOTE");
    const char *runtime = g_getenv("XDG_RUNTIME_DIR");
    g_autofree char *sock = NULL;

    if (remote && *remote && g_path_is_absolute(remote)) {
        return g_file_test(remote, G_FILE_TEST_EXISTS);
    }
    if (!runtime) {
        return false;
    }
    sock = g_build_filename(runtime, remote && *remote ? remote : "pipewire-0",
                            NULL);
    return g_file_test(sock, G_FILE_TEST_EXISTS);
}

static void goldfish_instance_init(Object *obj)
{
    GoldfishMachineState *gms = GOLDFISH_MACHINE(obj);
    g_autoptr(AudiodevList) given = qmp_query_audiodevs(NULL);
    g_autofree char *server = NULL;

    if (given) {
        return;
    }
    /*
     * A PulseAudio server (PipeWire's PulseAudio service included) first:
     * it prebuffers, and a stream arrives whole; through QEMU's pipewire
     * driver it had gaps (docs/play.md).  Then PipeWire
     * natively, then an ALSA card.  Each that does not start yields to
     * the next.
     */
    gms->host_audio = goldfish_host_audio(&server);
    if (gms->host_audio && !strcmp(gms->host_audio, "pa")) {
        goldfish_define_default("pa", GOLDFISH_HOST_AUDIODEV, server);
    }
    if (goldfish_pipewire_socket()) {
        goldfish_define_default("pipewire", GOLDFISH_HOST_AUDIODEV, NULL);
    }
    if (gms->host_audio && !strcmp(gms->host_audio, "alsa")) {
        goldfish_define_default("alsa", GOLDFISH_HOST_AUDIODEV, NULL);
    }
    goldfish_define_default("none", GOLDFISH_NONE_AUDIODEV, NULL);
}

/* One line when the sound went to the board's "none" default. */
static void goldfish_say_no_sound(GoldfishMachineState *gms, DeviceState *audio)
{
    const char *drv = gms->host_audio;

    if (strcmp(goldfish_audio_audiodev_id(GOLDFISH_AUDIO(audio)),
               GOLDFISH_NONE_AUDIODEV)) {
        return;
    }
    warn_report("goldfish: no host sound output (%s): the sound is "
                "discarded; to write it to a file add -audiodev "
                "wav,id=snd0,path=out.wav -M goldfish,audiodev=snd0",
                drv ? (strcmp(drv, "pa") ? "the ALSA card did not open"
                                         : "the PulseAudio server did not answer")
                    : "no PulseAudio server, no ALSA card");
}

/* The CPU, realized: cpu_type, without the Secure world unless asked. */
static ARMCPU *goldfish_create_cpu(MachineState *ms, GoldfishMachineState *gms)
{
    Object *cpuobj = object_new(ms->cpu_type);

    object_property_add_child(OBJECT(ms), "cpu", cpuobj);
    /*
     * No TrustZone unless asked (secure=on), as QEMU's virt machine does:
     * the goldfish board never had a Secure world.  It also keeps saved
     * states whole: QEMU 7.2 does not migrate the Secure copies of the
     * banked AArch32-only CP15 registers (kvm_to_cpreg_id() sets the NS
     * bit on every index, so DACR_S and CSSELR_S are saved from and
     * loaded into the Non-secure copies), and a guest running Secure
     * took a domain fault on its first instruction after a load.  Nor
     * the Virtualization Extensions (cortex-a15): without EL3, a CPU with
     * EL2 would start in Hyp mode instead of SVC.
     */
    if (!gms->secure && object_property_find(cpuobj, "has_el3")) {
        object_property_set_bool(cpuobj, "has_el3", false, &error_fatal);
        if (object_property_find(cpuobj, "has_el2")) {
            object_property_set_bool(cpuobj, "has_el2", false, &error_fatal);
        }
    }
    qdev_realize(DEVICE(cpuobj), NULL, &error_fatal);
    object_unref(cpuobj);
    return ARM_CPU(cpuobj);
}

/* The platform bus, with the table of every device it lists (itself
 * included), learnt before it is realized. */
static void goldfish_create_bus(MachineState *ms, GoldfishMachineState *gms,
                                DeviceState *pic)
{
    DeviceState *dev = qdev_new(TYPE_GOLDFISH_PDEV_BUS);
    GoldfishPdevBusState *bus = GOLDFISH_PDEV_BUS(dev);

    goldfish_bus_add(bus, "goldfish_interrupt_controller", -1,
                     GOLDFISH_PIC_BASE, -1);
    goldfish_bus_add(bus, "goldfish_device_bus", -1, GOLDFISH_BUS_BASE,
                     GOLDFISH_BUS_IRQ);
    goldfish_bus_add(bus, "goldfish_tty", 0, GOLDFISH_TTY_BASE,
                     GOLDFISH_TTY_IRQ);
    goldfish_bus_add(bus, "goldfish_timer", -1, GOLDFISH_TIMER_BASE,
                     GOLDFISH_TIMER_IRQ);
    if (!gms->no_audio) {
        goldfish_bus_add(bus, "goldfish_audio", -1, GOLDFISH_AUDIO_BASE,
                         GOLDFISH_AUDIO_IRQ);
    }
    goldfish_bus_add(bus, "goldfish_poweroff", -1, GOLDFISH_POWEROFF_BASE, -1);
    goldfish_bus_add(bus, "goldfish_rtc", -1, GOLDFISH_RTC_BASE,
                     GOLDFISH_RTC_IRQ);
    goldfish_add(ms, pic, dev, "bus", GOLDFISH_BUS_BASE, GOLDFISH_BUS_IRQ);
}

/* The devices behind the bus, each at its page and line. */
static void goldfish_create_devices(MachineState *ms, GoldfishMachineState *gms,
                                    DeviceState *pic)
{
    DeviceState *dev = qdev_new(TYPE_GOLDFISH_TTY);

    qdev_prop_set_chr(dev, "chardev", serial_hd(0));
    goldfish_add(ms, pic, dev, "tty", GOLDFISH_TTY_BASE, GOLDFISH_TTY_IRQ);

    goldfish_add(ms, pic, qdev_new(TYPE_GOLDFISH_TIMER), "timer",
                 GOLDFISH_TIMER_BASE, GOLDFISH_TIMER_IRQ);

    /* Without it the page is unmapped: a guest that skips the bus table
     * and pokes 0xff004000 anyway takes a data abort. */
    if (!gms->no_audio) {
        dev = qdev_new(TYPE_GOLDFISH_AUDIO);
        if (ms->audiodev) {
            qdev_prop_set_string(dev, "audiodev", ms->audiodev);
        }
        goldfish_add(ms, pic, dev, "audio", GOLDFISH_AUDIO_BASE,
                     GOLDFISH_AUDIO_IRQ);
        goldfish_say_no_sound(gms, dev);
    }

    goldfish_add(ms, pic, qdev_new(TYPE_GOLDFISH_POWEROFF), "poweroff",
                 GOLDFISH_POWEROFF_BASE, -1);

    goldfish_add(ms, pic, qdev_new(TYPE_GOLDFISH_RTC), "rtc",
                 GOLDFISH_RTC_BASE, GOLDFISH_RTC_IRQ);
}

static void goldfish_init(MachineState *ms)
{
    GoldfishMachineState *gms = GOLDFISH_MACHINE(ms);
    ARMCPU *cpu;
    DeviceState *pic;

    if (ms->ram_size > GOLDFISH_PIC_BASE) {
        error_report("goldfish: RAM of %" PRIu64 " MiB overlaps the devices "
                     "at 0xff000000; at most %u MiB", ms->ram_size / MiB,
                     (unsigned)(GOLDFISH_PIC_BASE / MiB));
        exit(1);
    }
    cpu = goldfish_create_cpu(ms, gms);
    memory_region_add_subregion(get_system_memory(), 0, ms->ram);

    pic = qdev_new(TYPE_GOLDFISH_PIC);
    object_property_add_child(OBJECT(ms), "pic", OBJECT(pic));
    sysbus_realize_and_unref(SYS_BUS_DEVICE(pic), &error_fatal);
    sysbus_mmio_map(SYS_BUS_DEVICE(pic), 0, GOLDFISH_PIC_BASE);
    sysbus_connect_irq(SYS_BUS_DEVICE(pic), 0,
                       qdev_get_gpio_in(DEVICE(cpu), ARM_CPU_IRQ));

    goldfish_create_bus(ms, gms, pic);
    goldfish_create_devices(ms, gms, pic);

    goldfish_binfo.ram_size = ms->ram_size;
    arm_load_kernel(cpu, ms, &goldfish_binfo);
}

static bool goldfish_get_audio(Object *obj, Error **errp)
{
    return !GOLDFISH_MACHINE(obj)->no_audio;
}

static void goldfish_set_audio(Object *obj, bool value, Error **errp)
{
    GOLDFISH_MACHINE(obj)->no_audio = !value;
}

static bool goldfish_get_secure(Object *obj, Error **errp)
{
    return GOLDFISH_MACHINE(obj)->secure;
}

static void goldfish_set_secure(Object *obj, bool value, Error **errp)
{
    GOLDFISH_MACHINE(obj)->secure = value;
}

static const char * const goldfish_valid_cpus[] = {
    ARM_CPU_TYPE_NAME("cortex-a8"),
    ARM_CPU_TYPE_NAME("cortex-a9"),
    ARM_CPU_TYPE_NAME("cortex-a15"),
    NULL
};

static void goldfish_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->desc = "Goldfish (Android emulator ARM board) for Koi";
    mc->init = goldfish_init;
    mc->max_cpus = 1;
    mc->default_cpu_type = ARM_CPU_TYPE_NAME("cortex-a15");
    mc->valid_cpu_types = goldfish_valid_cpus;
    mc->default_ram_size = 128 * MiB;
    mc->default_ram_id = "goldfish.ram";

    /* audiodev=ID: the -audiodev the goldfish_audio device plays to. */
    machine_add_audiodev_property(mc);
    /* Not "audio": that name is the device's QOM child, /machine/audio. */
    object_class_property_add_bool(oc, "sound", goldfish_get_audio,
                                   goldfish_set_audio);
    object_class_property_set_description(oc, "sound",
        "off: no goldfish_audio device on the board or the platform bus "
        "(tests of firmware on a board without sound)");
    object_class_property_add_bool(oc, "secure", goldfish_get_secure,
                                   goldfish_set_secure);
    object_class_property_set_description(oc, "secure",
        "on: the CPU keeps the Security Extensions and starts Secure "
        "(saved states then lose DACR_S: do not migrate)");
}

static const TypeInfo goldfish_machine_info = {
    .name = TYPE_GOLDFISH_MACHINE,
    .parent = TYPE_MACHINE,
    .instance_size = sizeof(GoldfishMachineState),
    .instance_init = goldfish_instance_init,
    .class_init = goldfish_class_init,
};

static void goldfish_machine_register_types(void)
{
    type_register_static(&goldfish_machine_info);
}

type_init(goldfish_machine_register_types)
