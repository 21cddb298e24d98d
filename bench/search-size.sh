#!/usr/bin/env bash
# Search size and speed on the generated benchmark corpus (issue 4, item 5): bytes fetched for a
# first and a second query, and the search index's share of the build time.
#
#   bench/search-size.sh [N] [first query] [second query]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
q1=${2:-secretaris}
q2=${3:-adviseur}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go run ./bench/gen -n "$n" -out "$dir" >/dev/null
echo "corpus: $n pages (go run ./bench/gen -n $n), $(date -u +%Y-%m-%d), $(go env GOOS)/$(go env GOARCH), $(nproc) cores"
go run ./bench/searchsize -source "$dir/handboek" -q1 "$q1" -q2 "$q2"
