#!/bin/sh
# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# The system lane's test, run as root by memdemo-system-test.service at
# every boot of the installed Debian system scripts/system-image.sh makes,
# from the payload drive (a tar of the clone, unpacked in /run/memdemo;
# this script's own files go to /run/memdemo-test).
# The user's part runs as the regular user "learner" through su -l: README's
# own commands, taken from its code blocks (readme_commands), in a copy of
# the clone in the user's home. One unnumbered TAP line per check on
# /dev/ttyS1; scripts/system-run.sh numbers them.
#
# Which part runs follows from the machine and from the state left on its
# disk by the part before (/var/lib/memdemo-system/phase):
#   readme    first boot, installed kernel, Secure Boot off: README's
#             "Build it from the sources" and "DKMS" commands (make
#             dkms-install), then "Install the package" over that: the
#             memdemo-dkms package (built on the host by make deb, in the
#             payload's build/deb/) takes it over, saying so; then the newer
#             kernel installed with apt (DKMS builds the package's memdemo
#             for it with no command from the user), reboot
#   upgraded  booted into the newer kernel: modprobe loads the package's
#             DKMS build, dkms status lists both kernels, make dkms-install
#             and make dkms-remove refuse to touch the package's memdemo,
#             apt purge memdemo-dkms leaves nothing behind
#   secure    first boot with Secure Boot on: the unsigned module is refused
#             with README's message; DKMS's signed one too until its key is
#             enrolled; mokutil --import; reboot into the MOK manager
#   enrolled  after the MOK manager (scripts/system-console.exp answers it on
#             the console): DKMS's module loads and unloads; make
#             dkms-remove removes it; the package's module, signed with the
#             same key, loads; Debian's own DKMS test passes on the package
# Each part ends with "MEMDEMO-PART <name> <status>", then reboots or
# powers off.

here=/run/memdemo
work=/run/memdemo-test
state=/var/lib/memdemo-system
user=learner
home=/home/$user
upgrade=/var/cache/memdemo-upgrade
exec >/dev/ttyS1 2>&1
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8
out=$work/step.out
failed=0
mkdir -p "$state" "$work"

ok() { printf 'ok - %s\n' "$1"; }
not_ok() { printf 'not ok - %s\n' "$1"; failed=1; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
check() { if [ "$1" = 0 ]; then ok "$2"; else not_ok "$2"; fi; }
now() { cut -d' ' -f1 /proc/uptime; }
secs() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# as_user CMD: run the shell command CMD as the user, in ~/memdemo, from a
# login shell (the user's PATH, no sbin), output in $out; in $out.t each
# line follows the uptime it came at (slow_lines reads it), read with the
# shell's own read: a process per line cost `sudo cat /proc/memdemo` 33 s.
# What the user types is in $answer (none: stdin is /dev/null).
answer=
as_user() {
	printf '%s' "$answer" >"$work/stdin"
	{
		su -l "$user" -c "cd memdemo && $1" 2>&1 <"$work/stdin"
		echo $? >"$out.rc"
	} | while IFS= read -r _l; do
		read -r _up _idle </proc/uptime
		printf '%s %s\n' "$_up" "$_l"
	done >"$out.t"
	sed 's/^[^ ]* //' "$out.t" >"$out"
	return "$(cat "$out.rc")"
}

# slow_lines T0: where the last step's time went: each line of its output
# that the next line (or the step's end) followed by SLOW seconds or more,
# with that wait (blank lines do not count). The kernel work a command sets
# off (depmod, an initramfs, a module build) shows as the line before the
# wait.
SLOW=15
slow_lines() {
	awk -v t0="$1" -v end="$(now)" -v slow="$SLOW" '
		function show(t) { if (prev != "" && t - pt >= slow) printf "#   %6.1f s after: %s\n", t - pt, substr(prev, 1, 110) }
		NR == 1 { pt = t0; prev = "(the command starts)" }
		{ t = $1; sub(/^[^ ]*( |$)/, "") }
		$0 != "" { show(t); prev = $0; pt = t }
		END { show(end) }' "$out.t"
}

# user_step CMD [EXPECT_STATUS]: run CMD as the user; one TAP line naming
# it; on a status other than EXPECT_STATUS (0), its output.
user_step() {
	_t0=$(now)
	_rc=0
	as_user "$1" || _rc=$?
	if [ "$_rc" = "${2:-0}" ]; then
		ok "\$ $1  (as $user, $(secs "$_t0") s$([ "$_rc" = 0 ] || echo ", exit $_rc as expected"))"
		slow_lines "$_t0"
	else
		not_ok "\$ $1  (as $user: exit $_rc, expected ${2:-0})"
		tail -n 40 "$out" | sed 's/^/#   /'
		for _l in /var/lib/dkms/memdemo/*/build/make.log; do
			[ -f "$_l" ] || continue
			diag "--- $_l (last 30 lines)"
			tail -n 30 "$_l" | sed 's/^/#   /'
		done
	fi
	return "$_rc"
}

# readme_commands SECTION: the commands of the first ```sh block after
# README's heading SECTION (its text, after the #s), one per line, comments
# removed. A line for another distribution's package manager is printed as
# "#skip <line>"; an alternative README gives in a comment ("# or: CMD")
# follows its command as "#or <CMD>".
readme_commands() {
	awk -v want="$1" '
		!blk && /^#+ / { h = $0; sub(/^#+ /, "", h); if (sec) exit; if (h == want) sec = 1; next }
		sec && !blk && /^```sh$/ { blk = 1; next }
		blk && /^```/ { exit }
		blk {
			alt = ""
			if (match($0, /# or: .*/)) alt = substr($0, RSTART + 6, RLENGTH - 6)
			sub(/[ \t]+#.*$/, "")
			if ($0 ~ /^sudo (dnf|zypper|pacman|yum) /) { print "#skip " $0; next }
			print
			if (alt != "") print "#or " alt
		}' "$here/README.md"
}
SB_SECTION='"Key was rejected by service": Secure Boot and lockdown'
OWN='Build it from the sources'
PKG='Install the package'

# The user's copy of the clone, as `git clone` would leave it.
user_copy() {
	rm -rf "$home/memdemo"
	cp -a "$here" "$home/memdemo"
	chown -R "$user:$user" "$home/memdemo"
}

# journal_errors: messages of priority err and above in this boot's
# journal, one per line (none expected).
journal_errors() {
	journalctl -b -p err -q --no-pager -o short-monotonic 2>/dev/null
}
# The one error the emulation itself causes: the soft-lockup watchdog's
# report when the host leaves a vCPU without time for 20 s and more, as it
# did once to khugepaged during the upgrade, beside the debug lane's four
# busy vCPUs. Set apart and shown, not counted, unless the stuck task is
# one of those that run memdemo's code or the README's commands (insmod,
# modprobe, rmmod, cat, sudo, make, dkms), or a stack trace in this boot's
# kernel log has a function of memdemo's ("[memdemo]").
STARVED='watchdog: BUG: soft lockup - CPU#[0-9]+ stuck for [0-9]+s! \[[^]]*\]$'
OURS='\[(insmod|modprobe|rmmod|cat|sudo|make|dkms):[0-9]+\]$'
journal_check() {
	journal_errors >"$out"
	: >"$out.starved"
	journalctl -b -k -q --no-pager 2>/dev/null | grep -qF '[memdemo]' ||
		grep -E "$STARVED" "$out" | grep -vE "$OURS" >"$out.starved"
	grep -vxF -f "$out.starved" "$out" >"$out.errors"
	if [ -s "$out.starved" ]; then
		diag "the emulated CPU was starved of host time (the watchdog's report, not memdemo's; not counted):"
		sed 's/^/#   /' "$out.starved" | head -n 5
	fi
	if [ -s "$out.errors" ]; then
		not_ok "no error in this boot's journal (journalctl -b -p err)"
		sed 's/^/#   /' "$out.errors" | head -n 30
	else
		ok "no error in this boot's journal (journalctl -b -p err)"
	fi
}

# first_of GLOB...: the first name that exists.
first_of() { for _f in "$@"; do [ -e "$_f" ] && echo "$_f" && return 0; done; }
dkms_ko_of() { first_of "/lib/modules/$1/updates/dkms/memdemo.ko"*; }

# loaded_checks HOW: memdemo is loaded; what a user looks at shows it.
loaded_checks() {
	check "$(grep -q '^memdemo ' /proc/modules; echo $?)" "$1: memdemo is in /proc/modules"
	as_user 'sudo dmesg | grep memdemo'
	check "$(grep -q 'memdemo: alloc name=kmalloc-small ' "$out"; echo $?)" \
		"$1: sudo dmesg | grep memdemo shows memdemo's allocations"
	as_user 'cat /proc/memdemo'
	check "$(grep -q '^# addresses hidden' "$out" && grep -qE '^alloc name=kmalloc-small .* virt=0x0 ' "$out"; echo $?)" \
		"$1: /proc/memdemo read by $user shows 0x0 for addresses and says they are hidden"
	as_user 'sudo cat /proc/memdemo'
	check "$(! grep -q '^# addresses hidden' "$out" && grep -qE '^alloc name=kmalloc-small .* virt=0x[0-9a-f]*[1-9a-f]' "$out"; echo $?)" \
		"$1: sudo cat /proc/memdemo shows the real addresses"
	grep -E '^alloc name=kmalloc-small ' "$out" | head -n 1 | sed 's/^/#   /'
}

# run_block SECTION [STOP]: README's commands of SECTION as the user, in
# order, up to (not including) the first line starting with STOP; checks
# after the commands whose effect a user would look at.
run_block() {
	readme_commands "$1" >$work/block
	while IFS= read -r c; do
		case $c in
		"#skip "*) diag "not run here (another distribution): ${c#\#skip }"; continue ;;
		"#or "*) continue ;;
		esac
		[ -z "${2:-}" ] || case $c in "$2"*) break ;; esac
		if [ "$c" = "make deb" ]; then
			diag "not run here: make deb (built on the host, shipped with the clone)"
			deb_shipped
			continue
		fi
		run_cmd "$c"
	done <$work/block
}

# readme_command SECTION PREFIX: README's command of SECTION that starts
# with PREFIX (it must be there: the test runs what README says).
readme_command() {
	readme_commands "$1" | grep -m1 -F "$2"
}

# run_cmd CMD: one README command as the user, and what it should have done.
# apt asks before it removes a package, and the user answers yes.
run_cmd() {
	rel=$(uname -r)
	case $1 in "sudo apt purge "* | "sudo apt remove "*)
		answer='y
'
		diag "apt will ask before removing; the user answers y" ;;
	esac
	_rc=0
	user_step "$1" || _rc=$?
	answer=
	[ "$_rc" = 0 ] || return 0
	case $1 in
	make)
		check "$(modinfo -F vermagic "$home/memdemo/memdemo.ko" | grep -q "^$rel "; echo $?)" \
			"make built memdemo.ko for the running kernel ($rel)" ;;
	"sudo insmod memdemo.ko" | "sudo modprobe memdemo" | "make load"*)
		loaded_checks "after '$1'" ;;
	"sudo rmmod memdemo" | "make unload")
		check "$([ ! -e /proc/memdemo ] && ! grep -q '^memdemo ' /proc/modules; echo $?)" \
			"after '$1': memdemo is unloaded and /proc/memdemo is gone" ;;
	"make dkms-install")
		check "$(dkms status memdemo -k "$rel" | grep -q ': installed'; echo $?)" \
			"after make dkms-install: dkms status says installed for $rel"
		dkms status memdemo | sed 's/^/#   /' ;;
	"sudo apt install ./"*memdemo-dkms_*.deb)
		cp "$out" "$out.pkg"
		package_checks "$rel" ;;
	"sudo apt purge memdemo-dkms")
		purged_checks ;;
	esac
}

# The package's version, from the file README installs.
pkg_version() {
	readme_command "$PKG" "sudo apt install ./" | sed -nE 's/.*memdemo-dkms_([^_]*)_all\.deb.*/\1/p'
}

# package_checks REL: after README's apt install of memdemo-dkms: dpkg has
# it, its files are the sources DKMS uses, DKMS built and installed it for
# REL.
package_checks() {
	_v=$(pkg_version)
	check "$(dpkg-query -W -f='${db:Status-Abbrev}' memdemo-dkms 2>/dev/null | grep -q '^ii'; echo $?)" \
		"dpkg lists memdemo-dkms as installed ($(dpkg-query -W -f='${Version} ${db:Status-Abbrev}' memdemo-dkms 2>&1))"
	check "$(dpkg-query -S "/usr/src/memdemo-$_v/memdemo.c" 2>/dev/null | grep -q '^memdemo-dkms:'; echo $?)" \
		"/usr/src/memdemo-$_v belongs to the package ($(dpkg-query -S "/usr/src/memdemo-$_v/memdemo.c" 2>&1))"
	check "$(dkms status memdemo -k "$1" | grep -q ": installed"; echo $?)" \
		"the package's DKMS build is installed for $1 (dkms status)"
	dkms status memdemo | sed 's/^/#   /'
	_vs=$(for _d in /var/lib/dkms/memdemo/[0-9]*; do [ ! -d "$_d" ] || printf '%s ' "${_d##*/}"; done)
	check "$([ "$_vs" = "$_v " ]; echo $?)" "one memdemo in DKMS, the package's (versions: ${_vs:-none})"
}

# purged_checks: nothing of memdemo left on the system or in dpkg's database.
purged_checks() {
	_left=$(for _f in /usr/src/memdemo-* /var/lib/dkms/memdemo /var/lib/dpkg/info/memdemo-dkms.*; do
		[ ! -e "$_f" ] || printf '%s ' "$_f"
	done; find /lib/modules /usr/lib/modules -name 'memdemo.ko*' 2>/dev/null | tr '\n' ' ')
	check "$([ -z "$_left" ]; echo $?)" \
		"after apt purge memdemo-dkms: no /usr/src/memdemo-*, no /var/lib/dkms/memdemo, no memdemo.ko under /lib/modules (${_left:-none left})"
	# (dpkg may keep a bare "not-installed" record of a purged package.)
	_st=$(dpkg-query -W -f='${db:Status-Status}' memdemo-dkms 2>/dev/null)
	check "$(case $_st in '' | not-installed) echo 0 ;; *) echo 1 ;; esac)" \
		"after apt purge memdemo-dkms: dpkg's database holds nothing of it (status: ${_st:-no record})"
	check "$([ -z "$(dkms status memdemo 2>/dev/null)" ]; echo $?)" "after apt purge memdemo-dkms: dkms status lists no memdemo"
}

# The .deb README installs, built on the host by make deb (scripts/system-run.sh
# puts it in the payload at build/deb/, where make deb leaves it): make deb
# itself needs the network (apt), which the guest lacks.
deb_shipped() {
	_c=$(readme_command "$PKG" "sudo apt install ./")
	_f=${_c#sudo apt install }
	check "$([ -n "$_c" ] && [ -f "$home/memdemo/$_f" ]; echo $?)" \
		"make deb's package is in the user's copy, from the host ($_f)"
}

# The alternatives README offers in comments: make load PARAMS=... and
# make unload.
run_alternatives() {
	readme_commands "$1" | sed -n 's/^#or //p' | while IFS= read -r c; do
		run_cmd "$c"
	done
}

part_readme() {
	rel=$(uname -r)
	# shellcheck source=/dev/null
	diag "part readme: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $rel, as user $user ($(id "$user"))"
	check "$(mokutil --sb-state 2>&1 | grep -q 'SecureBoot disabled'; echo $?)" "Secure Boot is off ($(mokutil --sb-state 2>&1 | head -n 1))"
	journal_check
	user_copy
	run_block "$OWN"
	run_alternatives "$OWN"
	# DKMS: README's commands up to its removal, which comes after the
	# upgrade.
	run_block "DKMS" "make dkms-remove"
	run_cmd "$(readme_command "$OWN" "sudo rmmod")"
	ko=$(dkms_ko_of "$rel")
	check "$([ -n "$ko" ]; echo $?)" "DKMS installed memdemo.ko for $rel (${ko:-none})"

	# README's package commands up to its purge (after the upgrade), over
	# make dkms-install's memdemo of the same version: the package wins,
	# and says so.
	run_block "$PKG" "sudo apt purge"
	v=$(pkg_version)
	check "$(grep -q "memdemo $v is in DKMS from make dkms-install; the package replaces it" "$out.pkg" 2>/dev/null; echo $?)" \
		"installed over make dkms-install's memdemo $v, the package says it replaces it"
	grep -E '^memdemo-dkms:' "$out.pkg" 2>/dev/null | sed 's/^/#   /'
	check "$(modinfo -n memdemo | grep -q "^/.*lib/modules/$rel/updates/dkms/memdemo.ko"; echo $?)" \
		"modprobe loaded the package's DKMS build for $rel ($(modinfo -n memdemo))"

	# A newer kernel arrives, as an upgrade brings it: image and headers.
	new=$(basename "$(first_of "$upgrade"/linux-image-[0-9]*.deb)" | sed -nE 's/^linux-image-([^_]*)_.*/\1/p')
	echo "$new" >"$state/new-release"
	diag "installing the newer kernel $new with apt from $upgrade: $(cd "$upgrade" && echo ./*.deb)"
	user_step "sudo apt-get install -y $upgrade/*.deb"
	grep -iE 'dkms|memdemo|error' "$out" | head -n 20 | sed 's/^/#   /'
	ko=$(dkms_ko_of "$new")
	check "$([ -n "$ko" ]; echo $?)" "DKMS built and installed memdemo for the new kernel $new on its own (${ko:-none})"
	check "$(dkms status memdemo -k "$new" | grep -q ': installed'; echo $?)" "dkms status: memdemo installed for $new"
	dkms status memdemo | sed 's/^/#   /'
	check "$(grep -m1 -E '^[[:space:]]*linux[[:space:]]' /boot/grub/grub.cfg | grep -q "vmlinuz-$new"; echo $?)" \
		"update-grub made $new the default boot entry"
	journal_check
	echo upgraded >"$state/phase"
	finish readme reboot
}

part_upgraded() {
	rel=$(uname -r)
	new=$(cat "$state/new-release")
	is_rel=1
	[ "$rel" = "$new" ] && is_rel=0
	check "$is_rel" "booted into the new kernel ($rel; expected $new)"
	user_copy
	run_cmd "$(readme_command "$PKG" "sudo modprobe")"
	check "$(modinfo -n memdemo | grep -q "^/.*lib/modules/$rel/updates/dkms/memdemo.ko"; echo $?)" \
		"modprobe loaded the package's DKMS build for $rel, made during the upgrade ($(modinfo -n memdemo))"
	run_cmd "$(readme_command "$PKG" "sudo rmmod")"
	n=$(dkms status memdemo | grep -c ': installed')
	check "$([ "$n" = 2 ]; echo $?)" "dkms status lists memdemo installed for both kernels ($n)"
	dkms status memdemo | sed 's/^/#   /'
	# The package wins: README's make dkms-install and make dkms-remove
	# stop, naming the package, and change nothing (make's status 2: its
	# recipe failed).
	for c in "$(readme_command DKMS "make dkms-install")" "$(readme_command DKMS "make dkms-remove")"; do
		before=$(dkms status memdemo 2>&1)
		user_step "$c" 2
		check "$(grep -q 'memdemo-dkms' "$out" && grep -qF 'sudo apt purge memdemo-dkms' "$out" &&
			grep -q 'Nothing was changed' "$out"; echo $?)" \
			"with the package installed, '$c' stops and names it: $(head -n 1 "$out")"
		check "$([ "$(dkms status memdemo 2>&1)" = "$before" ] && [ -z "$(dpkg --verify memdemo-dkms 2>&1)" ]; echo $?)" \
			"'$c' changed nothing: dkms status as before, dpkg --verify memdemo-dkms finds every file as installed"
	done
	run_cmd "$(readme_command "$PKG" "sudo apt purge")"
	journal_check
	echo finished >"$state/phase"
	finish upgraded poweroff
}

# The refusal README quotes for an unsigned module under Secure Boot
# ("insmod: ERROR: could not insert module memdemo.ko: Key was rejected by
# service"): its words after the module's name.
readme_refusal() {
	# shellcheck disable=SC2016 # README's backquotes
	tr '\n' ' ' <"$here/README.md" | grep -o '`insmod: ERROR: [^`]*`' | head -n 1 |
		sed -E 's/^`insmod: ERROR: could not insert module [^:]*: //; s/`$//'
}

part_secure() {
	rel=$(uname -r)
	check "$(mokutil --sb-state 2>&1 | grep -q 'SecureBoot enabled'; echo $?)" "Secure Boot is on ($(mokutil --sb-state 2>&1 | head -n 1))"
	diag "lockdown: $(cat /sys/kernel/security/lockdown 2>/dev/null)"
	journal_check
	refusal=$(readme_refusal)
	check "$([ -n "$refusal" ]; echo $?)" "README quotes the refusal of an unsigned module (${refusal:-none found})"
	user_copy
	run_cmd make
	# README's own command, refused, with the words README quotes.
	c=$(readme_command "$OWN" "sudo insmod")
	user_step "$c" 1
	check "$(grep -qF "$refusal" "$out"; echo $?)" "with Secure Boot on, '$c' is refused: $(head -n 1 "$out")"
	check "$([ ! -e /proc/memdemo ]; echo $?)" "nothing of memdemo is loaded"
	# README's way out: DKMS signs its build with its own key, which the
	# firmware does not trust yet.
	run_cmd "$(readme_command "$SB_SECTION" "make dkms-install")"
	diag "DKMS's key: $(openssl x509 -inform DER -in /var/lib/dkms/mok.pub -noout -subject 2>&1)"
	check "$(modinfo -F signer "$(dkms_ko_of "$rel")" 2>/dev/null | grep -q .; echo $?)" \
		"DKMS signed memdemo.ko (signer: $(modinfo -F signer "$(dkms_ko_of "$rel")" 2>/dev/null))"
	c=$(readme_command "$SB_SECTION" "sudo modprobe")
	user_step "$c" 1
	check "$(grep -qF "$refusal" "$out"; echo $?)" "before its key is enrolled, '$c' is refused: $(head -n 1 "$out")"
	# README: enroll DKMS's key with mokutil --import, then reboot into the
	# MOK manager. mokutil asks for a password twice on a terminal, and
	# flushes what was typed before it asked: script(1) gives it a
	# terminal, the password comes a few seconds after each question.
	c=$(readme_command "$SB_SECTION" "sudo mokutil --import")
	check "$([ -n "$c" ]; echo $?)" "README says how to enroll DKMS's key (${c:-no mokutil line})"
	_rc=0
	{ sleep 5; echo memdemo; sleep 5; echo memdemo; sleep 5; } |
		su -l "$user" -c "script -qec '$c' /dev/null" >"$out" 2>&1 || _rc=$?
	check "$_rc" "\$ $c  (as $user, password typed twice)"
	[ "$_rc" = 0 ] || sed 's/^/#   /' "$out" | tail -n 10
	check "$(mokutil --list-new 2>/dev/null | grep -q 'DKMS'; echo $?)" "mokutil --list-new shows DKMS's key waiting for the MOK manager"
	echo enrolled >"$state/phase"
	finish secure reboot
}

part_enrolled() {
	rel=$(uname -r)
	check "$(mokutil --test-key /var/lib/dkms/mok.pub 2>&1 | grep -q 'already enrolled'; echo $?)" \
		"after the MOK manager, DKMS's key is enrolled ($(mokutil --test-key /var/lib/dkms/mok.pub 2>&1 | head -n 1))"
	user_copy
	run_cmd "$(readme_command "$SB_SECTION" "sudo modprobe")"
	check "$(modinfo -n memdemo | grep -q "^/.*lib/modules/$rel/updates/dkms/memdemo.ko"; echo $?)" \
		"with Secure Boot on, modprobe loaded DKMS's signed build ($(modinfo -n memdemo))"
	run_cmd "$(readme_command "$OWN" "sudo rmmod")"
	c=$(readme_command DKMS "make dkms-remove")
	check "$([ -n "$c" ]; echo $?)" "README's DKMS section says how to remove memdemo (${c:-no make dkms-remove line})"
	user_step "${c:-make dkms-remove}"
	check "$([ -z "$(dkms status memdemo)" ] && [ ! -d /var/lib/dkms/memdemo ]; echo $?)" \
		"after make dkms-remove: dkms status lists nothing, /var/lib/dkms/memdemo is gone"
	left=$(for f in /lib/modules/*/updates/dkms/memdemo.ko* /usr/src/memdemo-*; do [ ! -e "$f" ] || printf '%s ' "$f"; done)
	check "$([ -z "$left" ]; echo $?)" "after make dkms-remove: no memdemo.ko under /lib/modules, no /usr/src/memdemo-* (${left:-none left})"

	# The package under Secure Boot: DKMS signs its build with the key
	# enrolled above, and it loads.
	run_cmd "$(readme_command "$PKG" "sudo apt install ./")"
	ko=$(dkms_ko_of "$rel")
	signer=$(modinfo -F signer "$ko" 2>/dev/null)
	keycn=$(openssl x509 -inform DER -in /var/lib/dkms/mok.pub -noout -subject 2>/dev/null | sed -n 's/.*CN *= *//p')
	check "$([ -n "$signer" ] && [ "$signer" = "$keycn" ]; echo $?)" \
		"the package's memdemo.ko is signed with DKMS's key (signer: ${signer:-none}; key: ${keycn:-none})"
	c=$(readme_command "$PKG" "sudo modprobe")
	run_cmd "$c"
	check "$(grep -q '^memdemo ' /proc/modules && modinfo -n memdemo | grep -q "^/.*lib/modules/$rel/updates/dkms/memdemo.ko"; echo $?)" \
		"with Secure Boot on and DKMS's key enrolled, '$c' loads the package's signed build ($(modinfo -n memdemo))"
	run_cmd "$(readme_command "$PKG" "sudo rmmod")"
	dkms_autopkgtest
	journal_check
	echo finished >"$state/phase"
	finish enrolled poweroff
}

# dkms_autopkgtest: Debian's own test of a DKMS package (what
# "Testsuite: autopkgtest-pkg-dkms" runs in Debian's CI), as root on the
# package README installs: it purges and reinstalls it with apt, by name,
# then builds and installs it for every kernel that has headers. apt
# finds it by name in a local repository of that one file (the guest has
# no network).
dkms_autopkgtest() {
	_c=$(readme_command "$PKG" "sudo apt install ./")
	_repo=/var/lib/memdemo-repo
	rm -rf "$_repo"
	mkdir -p "$_repo"
	cp "$home/memdemo/${_c#sudo apt install }" "$_repo/"
	(cd "$_repo" && dpkg-scanpackages . /dev/null >Packages 2>/dev/null)
	echo "deb [trusted=yes] file:$_repo ./" >/etc/apt/sources.list.d/memdemo-local.list
	apt-get -q update -o Dir::Etc::SourceList=/etc/apt/sources.list.d/memdemo-local.list \
		-o Dir::Etc::SourceParts=- -o APT::Get::List-Cleanup=0 >"$out" 2>&1
	_t0=$(now)
	_rc=0
	(cd "$work" && AUTOPKGTEST_ARTIFACTS=$work /usr/lib/dkms/dkms-autopkgtest memdemo-dkms) >"$out" 2>&1 </dev/null || _rc=$?
	check "$_rc" "Debian's DKMS test passes: /usr/lib/dkms/dkms-autopkgtest memdemo-dkms (as root, $(secs "$_t0") s, exit $_rc)"
	check "$(grep -q "^I: PASS .*$(uname -r)\$" "$out"; echo $?)" \
		"Debian's DKMS test built and installed memdemo for $(uname -r) ($(grep -E '^I: (PASS|FAIL|SKIP) ' "$out" | tr '\n' ' '))"
	[ "$_rc" = 0 ] || tail -n 40 "$out" | sed 's/^/#   /'
	rm -f /etc/apt/sources.list.d/memdemo-local.list
}

finish() {
	sync
	echo "MEMDEMO-PART $1 $failed"
	sleep 1
	systemctl "$2" --no-block
}

phase=$(cat "$state/phase" 2>/dev/null || echo first)
if [ "$phase" = first ]; then
	phase=readme
	! mokutil --sb-state 2>&1 | grep -q 'SecureBoot enabled' || phase=secure
fi
case $phase in
readme) part_readme ;;
upgraded) part_upgraded ;;
secure) part_secure ;;
enrolled) part_enrolled ;;
*) diag "nothing left to do (phase $phase)"; finish none poweroff ;;
esac
