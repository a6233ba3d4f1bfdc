#!/bin/sh
# Cron wrapper: close last month (month N reads month N-1 from the same OUTPUT folder) and mail
# payouts.csv and payouts.xlsx to finance — only when the run succeeded.
#
#   0 2 1 * *  /opt/podium/scripts/monthly-close.sh /data/exports/latest /srv/podium finance@example.com >>/var/log/podium.log 2>&1
#
# Exit status is podium's (0 done, 65 data errors, 66 input missing, 73 output, 75 locked, 78 plan).
set -u
INPUT=$1 OUTPUT=$2 TO=$3
FROM=${PODIUM_MAIL_FROM:-podium@$(hostname)}
PODIUM=${PODIUM:-podium}
SENDMAIL=${SENDMAIL:-sendmail}

paths=$("$PODIUM" run --input "$INPUT" --output "$OUTPUT" --print-paths --wait 600)
status=$?
if [ "$status" -ne 0 ]; then
  echo "monthly-close: podium run failed with exit $status; nothing mailed" >&2
  exit "$status"
fi
payouts=$(printf '%s\n' "$paths" | grep '/payouts\.csv$')
folder=$(dirname "$payouts")
message=$(mktemp) || exit 73
trap 'rm -f "$message"' EXIT
"$PODIUM" mail "$folder" --from "$FROM" --to "$TO" >"$message" || exit $?
"$SENDMAIL" -t <"$message"
