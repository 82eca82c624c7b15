# SPDX-License-Identifier: GPL-2.0
#
# memdemo - user-facing Makefile.
#
# What kbuild builds lives in ./Kbuild.  The kernel's module build reads
# Kbuild (not this file) whenever Kbuild exists, so this Makefile only holds
# targets for people and scripts.  DKMS runs
#   make -C <kdir> M=<dir> KERNELRELEASE=<rel> modules
# which goes straight to kbuild; that is why nothing here keys on
# KERNELRELEASE being set (the usual `ifneq ($(KERNELRELEASE),)` idiom breaks
# when KERNELRELEASE comes from the command line).  Should kbuild ever read
# this file (KBUILD_MODULES is set then), it only gets obj-m from Kbuild.
#
#   make [KVER=<release> | KDIR=<dir> | LANE=<lane>] [W=1]   build memdemo.ko
#   make install | load [PARAMS="..."] | unload | clean
#   make demo [KERNEL=<lane>] [MEM=<size>] [CPUS=<n>] [PARAMS="..."] [CMDLINE="..."]
#   make check [LANES="<lane> ..."] [RESULTS=<dir>]   the quick tier (minutes)
#   make check-all [LANES=...] [RESULTS=<dir>]        the full tier: every lane
#   make check-summary RESULTS="<dir> ..."            merge lane results into one TAP
#   make lanes-json [TIER=quick|full]                 the lane table as JSON (CI matrix)
#   make deb                                          the memdemo-dkms Debian package
#   make help                                         every target, one line each
#   make bench-harness [LANES="..."]    bare boot vs. full test run, per lane
#   make bench [KERNEL=<lane>]          allocator cost table, CSV and curves from a guest
#   make report [KERNEL=<lane>]         one HTML page of a run (also make demo REPORT=1)
#   make claims [LANES="..."]           the articles' claims, lane by lane: docs/claims.md
#   make pictures                       docs/map-*.svg: the address space of three guests
#   make tools                          tools/: memdemo-map, memdemo-tables, memdemo-claims
#   make fetch [LANES="..."] | deps | shellcheck | lanes
#   make dkms-install [KVER=<release>] | dkms-remove   install with DKMS / remove

include $(dir $(lastword $(MAKEFILE_LIST)))Kbuild

ifeq ($(KBUILD_MODULES),)

SRC := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))

# Which kernel to build for: LANE (a fetched test lane) wins, then KDIR,
# then KVER (default: the running kernel; DKMS-style KERNELRELEASE= works too).
ifndef KVER
KVER := $(if $(KERNELRELEASE),$(KERNELRELEASE),$(shell uname -r))
endif
ifndef KDIR
KDIR := /lib/modules/$(KVER)/build
endif

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

# Passed through to kbuild when set by the user.
KBUILD_ARGS := $(if $(W),W=$(W)) $(if $(C),C=$(C)) $(if $(V),V=$(V)) \
	$(if $(CROSS_COMPILE),CROSS_COMPILE=$(CROSS_COMPILE))

export LANES KERNEL MEM CPUS PARAMS CMDLINE TIMEOUT TESTS REPORT REPORT_OUT BENCH RESULTS TIER

.PHONY: all modules tools install load unload clean demo check check-all check-summary lanes-json \
	bench-harness bench report claims pictures shellcheck fetch deps lanes kdir-check \
	dkms-install dkms-remove deb help

all: modules

kdir-check:
	@test -f "$(KDIR)/Makefile" || { \
	  echo "memdemo: no kernel build tree at $(KDIR)" >&2; \
	  echo "  install linux-headers-$(KVER), or pass KDIR=<dir>, KVER=<release>" >&2; \
	  echo "  or LANE=<lane> to build against a fetched test kernel (make lanes)" >&2; \
	  exit 1; }

ifneq ($(LANE),)
# A fetched test lane: its kernel's headers, on the host or in the build
# root of its Debian release (scripts/lane-make.sh).
modules:
	$(SRC)/scripts/lane-make.sh $(LANE) $(KBUILD_ARGS)
else
modules: kdir-check
	$(MAKE) -C $(KDIR) M=$(SRC) $(KBUILD_ARGS) modules
endif

install: kdir-check
	$(SUDO) $(MAKE) -C $(KDIR) M=$(SRC) $(KBUILD_ARGS) modules_install

load: modules
	$(SUDO) insmod $(SRC)/memdemo.ko $(PARAMS)

unload:
	$(SUDO) rmmod memdemo

clean:
	@if [ -f "$(KDIR)/Makefile" ]; then \
	  $(MAKE) -C $(KDIR) M=$(SRC) clean; \
	else \
	  rm -f $(SRC)/*.o $(SRC)/*.ko $(SRC)/*.mod $(SRC)/*.mod.c \
	    $(SRC)/.*.cmd $(SRC)/modules.order $(SRC)/Module.symvers; \
	fi
	@$(MAKE) -s -C $(SRC)/tools clean

# The user-space readers of /proc/memdemo, built for this machine.
tools:
	$(MAKE) -C $(SRC)/tools

demo:
	@$(SRC)/scripts/demo.sh

check:
	@$(SRC)/scripts/check.sh --tier quick

check-all:
	@$(SRC)/scripts/check.sh --tier full

check-summary:
	@$(SRC)/scripts/check-summary.sh $(RESULTS)

lanes-json:
	@$(SRC)/scripts/lanes-json.sh $(if $(TIER),--tier $(TIER))

deb:
	@$(SRC)/scripts/deb.sh

# One line per target, as kernel trees print theirs.
help:
	@echo 'Build and use memdemo:'
	@echo '  all, modules     - build memdemo.ko (KVER=, KDIR= or LANE=; W=1, C=2 as in kbuild)'
	@echo '  install          - install memdemo.ko under /lib/modules (sudo)'
	@echo '  load, unload     - insmod memdemo.ko (PARAMS="...") / rmmod memdemo'
	@echo '  clean            - remove what the build made'
	@echo '  tools            - memdemo-map, memdemo-tables, memdemo-claims and the rest, for this machine'
	@echo '  dkms-install     - install with DKMS for KVER (default: the running kernel)'
	@echo '  dkms-remove      - remove memdemo from DKMS, every kernel'
	@echo '  deb              - build the memdemo-dkms Debian package'
	@echo 'Try it in a guest:'
	@echo '  demo             - boot a Debian kernel in qemu, load memdemo, show dmesg and /proc/memdemo'
	@echo '  report           - the same, as one HTML page'
	@echo '  bench            - the cost table of the allocators, CSV and curves'
	@echo '  claims           - the claims of the articles, lane by lane: docs/claims.md'
	@echo '  pictures         - docs/map-*.svg'
	@echo 'Test:'
	@echo '  check            - the quick tier: host tests, make demo afresh, a few lanes (minutes)'
	@echo '  check-all        - the full tier: every lane of scripts/lanes (about an hour)'
	@echo '  check-summary    - merge lane results (RESULTS="dir ...") into one TAP stream'
	@echo '  lanes-json       - the lane table as a CI matrix (TIER=quick|full)'
	@echo '  lanes            - list the lanes and what is cached for each'
	@echo '  fetch            - fetch or build the kernels of the lanes (LANES=...)'
	@echo '  deps             - install the host packages the lanes need'
	@echo '  shellcheck       - shellcheck every shell script'
	@echo '  bench-harness    - a bare boot against a whole test run, per lane'
	@echo '  help             - this list'

bench-harness:
	@$(SRC)/scripts/bench-harness.sh

bench:
	@$(SRC)/scripts/bench.sh

report:
	@$(SRC)/scripts/report.sh

claims:
	@$(SRC)/scripts/claims.sh

pictures:
	@$(SRC)/scripts/pictures.sh

shellcheck:
	$(SRC)/scripts/shellcheck.sh

fetch:
	$(SRC)/scripts/fetch-lane.sh $(if $(LANES),$(LANES),--all)

deps:
	$(SRC)/scripts/deps.sh

lanes:
	@$(SRC)/scripts/fetch-lane.sh --list

# Copy the sources to /usr/src/memdemo-<version>, dkms add, build, install
# (stops first, naming the package, when the kernel's headers are missing).
dkms-install:
	@KVER="$(KVER)" $(SRC)/scripts/dkms.sh install

dkms-remove:
	@$(SRC)/scripts/dkms.sh remove

endif
