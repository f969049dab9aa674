# Firmware build rules (owner: boot/drivers bring-up).  Placeholder.
all:
