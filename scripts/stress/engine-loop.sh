#!/usr/bin/env bash
# Issue 20: run the engine-test files RUNS times in a row (default 20) while two busy loops hold
# both cores, and count failed runs. The engine tests run the four nodes through n8n-core against
# the emulator; a loaded worker used to fail valid items with n8n's "Regular expression execution
# timed out" (resource-locator validation runs in a vm with a 250 ms timeout).
#
#   scripts/stress/engine-loop.sh [RUNS]        (after npm install and npm run build)
#
# jest runs as in CI (CI=true: 2 workers). Each run's output goes to $LOG_DIR/run-N.log; the last line
# is "N runs, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-20}"
LOG_DIR="${LOG_DIR:-test-results/engine-loop}"
mkdir -p "$LOG_DIR"

busy=()
for cpu in 0 1; do
	taskset -c "$cpu" bash -c 'while :; do :; done' &
	busy+=($!)
done
trap 'kill "${busy[@]}" 2>/dev/null' EXIT

FILES=(test/nodes/*.test.ts test/faults/badInput.test.ts test/foundation/regexTimeout.test.ts test/foundation/errorOutput.test.ts test/foundation/cancellation.test.ts)
failed=0
for run in $(seq 1 "$RUNS"); do
	started=$(date +%s)
	if CI=true npx jest --ci "${FILES[@]}" > "$LOG_DIR/run-$run.log" 2>&1; then result=passed; else result=FAILED; failed=$((failed + 1)); fi
	tests=$(grep -E '^Tests:' "$LOG_DIR/run-$run.log" | tail -1)
	echo "run $run: $result in $(($(date +%s) - started)) s, load $(cut -d' ' -f1 /proc/loadavg) · $tests"
done
echo "$RUNS runs, $failed failed"
exit $((failed > 0))
