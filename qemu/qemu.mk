# QEMU with Koi's goldfish machine: see qemu/build.sh.  Cheap when cached, so
# every rule that runs QEMU depends on the phony `qemu`.
#
#   make qemu              build/qemu-system-arm
#   make qemu SANITIZE=1   build/qemu-system-arm-san (ASan + UBSan, its own
#                          build directory in the cache; `make test-san`)
SANITIZE ?= 0
QEMU_SAN := $(BUILD)/qemu-system-arm-san

qemu:
	@SANITIZE=$(SANITIZE) qemu/build.sh

qemu-san:
	@SANITIZE=1 qemu/build.sh
.PHONY: qemu qemu-san
