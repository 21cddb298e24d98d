#!/usr/bin/env bash
# compare.sh: build the same generated corpus with handboek, with the goldmark-only floor
# (bench/floor) and with Hugo, alternating, several runs each after a warm-up, and print the
# median wall time, its ratio to the floor, the median CPU time (user + system: less sensitive to
# other processes on a shared machine than wall time) and the median peak RSS of each.
#
# Usage: bench/compare.sh [N ...]          (default: 1000 10000)
# Environment:
#   RUNS=5         timed runs per tool and N (after one warm-up run each)
#   WORK=/tmp/handboek-bench   where binaries, corpora and outputs go
#   HUGO=hugo      the Hugo binary (Debian's package: apt-get install hugo); empty to skip Hugo
#
# Tools:
#   handboek        handboek build into a new output folder
#   handboek-again  handboek build again into the output folder of the run before (a rebuild)
#   floor           bench/floor: front matter + goldmark on all cores + write, nothing else
#   hugo            hugo --quiet into a new output folder, minimal layouts
#
# Every run writes into a folder that did not exist before, and nothing is deleted until all runs
# are timed. On ext4, creating files soon after many were deleted is slow: for each new inode the
# kernel skips the free inodes whose table block still holds a recent deletion (recently_deleted()
# in fs/ext4/ialloc.c; up to 5 minutes while that block is dirty). Deleting an output folder
# before each run made the next runs pay for it, several seconds at 10,000 pages and growing from
# run to run. A run of this script deletes its outputs at the end, so wait five minutes before the
# next one if the disk is ext4.
#
# Each run starts after `sync`, untimed: the kernel writes a run's files to disk some 30 seconds
# after the run (vm.dirty_expire_centisecs), and without it that work landed on whichever run
# came then, mostly on another tool's. handboek writes 180 MB at 10,000 pages, the floor 33 MB.
# Needs GNU time at /usr/bin/time (Debian package "time").
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
WORK=${WORK:-/tmp/handboek-bench}
HUGO=${HUGO-hugo}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000)

if [ ! -x /usr/bin/time ]; then
	echo "compare.sh: /usr/bin/time is missing (apt-get install time)" >&2
	exit 2
fi
if [ -n "$HUGO" ] && ! command -v "$HUGO" >/dev/null; then
	echo "compare.sh: $HUGO not found; Hugo is skipped (apt-get install hugo, or HUGO= to silence this)" >&2
	HUGO=
fi

# Outputs of an interrupted earlier run are moved aside now and deleted at the end, with ours.
OUT="$WORK/out"
if [ -e "$OUT" ]; then mv "$OUT" "$WORK/old-out.$$"; fi
mkdir -p "$OUT"
go build -o "$WORK/handboek" .
go build -o "$WORK/floor" ./bench/floor
go build -o "$WORK/gen" ./bench/gen

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(uname -sr), $(go version | cut -d' ' -f3)${HUGO:+, $($HUGO version | cut -d' ' -f1-2)}"
echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# timed LABEL CMD...: syncs, then runs CMD under GNU time, appends "wall-seconds kilobytes cpu-seconds" to
# $WORK/LABEL.times.
timed() {
	local label=$1
	shift
	sync
	/usr/bin/time -f "%e %M %U %S" -o "$WORK/time.out" "$@" >/dev/null 2>"$WORK/stderr.out" || {
		echo "compare.sh: $label failed:" >&2
		cat "$WORK/stderr.out" >&2
		exit 1
	}
	awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}' "$WORK/time.out" >>"$WORK/$label.times"
}

median() { sort -n | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

for n in "${SIZES[@]}"; do
	corpus="$WORK/corpus-$n"
	[ -d "$corpus/handboek" ] || "$WORK/gen" -n "$n" -out "$corpus" >/dev/null
	tools=(handboek handboek-again floor)
	[ -n "$HUGO" ] && tools+=(hugo)
	for t in "${tools[@]}"; do rm -f "$WORK/$t-$n.times"; done
	for run in $(seq 0 "$RUNS"); do
		for t in "${tools[@]}"; do
			label="$t-$n"
			[ "$run" = 0 ] && label="warmup"
			case $t in
			handboek)
				timed "$label" "$WORK/handboek" build -source "$corpus/handboek" -dest "$OUT/hb-$n-$run"
				;;
			handboek-again)
				timed "$label" "$WORK/handboek" build -source "$corpus/handboek" -dest "$OUT/hb-$n-$run"
				;;
			floor)
				timed "$label" "$WORK/floor" -source "$corpus/handboek" -dest "$OUT/floor-$n-$run"
				;;
			hugo)
				timed "$label" "$HUGO" --quiet -s "$corpus/hugo" -d "$OUT/hugo-$n-$run"
				;;
			esac
		done
	done
	floor=$(cut -d' ' -f1 "$WORK/floor-$n.times" | median)
	echo
	echo "N=$n ($RUNS runs each, medians)"
	floorcpu=$(cut -d' ' -f3 "$WORK/floor-$n.times" | median)
	printf '%-16s %10s %10s %10s %10s %12s\n' tool "wall s" "× floor" "CPU s" "× floor" "peak RSS MB"
	for t in "${tools[@]}"; do
		s=$(cut -d' ' -f1 "$WORK/$t-$n.times" | median)
		kb=$(cut -d' ' -f2 "$WORK/$t-$n.times" | median)
		cpu=$(cut -d' ' -f3 "$WORK/$t-$n.times" | median)
		printf '%-16s %10.2f %10.2f %10.2f %10.2f %12.0f\n' "$t" "$s" "$(echo "$s / $floor" | bc -l)" \
			"$cpu" "$(echo "$cpu / $floorcpu" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
	done
	echo "all runs (wall-s KB cpu-s):"
	for t in "${tools[@]}"; do echo "  $t: $(tr '\n' ' ' <"$WORK/$t-$n.times")"; done
done
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$OUT" "$WORK"/old-out.*
