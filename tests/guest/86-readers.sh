# shellcheck shell=sh
# SPDX-License-Identifier: GPL-2.0
# Concurrency, on guests with at least 4 CPUs (the lanes whose row in
# scripts/lanes gives 4; skipped elsewhere): 8 readers cat /proc/memdemo in a loop for
# 10 s while a writer drives the lab (alloc kmalloc / vmalloc / pages, free
# all) and a third party unloads and reloads memdemo. A reader or writer
# that finds /proc/memdemo gone (ENOENT, or EIO on a file opened before the
# unload) is fine; what must not happen is a splat (the host scans the
# console; this test also scans the kernel log), a hung task, a short read
# (a complete read ends with the [bench] section), or a module that will
# not unload or leaves something behind at the end.

READERS=8
SECS=10
ncpu=$(grep -c '^processor' /proc/cpuinfo)
if [ "$ncpu" -lt 4 ]; then
	skip "$READERS concurrent readers with lab writes and reloads" "needs 4 CPUs, this guest has $ncpu"
	exit 0
fi
memdemo_loaded || load_memdemo || { not_ok "memdemo loads for the readers"; exit 0; }
echo 1 >/proc/sys/kernel/kptr_restrict
dmesg_mark
rm -f /tmp/md.rd.*

# Seconds since boot, without a fork.
now_s() {
	read -r _up _ </proc/uptime
	echo "${_up%.*}"
}
# go: wait until every worker has been started (forking eight readers takes
# seconds on a debug kernel), then run for SECS from there.
go() {
	while [ ! -e /tmp/md.rd.go ]; do
		sleep 1
	done
	end=$(($(now_s) + SECS))
}
more() {
	read -r _up _ </proc/uptime
	[ "${_up%.*}" -lt "$end" ]
}

# reader I: counts complete reads, reads of a missing file, and other outcomes.
reader() {
	_o=/tmp/md.rd.out.$1 _e=/tmp/md.rd.err.$1
	_ok=0 _gone=0 _short=0 _other=0
	go
	while more; do
		if cat /proc/memdemo >"$_o" 2>"$_e"; then
			if grep -q '^\[bench\]' "$_o"; then
				_ok=$((_ok + 1))
			elif [ -s "$_o" ]; then
				_short=$((_short + 1))
				cp "$_o" "/tmp/md.rd.short.$1"
			else
				_gone=$((_gone + 1))
			fi
		elif grep -qE 'No such file|Input/output error' "$_e"; then
			_gone=$((_gone + 1))
		else
			_other=$((_other + 1))
			cat "$_e" >>/tmp/md.rd.othererr
		fi
	done
	echo "$_ok $_gone $_short $_other" >"/tmp/md.rd.res.$1"
}

# writer: the lab's commands, round and round.
writer() {
	_ok=0 _refused=0
	go
	while more; do
		for c in "alloc kmalloc 4096" "alloc vmalloc 64K" "alloc pages order=2" \
			"alloc kzalloc 100" "alloc kmem_cache" "free all"; do
			# (the braces catch the shell's own complaint when the
			# file is gone: it comes from the redirection)
			if { echo "$c" >/proc/memdemo; } 2>/dev/null; then
				_ok=$((_ok + 1))
			else
				_refused=$((_refused + 1))
			fi
		done
	done
	echo "$_ok $_refused" >/tmp/md.rd.writer
}

# reloader: unload and load again, with a pause so readers see both states.
reloader() {
	_cycles=0 _fail=0
	go
	while more; do
		sleep 1
		if unload_memdemo 2>>/tmp/md.rd.reload.err && load_memdemo 2>>/tmp/md.rd.reload.err; then
			_cycles=$((_cycles + 1))
		else
			_fail=$((_fail + 1))
			memdemo_loaded || load_memdemo 2>>/tmp/md.rd.reload.err
		fi
	done
	echo "$_cycles $_fail" >/tmp/md.rd.reloader
}

writer &
reloader &
i=0
while [ $i -lt $READERS ]; do
	reader $i &
	i=$((i + 1))
done
touch /tmp/md.rd.go
wait

reads=0 gone=0 short=0 other=0
i=0
while [ $i -lt $READERS ]; do
	read -r a b c d </tmp/md.rd.res.$i || { a=0 b=0 c=0 d=1; }
	reads=$((reads + a)) gone=$((gone + b)) short=$((short + c)) other=$((other + d))
	i=$((i + 1))
done
read -r w_ok w_refused </tmp/md.rd.writer || w_ok=0
read -r r_cycles r_fail </tmp/md.rd.reloader || r_cycles=0

check "$READERS readers made complete reads ($reads)" test "$reads" -gt 0
if [ "$short" = 0 ] && [ "$other" = 0 ]; then
	ok "no reader got a truncated read or an unexpected error"
else
	not_ok "no reader got a truncated read or an unexpected error" \
		"truncated: $short, other errors: $other" \
		"$(sort -u /tmp/md.rd.othererr 2>/dev/null | head -n 5)" \
		"$(tail -n 3 /tmp/md.rd.short.* 2>/dev/null | head -n 10)"
fi
check "the lab took writes meanwhile ($w_ok)" test "${w_ok:-0}" -gt 0
if [ "${r_fail:-1}" = 0 ]; then
	ok "memdemo was unloaded and reloaded $r_cycles times under the readers"
else
	not_ok "memdemo was unloaded and reloaded under the readers" \
		"cycles: $r_cycles, failures: $r_fail" "$(sort -u /tmp/md.rd.reload.err | head -n 5)"
fi
splat=$(dmesg_since | grep -E "$(md_splats)" | head -n 10)
is "no splat in the kernel log" "${splat:-none}" none
memdemo_loaded || load_memdemo
check "memdemo unloads at the end" unload_memdemo
is "nothing of memdemo in /proc/vmallocinfo" "$(grep -c '\[memdemo\]' /proc/vmallocinfo)" 0
diag "concurrency: $READERS readers for $SECS s on $ncpu CPUs: $reads complete reads, $gone found /proc/memdemo gone; lab: $w_ok writes taken, ${w_refused:-0} refused (module away or lab full); $r_cycles unload/reload cycles"
