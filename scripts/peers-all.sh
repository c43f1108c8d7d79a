#!/usr/bin/env bash
# The peer comparison in BENCHMARKS.md: labdash on the TOML; tabiew, csvlens and VisiData on the CSV of
# the same rows (and VisiData on the TOML), each timed in tmux by scripts/peers.sh.
#
# Needs: target/release/labdash and examples/gen (`cargo build --release --examples`), and the
# peers on PATH or given as TABIEW=… CSVLENS=… VD=… (e.g. `cargo install tabiew --version
# 0.15.1`, `cargo install csvlens --version 0.15.1`, `pip install visidata==3.4`). Writes data
# to $DIR (default /tmp/peers) and results (TSV) to $DIR/results.tsv. Slow: the 1M-model runs
# take several minutes (SIZES=100000 for 100k only).
set -u
cd "$(dirname "$0")/.."
DIR=${DIR:-/tmp/peers}
P=scripts/peers.sh
R=$DIR/results.tsv
L=target/release/labdash
C=${CSVLENS:-csvlens}
T=${TABIEW:-tw}
VD=${VD:-vd}
VD="env HOME=$DIR/vdhome $VD --motd-url="
L8="l l l l l l l l"
mkdir -p "$DIR/vdhome"
for n in ${SIZES:-100000 1000000}; do
    [ -f "$DIR/m$n.toml" ] || target/release/examples/gen --models $n --out "$DIR/m$n.toml"
    [ -f "$DIR/m$n.csv" ] || $L export "$DIR/m$n.toml" --view models --format csv > "$DIR/m$n.csv"
done
# The unique largest chips figure in each file: the top row once sorted descending.
top() { [ "$1" = 100000 ] && echo 199,990 || echo 199,997; }
for n in ${SIZES:-100000 1000000}; do
    t=$(top $n); raw=${t/,/}
    $P -o $R -t 300 -l labdash/toml/$n --step first "" 'Atlas-0 ' --step loaded "" "Models $n of $n" \
       --step move "$L8" "" --step sort "] g" "[^0-9,]$t[^0-9,]" -- $L "$DIR/m$n.toml"
    $P -o $R -t 300 -l tabiew/csv/$n -q "Q" --step first "" 'Atlas-0 ' --step loaded "" "Shape +$n x 16" \
       --step sort ": o Space c h i p s Space d e s c Enter" "[^0-9]$raw[^0-9]" -- $T "$DIR/m$n.csv"
    $P -o $R -t 300 -l csvlens/csv/$n --step first "" 'Atlas-0 ' --step loaded "" "Row 1/$n," \
       --step move "Tab $L8" "" --step sort "J J" "[^0-9]$raw[^0-9]" -- $C "$DIR/m$n.csv"
    $P -o $R -t 90 -l visidata/csv/$n -q "g q" --step first "" 'Atlas-0 ' --step loaded "" "m$n\\| +$n rows" \
       --step move "$L8 #" "" --step sort "]" "│ $raw │" -- $VD "$DIR/m$n.csv"
    $P -o $R -t 90 -n 1 -l visidata/toml/$n -q "g q" -s 0.1 --step top "" "\\[$n\\] \\{" \
       --step first "l l l z Enter" 'Atlas-0 ' --step move "l l l l l l l" "" --step sort "]" "│ $raw │" \
       -- $VD "$DIR/m$n.toml"
done
