#!/usr/bin/env bash
# The peer comparison in BENCHMARKS.md: labdash on the TOML; tabiew, csvlens and VisiData on the CSV of
# the same rows (the Models view's columns), each timed in tmux by scripts/peers.sh, on the
# generator's files and on the issue's "any file" (examples/copies).
#
# Needs: target/release/labdash and examples gen and copies (`cargo build --release --examples`), and
# the peers on PATH or given as TABIEW=… CSVLENS=… VD=… (e.g. `cargo install tabiew --version
# 0.15.1 --locked`, `cargo install csvlens --version 0.15.1 --locked`, `pip install visidata==3.4`);
# a peer that is not installed is skipped. Writes data to $DIR (default /tmp/peers) and results
# (TSV) to $DIR/results.tsv. Slow: the 1M-model runs take several minutes
# (FILES="gen:100000 copies:100000" for 100k only).
set -u
cd "$(dirname "$0")/.."
DIR=${DIR:-/tmp/peers}
P=scripts/peers.sh
R=$DIR/results.tsv
L=target/release/labdash
C=${CSVLENS:-csvlens}
T=${TABIEW:-tw}
VD_BIN=${VD:-vd}
VD=$VD_BIN
VD="env HOME=$DIR/vdhome $VD --motd-url="
L8="l l l l l l l l"
mkdir -p "$DIR/vdhome"
# FILES: which data files, as KIND:N pairs. gen = examples/gen, copies = examples/copies (the
# issue's "any file": the bundled models copied, written by the toml crate's writer).
FILES=${FILES:-gen:100000 copies:100000 gen:1000000 copies:1000000}
for f in $FILES; do
    kind=${f%%:*}; n=${f##*:}; base=$DIR/$kind$n
    if [ ! -f "$base.toml" ]; then
        if [ "$kind" = gen ]; then target/release/examples/gen --models $n --out "$base.toml"
        else target/release/examples/copies --models $n --out "$base.toml"; fi
    fi
    # The columns the dashboard shows (the export's qualifier columns, `chips_kind` & co., dropped),
    # so that chips is the 9th column in every tool.
    [ -f "$base.csv" ] || $L export "$base.toml" --view models --format csv | python3 -c '
import csv, sys
rows = csv.reader(sys.stdin); head = next(rows)
keep = [i for i, h in enumerate(head) if not h.endswith(("_kind", "_max", "_currency", "_confidence", "_provenance", "_disputed", "_claim"))]
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow([head[i] for i in keep])
for r in rows: out.writerow([r[i] for i in keep])' > "$base.csv"
done
# What "sorted" looks like: the largest chips figure that no row among the first 200 has, so that
# it appears on screen only once the rows are sorted by chips, descending (gen: the unique largest,
# 199,990 at 100k; copies: 32,276, below two originals that are on the first screen anyway).
target() {
    python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
def num(x):
    try: return float(x)
    except ValueError: return None
first = {num(r["chips"]) for r in rows[:200]}
print(int(max(v for v in (num(r["chips"]) for r in rows[200:]) if v is not None and v not in first)))
PY
}
# The first row a viewer shows: the file's first model.
first_name() { python3 -c 'import csv,sys; print(next(csv.DictReader(open(sys.argv[1])))["name"])' "$1"; }
for f in $FILES; do
    kind=${f%%:*}; n=${f##*:}; base=$DIR/$kind$n
    raw=$(target "$base.csv")
    t=$(echo "$raw" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')
    name=$(first_name "$base.csv")
    $P -o $R -t 300 -l labdash/toml/$kind$n --step first "" "$name " --step loaded "" "Models $n of $n" \
       --step move "$L8" "" --step sort "] g" "[^0-9,]$t[^0-9,]" -- $L "$base.toml"
    command -v "$T" > /dev/null && $P -o $R -t 300 -l tabiew/csv/$kind$n -q "Q" --step first "" "$name " --step loaded "" "Shape +$n x" \
       --step sort ": o Space c h i p s Space d e s c Enter" "[^0-9.]$raw[^0-9.]" -- $T "$base.csv"
    command -v "$C" > /dev/null && $P -o $R -t 300 -l csvlens/csv/$kind$n --step first "" "$name " --step loaded "" "Row 1/$n," \
       --step move "Tab $L8" "" --step sort "J J" "[^0-9.]$raw[^0-9.]" -- $C "$base.csv"
    command -v "${VD_BIN:-vd}" > /dev/null || continue
    $P -o $R -t 90 -l visidata/csv/$kind$n -q "g q" --step first "" "$name " --step loaded "" "$kind$n\\| +$n rows" \
       --step move "$L8 #" "" --step sort "]" "│ $raw │" -- $VD "$base.csv"
done
