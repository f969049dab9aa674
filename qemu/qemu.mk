# QEMU with Koi's goldfish machine: see qemu/build.sh.  Cheap when cached, so
# every rule that runs QEMU depends on the phony `qemu`.
qemu:
	@qemu/build.sh
.PHONY: qemu
