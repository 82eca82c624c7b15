#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The CI workflows (.github/workflows/), checked where there is no GitHub:
# yamllint, a schema check of workflow files (action-validator, from the
# npm registry; scripts/deps.sh installs it into the cache), and the full
# tier's matrix against the lane table: every lane is a job, and a row added
# to the table becomes a job with no other edit. Unnumbered TAP lines.
set -uo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../../scripts/lib.sh"
# shellcheck source=scripts/lib-lanes.sh
. "$(dirname "$0")/../../scripts/lib-lanes.sh"
cd "$MEMDEMO_TOP" || exit 1
result() { tap_result "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

wf=(.github/workflows/*.yml)
yamllint -f parsable -d '{extends: default, rules: {line-length: {max: 120}, document-start: disable, truthy: {check-keys: false}}}' \
	"${wf[@]}" >"$tmp/yamllint.log" 2>&1
result "$?" "workflow: yamllint finds nothing in ${wf[*]}" "$tmp/yamllint.log"

av=$MEMDEMO_CACHE/npm/node_modules/.bin/action-validator
for f in "${wf[@]}"; do
	if [ -x "$av" ]; then
		"$av" "$f" >"$tmp/av.log" 2>&1
		result "$?" "workflow: $f is a valid GitHub Actions workflow (action-validator)" "$tmp/av.log"
	else
		tap_not_ok "workflow: action-validator is installed ($av; scripts/deps.sh --all)"
	fi
done

# The matrix is the table: make lanes-json names exactly the table's lanes,
# and the full tier's workflow takes its matrix from it and nothing else.
json=$(scripts/lanes-json.sh)
got=$(grep -o '"lane":"[^"]*"' <<<"$json" | cut -d'"' -f4)
result "$([ "$got" = "$(lane_names)" ]; echo $?)" \
	"workflow: make lanes-json lists the $(lane_names | wc -l) lanes of scripts/lanes, in order"
f=.github/workflows/check-all.yml
# shellcheck disable=SC2016 # the workflow's own expressions, literally
result "$(grep -q 'make -s lanes-json TIER=full' "$f" &&
	grep -q 'matrix: ${{ fromJson(needs.lanes.outputs.matrix) }}' "$f" &&
	grep -q 'make check-all LANES="${{ matrix.lane }}"' "$f" &&
	! grep -qE '^ *- *(lane|name): *[0-9]' "$f"; echo $?)" \
	"workflow: $f's matrix comes from make lanes-json and names no lane itself"
# A row added to a scratch copy of the table is a job more.
cp "$MEMDEMO_LANES_FILE" "$tmp/lanes"
echo "9.9-scratch test - amd64 bookworm 6.1 amd64 512M 2 300 ttyS0 ttyS1 -" >>"$tmp/lanes"
result "$(MEMDEMO_LANES_FILE=$tmp/lanes scripts/lanes-json.sh | grep -q '"lane":"9.9-scratch"'; echo $?)" \
	"workflow: a row added to a copy of scripts/lanes is a job of the matrix"
# The quick tier's workflow runs README's command.
result "$(grep -q 'run: make check' .github/workflows/check.yml; echo $?)" \
	"workflow: .github/workflows/check.yml runs make check"
