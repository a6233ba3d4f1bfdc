#!/usr/bin/env bash
# Runs two podium binaries on the same months with a fixed SOURCE_DATE_EPOCH and compares the
# published folders and the messages byte for byte (issue "Ahead of every peer", target 5).
#
#   bench/same-output.sh BASE_BINARY NEW_BINARY [MONTH_DIR[:PLAN] ...]
#
# Without months: the example month and a `podium sample` month (made with NEW_BINARY). Each
# binary finds its templates as it always does (next to it, or templates/ here). Exit 0 when
# every folder is the same, 1 at the first difference (diff -r prints it).
set -euo pipefail
base=$1 new=$2; shift 2
work=$(mktemp -d "${TMPDIR:-/tmp}/podium-same.XXXXXX")
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1793491200}
period=${PERIOD:-2026-10}
months=("$@")
if [ ${#months[@]} -eq 0 ]; then
  "$new" sample --agents 3000 --sales 60000 --period "$period" --out "$work/sample" >/dev/null 2>&1
  months=("examples/$period" "$work/sample")
fi
n=0
for spec in "${months[@]}"; do
  dir=${spec%%:*} plan=
  [ "$spec" != "$dir" ] && plan=${spec#*:}
  n=$((n + 1))
  for side in base new; do
    bin=$base; [ $side = new ] && bin=$new
    # both write to the same path (the messages name it), then the folder is moved aside
    args=(run --input "$dir" --period "$period" --output "$work/out")
    [ -n "$plan" ] && args+=(--plan "$plan")
    "$bin" "${args[@]}" >/dev/null 2>"$work/raw.err" || { rc=$?; [ $rc -eq 65 ] || { cat "$work/raw.err"; exit $rc; }; }
    # the run's elapsed time at the end of the summary line is the one thing allowed to differ
    sed -E 's/, [0-9]+\.[0-9]+ s$//' "$work/raw.err" > "$work/$side$n.err"
    mv "$work/out" "$work/$side$n"
  done
  diff -r "$work/base$n" "$work/new$n" >&2 || { echo "DIFFERENT: $spec" >&2; exit 1; }
  diff "$work/base$n.err" "$work/new$n.err" >&2 || { echo "DIFFERENT messages: $spec" >&2; exit 1; }
  echo "same: $spec ($(find "$work/new$n" -type f | wc -l) files, $(wc -l < "$work/new$n.err") message lines)"
done
