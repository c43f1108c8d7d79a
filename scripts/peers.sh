#!/usr/bin/env bash
# peers.sh — time a terminal table viewer the way a person sees it, in tmux.
#
# Starts CMD in a detached tmux session (200x60 by default) on a private
# socket, then runs the given steps in order. A step sends keys (tmux
# send-keys names, space-separated; "" for none) and, if it has a pattern,
# polls `tmux capture-pane -p` every ~5 ms until the screen matches the
# pattern (a bash extended regex), recording the time since the keys were
# sent (since the previous step's end for a step without keys) and since
# launch. The medians use the time since the keys for a step with keys, and
# the time since launch for one without. A step with an empty pattern only
# waits -s seconds (for moving a cursor before a timed step). After the steps it
# reads the program's peak RSS (VmHWM) and sends the quit keys; CMD runs
# under /usr/bin/time, whose maximum RSS is kept as a cross-check.
#
# Usage:
#   scripts/peers.sh [options] --step NAME KEYS PATTERN [--step ...] -- CMD [ARG...]
# Options:
#   -n RUNS      runs, the median is reported (default 3)
#   -t SECONDS   give up on a step after this long (default 120)
#   -q KEYS      keys that quit the program (default "q")
#   -l LABEL     label for the result lines (default: CMD's basename)
#   -o FILE      append result lines (TSV) to FILE
#   -s SECONDS   settle time for steps without a pattern, and before each
#                timed step's keys (default 0.3)
#   -x COLS -y ROWS   terminal size (default 200x60)
#   -k           keep the last run's final screen in $TMPDIR/peers-screen.txt
#
# Example (labdash, sort the 9th column descending, jump to the top):
#   scripts/peers.sh -l labdash \
#     --step first  "" 'Atlas-0 ' \
#     --step loaded "" 'Models 100000 of 100000' \
#     --step move   "l l l l l l l l" "" \
#     --step sort   "] g" '199,990' \
#     -- target/release/labdash /tmp/m100k.toml
#
# Output: one line per run and step, then the medians, e.g.
#   labdash  run 1  first  ms_since_keys 412  ms_since_launch 412
#   labdash  median of 3:  first 412 ms ...  peak_rss_kb 123456
# Times include tmux's own latency (a capture costs ~1-3 ms) and the
# program's time to draw; they are wall-clock, taken with $EPOCHREALTIME.

set -u

RUNS=3 TIMEOUT=120 QUIT="q" LABEL="" OUT="" SETTLE=0.3 COLS=200 ROWS=60 KEEP=0
STEP_NAMES=() STEP_KEYS=() STEP_PATS=()
while (($#)); do
  case $1 in
    -n) RUNS=$2; shift 2 ;;
    -t) TIMEOUT=$2; shift 2 ;;
    -q) QUIT=$2; shift 2 ;;
    -l) LABEL=$2; shift 2 ;;
    -o) OUT=$2; shift 2 ;;
    -s) SETTLE=$2; shift 2 ;;
    -x) COLS=$2; shift 2 ;;
    -y) ROWS=$2; shift 2 ;;
    -k) KEEP=1; shift ;;
    --step) STEP_NAMES+=("$2"); STEP_KEYS+=("$3"); STEP_PATS+=("$4"); shift 4 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,40p' "$0"; exit 0 ;;
    *) echo "peers.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
(($#)) || { echo "peers.sh: no command (put it after --)" >&2; exit 2; }
[[ -n $LABEL ]] || LABEL=$(basename "$1")
TMPDIR=${TMPDIR:-/tmp}

SOCK=peers                       # private tmux socket: tmux -L peers
T() { tmux -L "$SOCK" "$@"; }
now_us() { echo "${EPOCHREALTIME/./}"; }
# Sleep without forking: read from a pipe that never has data.
exec {NAPFD}<> <(:)
nap() { read -r -t "$1" -u "$NAPFD" _ || true; }

# A keeper session holds the tmux server up, so a run's launch time does not
# include starting the server; the server is ended on exit if this run started it.
if ! T has-session -t keeper 2>/dev/null; then
  T new-session -d -s keeper -x "$COLS" -y "$ROWS" "sleep 86400"
  trap 'T kill-server 2>/dev/null' EXIT
fi

CMDLINE=$(printf '%q ' "$@")
declare -A TIMES                 # TIMES[step] = "ms ms ms" across runs
RSS_LIST=() TIME_RSS_LIST=()

echo "# $LABEL: $CMDLINE"
echo "# nproc $(nproc); load at start:$(uptime | sed 's/.*load average//')"

median() { # prints the median of numeric args, or "timeout" if any timed out
  local a=("$@") x
  for x in "${a[@]}"; do [[ $x == timeout ]] && { echo timeout; return; }; done
  printf '%s\n' "${a[@]}" | sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'
}

for ((run = 1; run <= RUNS; run++)); do
  sess="run$$_$run"
  rssf="$TMPDIR/peers-rss.$$.$run"
  rm -f "$rssf"
  t0=$(now_us)
  T new-session -d -s "$sess" -x "$COLS" -y "$ROWS" "exec /usr/bin/time -f %M -o $rssf $CMDLINE"
  pane_pid=$(T display-message -p -t "$sess" '#{pane_pid}')
  failed=0
  for i in "${!STEP_NAMES[@]}"; do
    name=${STEP_NAMES[$i]} keys=${STEP_KEYS[$i]} pat=${STEP_PATS[$i]}
    if ((failed)); then TIMES[$name]+="timeout "; continue; fi
    [[ -n $pat && -n $keys ]] && nap "$SETTLE"
    ts=$(now_us)
    # shellcheck disable=SC2086  # keys are space-separated tmux key names
    [[ -n $keys ]] && T send-keys -t "$sess" $keys
    if [[ -z $pat ]]; then nap "$SETTLE"; continue; fi
    deadline=$((ts + TIMEOUT * 1000000))
    while :; do
      screen=$(T capture-pane -p -t "$sess" 2>/dev/null) || { failed=1; break; }
      [[ $screen =~ $pat ]] && break
      (($(now_us) > deadline)) && { failed=1; break; }
      nap 0.005
    done
    te=$(now_us)
    if ((failed)); then
      echo "$LABEL  run $run  $name  timeout after $(((te - ts) / 1000)) ms (or the program exited)"
      TIMES[$name]+="timeout "
      [[ -n $OUT ]] && printf '%s\t%s\t%s\ttimeout\t\n' "$LABEL" "$run" "$name" >>"$OUT"
    else
      k=$(((te - ts) / 1000)) l=$(((te - t0) / 1000))
      echo "$LABEL  run $run  $name  ms_since_keys $k  ms_since_launch $l"
      # The median uses the time since the step's keys, or since launch for a step without keys.
      if [[ -n $keys ]]; then TIMES[$name]+="$k "; else TIMES[$name]+="$l "; fi
      [[ -n $OUT ]] && printf '%s\t%s\t%s\t%s\t%s\n' "$LABEL" "$run" "$name" "$k" "$l" >>"$OUT"
    fi
  done
  # Peak RSS of the program (the child of /usr/bin/time), read before quitting.
  child=$(pgrep -P "$pane_pid" | head -1)
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$child/status" 2>/dev/null)
  RSS_LIST+=("${hwm:-0}")
  ((KEEP)) && T capture-pane -p -t "$sess" >"$TMPDIR/peers-screen.txt" 2>/dev/null
  # shellcheck disable=SC2086
  T send-keys -t "$sess" $QUIT 2>/dev/null
  for _ in $(seq 200); do T has-session -t "$sess" 2>/dev/null || break; nap 0.05; done
  if T has-session -t "$sess" 2>/dev/null; then   # did not quit: end it
    [[ -n $child ]] && kill "$child" 2>/dev/null
    nap 1; T kill-session -t "$sess" 2>/dev/null
  fi
  trss=$(tail -1 "$rssf" 2>/dev/null); rm -f "$rssf"
  TIME_RSS_LIST+=("${trss:-?}")
  echo "$LABEL  run $run  peak_rss_kb ${hwm:-?} (VmHWM)  ${trss:-?} (/usr/bin/time %M)"
  [[ -n $OUT ]] && printf '%s\t%s\tpeak_rss_kb\t%s\t%s\n' "$LABEL" "$run" "${hwm:-}" "${trss:-}" >>"$OUT"
  nap 1
done

line="$LABEL  median of $RUNS:"
for i in "${!STEP_NAMES[@]}"; do
  name=${STEP_NAMES[$i]}
  [[ -n ${STEP_PATS[$i]} ]] || continue
  # shellcheck disable=SC2086
  line+="  $name $(median ${TIMES[$name]}) ms"
done
line+="  peak_rss_kb $(median "${RSS_LIST[@]}")"
echo "$line"
echo "# load at end:$(uptime | sed 's/.*load average//')"
