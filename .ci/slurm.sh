#!/usr/bin/env bash
# The Slurm integration test of 'brainsim sweep --slurm': starts a real
# single-node Slurm cluster on this machine from Debian's packages
# (.ci/slurm-local.sh installs slurmctld, slurmd, slurm-client and munge if
# they are missing, after apt-get update), runs cmd/brainsim's TestSlurm,
# which is skipped unless BRAINSIM_SLURM=1 (it submits a sweep as a job
# array and a merge job depending on it, and checks that the merged
# results.csv equals a local sweep's byte for byte) and TestSlurmABC (an
# ABC calibration of 2 generations as chained job arrays and merges, its
# outputs equal to a local calibration's; ~30 s with -race on 2 cores),
# and stops the cluster whatever happens. Safe to run again: nothing is installed twice and a
# running cluster is reused.
#
# Needs root, or sudo without a password, to install the packages and run
# the daemons. The cluster lives in $SLURM_LOCAL_DIR (default
# /tmp/brainsim-slurm) with ports of its own (26837, 26838), so it does not
# touch /etc/slurm and can run beside another local cluster.
set -euo pipefail
cd "$(dirname "$0")/.."

export SLURM_LOCAL_DIR=${SLURM_LOCAL_DIR:-${TMPDIR:-/tmp}/brainsim-slurm}
export SLURM_LOCAL_CTLD_PORT=${SLURM_LOCAL_CTLD_PORT:-26837}
export SLURM_LOCAL_SLURMD_PORT=${SLURM_LOCAL_SLURMD_PORT:-26838}

as_root=()
if [ "$(id -u)" != 0 ]; then
  as_root=(sudo --preserve-env=SLURM_LOCAL_DIR,SLURM_LOCAL_CTLD_PORT,SLURM_LOCAL_SLURMD_PORT)
fi

finish() {
  status=$?
  if [ "$status" != 0 ] && [ -d "$SLURM_LOCAL_DIR/log" ]; then
    echo "== the cluster's logs (the test failed)"
    for f in "$SLURM_LOCAL_DIR"/log/slurmctld.log "$SLURM_LOCAL_DIR"/log/slurmd.log; do
      [ -f "$f" ] && { echo "-- $f"; tail -n 40 "$f"; }
    done
  fi
  echo "== stopping the Slurm cluster"
  "${as_root[@]}" bash .ci/slurm-local.sh down || true
  exit "$status"
}
trap finish EXIT

echo "== starting a single-node Slurm cluster in $SLURM_LOCAL_DIR"
"${as_root[@]}" bash .ci/slurm-local.sh up
eval "$(bash .ci/slurm-local.sh env)"
export SLURM_CONF

if [ "$(id -u)" = 0 ]; then
  # Tells a broken cluster apart from a broken brainsim.
  echo "== smoke test: a 4-task array job"
  bash .ci/slurm-local.sh test "$SLURM_LOCAL_DIR/smoke"
fi

echo "== Slurm integration tests (sweep as a job array and merge; ABC calibration as chained arrays and merges; both compared with a local run)"
start=$SECONDS
BRAINSIM_SLURM=1 go test -race -count=1 -run '^TestSlurm(ABC)?$' -v ./cmd/brainsim/
echo "== Slurm integration test passed in $((SECONDS - start))s"
